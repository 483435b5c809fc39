#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PolicyEngine } from '@inopsio/policies';
import type { KubeConfig } from '@kubernetes/client-node';
import { equalitySelector } from './admission/configuration.ts';
import { webhookServiceName } from './admission/webhook.ts';
/**
 * The operator's entry point: `node operator/main.ts [flags]`. Every flag has an environment
 * variable; flags win. In a cluster it uses its service account; elsewhere $KUBECONFIG.
 */
import { durationMs } from './api/v1alpha1/index.ts';
import { defaultConfig, type OperatorConfig } from './controller/config.ts';
import { Operator, type PolicyOptions } from './controller/operator.ts';
import {
  defaultReleaseFile,
  loadRelease,
  type Release,
  releaseRegistries,
} from './controller/release.ts';
import type { Planes } from './controller/steps/pipeline.ts';
import { PostgresAdmin } from './data/postgres.ts';
import { Keycloak } from './identity/keycloak.ts';
import { loadKubeconfig } from './runtime/kubeconfig.ts';
import { createLogger } from './runtime/logger.ts';
import { VaultPlatformSetup } from './secrets/platform-setup.ts';
import { tokenReviewAccess } from './secrets/token-review.ts';
import { defaultVaultLayout, Vault } from './secrets/vault.ts';

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
  'vault-address': {
    env: 'INOPSIO_VAULT_ADDRESS',
    help: 'Vault (or OpenBao) URL for the secrets step; token from $INOPSIO_VAULT_TOKEN',
  },
  'vault-mount': {
    env: 'INOPSIO_VAULT_MOUNT',
    help: "KV v2 mount of the tenants' secrets",
    fallback: defaultVaultLayout.mount,
  },
  'vault-kubernetes-mount': {
    env: 'INOPSIO_VAULT_KUBERNETES_MOUNT',
    help: 'mount of the Kubernetes auth method',
    fallback: defaultVaultLayout.kubernetesMount,
  },
  'vault-recheck': {
    env: 'INOPSIO_VAULT_RECHECK',
    help: "how long an unchanged tenant's Vault objects go unread (hand edits corrected within)",
    fallback: '15m',
  },
  'vault-kubernetes-host': {
    env: 'INOPSIO_VAULT_KUBERNETES_HOST',
    help: "API server URL as Vault reaches it (default the kubeconfig's)",
  },
  'keycloak-url': {
    env: 'INOPSIO_KEYCLOAK_URL',
    help: 'Keycloak URL for the identity step; password from $INOPSIO_KEYCLOAK_ADMIN_PASSWORD',
  },
  'keycloak-admin-user': {
    env: 'INOPSIO_KEYCLOAK_ADMIN_USER',
    help: 'Keycloak admin user (master realm)',
    fallback: 'admin',
  },
  'keycloak-public-url': {
    env: 'INOPSIO_KEYCLOAK_PUBLIC_URL',
    help: 'Keycloak URL users reach, for issuers (default --keycloak-url)',
  },
  'smtp-host': { env: 'INOPSIO_SMTP_HOST', help: "tenant realms' outgoing mail server" },
  'smtp-port': { env: 'INOPSIO_SMTP_PORT', help: 'its port', fallback: '587' },
  'smtp-from': { env: 'INOPSIO_SMTP_FROM', help: "tenant realms' sender address" },
  production: {
    env: 'INOPSIO_PRODUCTION',
    help: 'true: the policies require images pinned by digest',
    fallback: 'false',
  },
  'allowed-registries': {
    env: 'INOPSIO_ALLOWED_REGISTRIES',
    help: "registries workload images may come from, comma-separated (default the release's)",
  },
  'webhook-address': {
    env: 'INOPSIO_WEBHOOK_ADDRESS',
    help: 'host:port of the admission webhook (HTTPS); unset: no webhook',
  },
  'webhook-url': {
    env: 'INOPSIO_WEBHOOK_URL',
    help: `URL the API server calls the webhook at (default: Service ${webhookServiceName})`,
  },
  'webhook-configuration': {
    env: 'INOPSIO_WEBHOOK_CONFIGURATION',
    help: 'name of the ValidatingWebhookConfiguration (default the lease name)',
  },
  identity: { env: 'POD_NAME', help: 'this replica in the lease and Events (default host-pid)' },
  'log-level': { env: 'LOG_LEVEL', help: 'trace, debug, info, warn or error', fallback: 'info' },
} as const;
type Option = keyof typeof options;

function usage(): string {
  return [
    'Usage: node operator/main.ts [flags]',
    '',
    'Environment only (secrets): INOPSIO_POSTGRES_URL (an administrative PostgreSQL URL for the database',
    'step), INOPSIO_VAULT_TOKEN, INOPSIO_KEYCLOAK_ADMIN_PASSWORD.',
    '',
    ...Object.entries(options).map(
      ([flag, o]) =>
        `  --${`${flag} <value>`.padEnd(28)} ${o.help} [$${o.env}${'fallback' in o ? `, default ${o.fallback}` : ''}]`,
    ),
  ].join('\n');
}

function duration(text: string, flag: string): number {
  try {
    return durationMs(text);
  } catch (error) {
    throw new Error(`--${flag}: ${(error as Error).message}`);
  }
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} must be a positive integer, got '${text}'`);
  return value;
}

function address(text: string, flag = 'metrics-address'): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(text);
  if (!match) throw new Error(`--${flag} must be host:port, got '${text}'`);
  return { host: match[1] || '0.0.0.0', port: Number(match[2]) };
}

/**
 * The platform services the steps use, from flags and the environment. Secrets (the
 * PostgreSQL URL, the Vault token, the Keycloak password) come from the environment only,
 * never from flags, which `ps` shows.
 */
function platformPlanes(
  get: (flag: Option) => string | undefined,
  kubeconfig: KubeConfig,
  config: OperatorConfig,
): Planes {
  const env = process.env;
  const planes: Planes = {};
  if (env.INOPSIO_POSTGRES_URL) {
    planes.data = {
      admin: new PostgresAdmin(env.INOPSIO_POSTGRES_URL),
      snapshotDir: get('snapshot-dir') as string,
      migrationsDir: get('migrations-dir'),
    };
  }
  const vaultAddress = get('vault-address');
  if (vaultAddress) {
    if (!env.INOPSIO_VAULT_TOKEN)
      throw new Error(
        '--vault-address is set but INOPSIO_VAULT_TOKEN is not: set it in the environment',
      );
    const vault = new Vault({
      address: vaultAddress,
      token: env.INOPSIO_VAULT_TOKEN,
      mount: get('vault-mount') as string,
      kubernetesMount: get('vault-kubernetes-mount') as string,
    });
    const access = tokenReviewAccess(
      kubeconfig,
      config.leaseNamespace,
      get('vault-kubernetes-host'),
    );
    planes.secrets = {
      vault,
      setup: new VaultPlatformSetup(vault, access),
      recheckMs: duration(get('vault-recheck') as string, 'vault-recheck'),
    };
  }
  const keycloakUrl = get('keycloak-url');
  if (keycloakUrl) {
    if (!env.INOPSIO_KEYCLOAK_ADMIN_PASSWORD)
      throw new Error(
        '--keycloak-url is set but INOPSIO_KEYCLOAK_ADMIN_PASSWORD is not: set it in the environment',
      );
    const smtpHost = get('smtp-host');
    const smtp = smtpHost
      ? {
          host: smtpHost,
          port: get('smtp-port') as string,
          from: get('smtp-from') ?? `no-reply@${smtpHost}`,
          starttls: 'true',
        }
      : undefined;
    planes.identity = {
      keycloak: new Keycloak({
        url: keycloakUrl,
        adminUser: get('keycloak-admin-user') as string,
        adminPassword: env.INOPSIO_KEYCLOAK_ADMIN_PASSWORD,
        publicUrl: get('keycloak-public-url') ?? keycloakUrl,
      }),
      smtp,
    };
  }
  return planes;
}

/** The policies, the rules' settings and, when given an address, the admission webhook. */
async function policyOptions(
  get: (flag: Option) => string | undefined,
  config: OperatorConfig,
  release: Release,
): Promise<PolicyOptions> {
  const production = get('production');
  if (production !== 'true' && production !== 'false')
    throw new Error(`--production must be true or false, got '${production}'`);
  const webhookAddress = get('webhook-address');
  const webhookUrl = get('webhook-url');
  return {
    policies: await PolicyEngine.load(),
    production: production === 'true',
    allowedRegistries:
      get('allowed-registries')?.split(',').filter(Boolean) ?? releaseRegistries(release),
    ...(webhookAddress
      ? {
          webhook: {
            address: address(webhookAddress, 'webhook-address'),
            endpoint: webhookUrl
              ? { url: webhookUrl }
              : {
                  service: {
                    namespace: config.leaseNamespace,
                    name: webhookServiceName,
                    port: 443,
                  },
                },
            configurationName: get('webhook-configuration') ?? config.leaseName,
            namespace: config.leaseNamespace,
            objectSelector: equalitySelector(config.tenantSelector),
          },
        }
      : {}),
  };
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
    resyncMs: duration(get('resync') as string, 'resync'),
  };
  const planes = platformPlanes(get, kubeconfig, config);
  const release = loadRelease(get('release'));
  const policy = await policyOptions(get, config, release);
  const operator = new Operator({
    kubeconfig,
    config,
    release,
    policy,
    log,
    http: address(get('metrics-address') as string),
    identity: get('identity'),
    planes,
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
