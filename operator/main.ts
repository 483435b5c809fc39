#!/usr/bin/env node
import { parseArgs } from 'node:util';
/**
 * The operator's entry point: `node operator/main.ts [flags]`. Every flag has an environment
 * variable; flags win. In a cluster it uses its service account; elsewhere $KUBECONFIG.
 */
import { defaultConfig, type OperatorConfig } from './controller/config.ts';
import { Operator } from './controller/operator.ts';
import { defaultReleaseFile, loadRelease } from './controller/release.ts';
import { PostgresAdmin } from './data/postgres.ts';
import { loadKubeconfig } from './runtime/kubeconfig.ts';
import { createLogger } from './runtime/logger.ts';

const options = {
  kubeconfig: { env: 'KUBECONFIG', help: 'kubeconfig file; in a pod, its service account' },
  'metrics-address': {
    env: 'INOPSIO_METRICS_ADDRESS',
    help: 'host:port of /metrics, /healthz, /readyz',
    fallback: '127.0.0.1:8080',
  },
  workers: {
    env: 'INOPSIO_WORKERS',
    help: 'tenants reconciled at once',
    fallback: String(defaultConfig.workers),
  },
  resync: {
    env: 'INOPSIO_RESYNC',
    help: 'how often every tenant is checked again (e.g. 10m)',
    fallback: '10m',
  },
  'lease-namespace': {
    env: 'INOPSIO_LEASE_NAMESPACE',
    help: 'namespace of the leader Lease',
    fallback: defaultConfig.leaseNamespace,
  },
  'lease-name': {
    env: 'INOPSIO_LEASE_NAME',
    help: 'name of the leader Lease',
    fallback: defaultConfig.leaseName,
  },
  'tenant-selector': {
    env: 'INOPSIO_TENANT_SELECTOR',
    help: 'label selector of the Tenants to serve (shards; default all)',
    fallback: '',
  },
  'gateway-namespace': {
    env: 'INOPSIO_GATEWAY_NAMESPACE',
    help: 'namespace allowed into tenant namespaces',
    fallback: defaultConfig.gatewayNamespace,
  },
  'platform-namespace': {
    env: 'INOPSIO_PLATFORM_NAMESPACE',
    help: 'namespace tenant workloads may reach',
    fallback: defaultConfig.platformNamespace,
  },
  'event-namespace': {
    env: 'INOPSIO_EVENT_NAMESPACE',
    help: 'namespace of Events about Tenants and Editions',
    fallback: defaultConfig.eventNamespace,
  },
  release: {
    env: 'INOPSIO_RELEASE',
    help: 'release manifest (module images)',
    fallback: defaultReleaseFile,
  },
  'snapshot-dir': {
    env: 'INOPSIO_SNAPSHOT_DIR',
    help: 'where Snapshot deletions write tenant data',
    fallback: '/var/lib/inopsio/snapshots',
  },
  'migrations-dir': {
    env: 'INOPSIO_MIGRATIONS_DIR',
    help: "folder of the modules' migrations (<module>/prisma/migrations; default the release's)",
  },
  identity: { env: 'POD_NAME', help: 'this replica in the lease and Events (default host-pid)' },
  'log-level': { env: 'LOG_LEVEL', help: 'trace, debug, info, warn or error', fallback: 'info' },
} as const;
type Option = keyof typeof options;

function usage(): string {
  return [
    'Usage: node operator/main.ts [flags]',
    '',
    'Environment only: INOPSIO_POSTGRES_URL, an administrative PostgreSQL URL for the database step.',
    '',
    ...Object.entries(options).map(
      ([flag, o]) =>
        `  --${`${flag} <value>`.padEnd(28)} ${o.help} [$${o.env}${'fallback' in o ? `, default ${o.fallback}` : ''}]`,
    ),
  ].join('\n');
}

function durationMs(text: string, flag: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`--${flag} must be a duration such as 30s, 10m or 1h, got '${text}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} must be a positive integer, got '${text}'`);
  return value;
}

function address(text: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(text);
  if (!match) throw new Error(`--metrics-address must be host:port, got '${text}'`);
  return { host: match[1] || '0.0.0.0', port: Number(match[2]) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(
        Object.keys(options).map((flag) => [flag, { type: 'string' as const }]),
      ),
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const get = (flag: Option): string | undefined => {
    const option = options[flag];
    return (
      (values as Record<string, string | undefined>)[flag] ??
      process.env[option.env] ??
      ('fallback' in option ? option.fallback : undefined)
    );
  };
  const log = createLogger(get('log-level'));
  const kubeconfig = loadKubeconfig(get('kubeconfig'));
  const config: OperatorConfig = {
    gatewayNamespace: get('gateway-namespace') as string,
    platformNamespace: get('platform-namespace') as string,
    leaseNamespace: get('lease-namespace') as string,
    leaseName: get('lease-name') as string,
    tenantSelector: get('tenant-selector') as string,
    eventNamespace: get('event-namespace') as string,
    workers: positiveInteger(get('workers') as string, 'workers'),
    resyncMs: durationMs(get('resync') as string, 'resync'),
  };
  // A secret: taken from the environment only, never from a flag (ps shows flags).
  const postgresUrl = process.env.INOPSIO_POSTGRES_URL;
  const operator = new Operator({
    kubeconfig,
    config,
    release: loadRelease(get('release')),
    log,
    http: address(get('metrics-address') as string),
    identity: get('identity'),
    data: postgresUrl
      ? {
          admin: new PostgresAdmin(postgresUrl),
          snapshotDir: get('snapshot-dir') as string,
          migrationsDir: get('migrations-dir'),
        }
      : undefined,
  });
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down: finishing running reconciles');
      stop.abort();
    });
  }
  log.info({ server: kubeconfig.getCurrentCluster()?.server, ...config }, 'starting');
  const outcome = await operator.run(stop.signal);
  // A replica that lost the lease exits so that it starts again clean, as a standby.
  return outcome === 'lost' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
