import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Context } from './component.ts';
import { etcdUrl } from './components/etcd.ts';
import { kafkaBrokers } from './components/kafka.ts';
import { keycloakAdminUser, keycloakUrl } from './components/keycloak.ts';
import {
  apiserverAuditLog,
  apiserverCaFile,
  apiserverUrl,
  kubernetesBinDir,
} from './components/kubernetes.ts';
import { openbaoAddress, openbaoBinDir } from './components/openbao.ts';
import { postgresConnection } from './components/postgres.ts';
import { resolveSettings } from './settings.ts';
import { statePaths } from './state.ts';

/** Where every tool and test finds the local platform: `<state>/endpoints.json`. */
export interface Endpoints {
  stateDir: string;
  kubernetes: {
    server: string;
    kubeconfig: string;
    caFile: string;
    token: string;
    /** Holds kubectl of the same version as the API server. */
    binDir: string;
    /** The API server's audit log of write requests (JSON lines). */
    auditLog: string;
  };
  etcd: { url: string };
  postgres: {
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
    url: string;
  };
  keycloak: { url: string; adminUser: string; adminPassword: string };
  /** binDir holds the `bao` command line. */
  openbao: { address: string; token: string; binDir: string };
  kafka: { brokers: string[] };
}

export function endpointsOf(ctx: Context): Endpoints {
  const pg = postgresConnection(ctx);
  return {
    stateDir: ctx.state.root,
    kubernetes: {
      server: apiserverUrl(ctx),
      kubeconfig: ctx.state.kubeconfig,
      caFile: apiserverCaFile(ctx),
      token: ctx.credentials.kubeAdminToken,
      binDir: kubernetesBinDir(ctx),
      auditLog: apiserverAuditLog(ctx),
    },
    etcd: { url: etcdUrl(ctx) },
    postgres: {
      ...pg,
      url: `postgresql://${pg.user}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/${pg.database}`,
    },
    keycloak: {
      url: keycloakUrl(ctx),
      adminUser: keycloakAdminUser,
      adminPassword: ctx.credentials.keycloakAdminPassword,
    },
    openbao: {
      address: openbaoAddress(ctx),
      token: ctx.credentials.openbaoRootToken,
      binDir: openbaoBinDir(ctx),
    },
    kafka: { brokers: kafkaBrokers(ctx) },
  };
}

const quote = (value: string | number) => `'${String(value).replaceAll("'", `'\\''`)}'`;

/** Shell `export` lines for the endpoints, for `eval "$(npm run --silent local -- env)"`. */
export function shellEnv(endpoints: Endpoints, endpointsFile: string): string {
  const { kubernetes, postgres, keycloak, openbao, kafka } = endpoints;
  const vars: Record<string, string | number> = {
    INOPSIO_ENDPOINTS: endpointsFile,
    KUBECONFIG: kubernetes.kubeconfig,
    PGHOST: postgres.host,
    PGPORT: postgres.port,
    PGUSER: postgres.user,
    PGPASSWORD: postgres.password,
    PGDATABASE: postgres.database,
    KEYCLOAK_URL: keycloak.url,
    KEYCLOAK_ADMIN_USER: keycloak.adminUser,
    KEYCLOAK_ADMIN_PASSWORD: keycloak.adminPassword,
    VAULT_ADDR: openbao.address,
    VAULT_TOKEN: openbao.token,
    BAO_ADDR: openbao.address,
    BAO_TOKEN: openbao.token,
    KAFKA_BROKERS: kafka.brokers.join(','),
  };
  return [
    ...Object.entries(vars).map(([name, value]) => `export ${name}=${quote(value)}`),
    `export PATH=${quote(kubernetes.binDir)}:${quote(openbao.binDir)}:"$PATH"`,
    '',
  ].join('\n');
}

export async function writeEndpoints(ctx: Context): Promise<Endpoints> {
  const endpoints = endpointsOf(ctx);
  await writeFile(ctx.state.endpoints, JSON.stringify(endpoints, null, 2), { mode: 0o600 });
  await writeFile(ctx.state.env, shellEnv(endpoints, ctx.state.endpoints), { mode: 0o600 });
  return endpoints;
}

/** The endpoints file named by $INOPSIO_ENDPOINTS, else the one of the default state folder. */
export function endpointsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.INOPSIO_ENDPOINTS ?? statePaths(resolveSettings(env).stateDir).endpoints;
}

/** Reads the endpoints of a running local platform; tests and tools start here. */
export function readEndpoints(file = endpointsFile()): Endpoints {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Endpoints;
  } catch (error) {
    throw new Error(
      `cannot read the local platform's endpoints at ${file}: start it with \`npm run local -- up\``,
      { cause: error },
    );
  }
}
