import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, Component, Context } from '../component.ts';
import { mavenUnpack } from '../obtain/maven.ts';
import { findJavaHome } from '../obtain/prerequisites.ts';
import { expectOk } from '../probe.ts';
import { versions } from '../versions.ts';

const artifactDir = (ctx: Context) => join(ctx.settings.cacheDir, 'keycloak', versions.keycloak);
const homeDir = (ctx: Context) => join(artifactDir(ctx), `keycloak-${versions.keycloak}`);

export const keycloakArtifact: Artifact = {
  name: 'keycloak',
  version: versions.keycloak,
  isCached: (ctx) => existsSync(join(homeDir(ctx), 'bin', 'kc.sh')),
  async obtain(ctx) {
    const partial = `${artifactDir(ctx)}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await mavenUnpack(
      'keycloak',
      `org.keycloak:keycloak-quarkus-dist:${versions.keycloak}:zip`,
      partial,
      ctx.report,
    );
    await rm(artifactDir(ctx), { recursive: true, force: true });
    await rename(partial, artifactDir(ctx));
  },
};

export const keycloakUrl = (ctx: Context) => `http://127.0.0.1:${ctx.settings.ports.keycloak}`;
export const keycloakAdminUser = 'admin';

export const keycloak: Component = {
  name: 'keycloak',
  artifact: keycloakArtifact,
  needs: [],
  ports: ['keycloak', 'keycloakManagement'],
  // The first start of a version builds (augments) the server: a minute or more on 2 cores.
  startTimeoutMs: 300_000,
  async prepare(ctx) {
    await mkdir(ctx.state.data('keycloak'), { recursive: true, mode: 0o700 });
  },
  process(ctx) {
    const database = join(ctx.state.data('keycloak'), 'keycloakdb');
    return {
      command: join(homeDir(ctx), 'bin', 'kc.sh'),
      args: [
        'start-dev',
        '--http-host=127.0.0.1',
        `--http-port=${ctx.settings.ports.keycloak}`,
        `--http-management-port=${ctx.settings.ports.keycloakManagement}`,
        '--health-enabled=true',
        // A file database in the state folder, so realms survive a restart.
        '--db=dev-file',
        `--db-url=jdbc:h2:file:${database};NON_KEYWORDS=VALUE`,
        '--cache=local',
      ],
      env: {
        ...process.env,
        JAVA_HOME: findJavaHome(21, 'to run Keycloak'),
        // Hundreds of realms and thousands of organizations (bench/identity) need more than 768 MB.
        JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx1536m',
        // Read only when the database has no admin yet, i.e. on the first start.
        KC_BOOTSTRAP_ADMIN_USERNAME: keycloakAdminUser,
        KC_BOOTSTRAP_ADMIN_PASSWORD: ctx.credentials.keycloakAdminPassword,
      },
    };
  },
  async probe(ctx) {
    await expectOk(`${keycloakUrl(ctx)}/realms/master`);
  },
};
