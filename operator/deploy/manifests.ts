import type { KubernetesObject } from '@kubernetes/client-node';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { webhookServiceName } from '../admission/webhook.ts';
import { defaultConfig } from '../controller/config.ts';
import { tokenReviewerName } from '../secrets/token-review.ts';
import { clusterRules, leaseRules } from './rbac.ts';

export const operatorName = 'inopsio-operator';

/**
 * Node flags the operator always runs with. Left alone, V8 lets the heap grow toward a
 * quarter of the machine's memory before collecting hard (557 MB RSS at 1,000 tenants); the
 * live heap is under 100 MB. A 320 MB old space and 8 MB semi-spaces keep RSS near 250 MB
 * with no loss of speed; 192 MB or 4 MB semi-spaces made provisioning ten times slower
 * (bench/README.md). kafkajs's negative-timer warning on Node 24 is noise (tulios/kafkajs#1751).
 */
export const operatorNodeFlags = [
  '--max-old-space-size=320',
  '--max-semi-space-size=8',
  '--disable-warning=TimeoutNegativeWarning',
];
const metricsPort = 8080;
const webhookPort = 9443;
const snapshotsPath = '/var/lib/inopsio/snapshots';

export interface OperatorManifestOptions {
  namespace?: string;
  image: string;
  replicas?: number;
  /** Vault's URL; its token comes from the Secret inopsio-operator-vault (key token). */
  vaultAddress?: string;
  /** Keycloak's URL; the admin password from the Secret inopsio-operator-keycloak (key password). */
  keycloakUrl?: string;
}

/**
 * The operator's least-privilege ClusterRole and leader-election Role, with their bindings to
 * its service account.
 */
export function renderRbac(namespace = defaultConfig.leaseNamespace): KubernetesObject[] {
  const chart = new Chart(new App(), 'rbac');
  const subjects = [{ kind: 'ServiceAccount', name: operatorName, namespace }];
  new kplus.k8s.KubeClusterRole(chart, 'cluster-role', {
    metadata: { name: operatorName },
    rules: clusterRules(),
  });
  new kplus.k8s.KubeClusterRoleBinding(chart, 'cluster-role-binding', {
    metadata: { name: operatorName },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: operatorName },
    subjects,
  });
  new kplus.k8s.KubeRole(chart, 'lease-role', {
    metadata: { name: `${operatorName}-leader-election`, namespace },
    rules: leaseRules,
  });
  new kplus.k8s.KubeRoleBinding(chart, 'lease-role-binding', {
    metadata: { name: `${operatorName}-leader-election`, namespace },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: `${operatorName}-leader-election`,
    },
    subjects,
  });
  new kplus.k8s.KubeServiceAccount(chart, 'account', {
    metadata: { name: operatorName, namespace },
  });
  // Vault checks tenants' service-account tokens with this account's (TokenReview).
  new kplus.k8s.KubeServiceAccount(chart, 'token-reviewer', {
    metadata: { name: tokenReviewerName, namespace },
  });
  new kplus.k8s.KubeClusterRoleBinding(chart, 'token-reviewer-binding', {
    metadata: { name: tokenReviewerName },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:auth-delegator',
    },
    subjects: [{ kind: 'ServiceAccount', name: tokenReviewerName, namespace }],
  });
  return chart.toJson() as KubernetesObject[];
}

/** A service's URL as a plain variable and its credentials from the Secret inopsio-operator-<name>. */
function secretBackedEnv(
  chart: Chart,
  name: string,
  urlVariable: string,
  url: string | undefined,
  keys: Record<string, string>,
): Record<string, kplus.EnvValue> {
  if (!url) return {};
  const secret = kplus.Secret.fromSecretName(chart, name, `${operatorName}-${name}`);
  return {
    [urlVariable]: kplus.EnvValue.fromValue(url),
    ...Object.fromEntries(
      Object.entries(keys).map(([variable, key]) => [
        variable,
        kplus.EnvValue.fromSecretValue({ secret, key }),
      ]),
    ),
  };
}

/**
 * The operator in a cluster: its namespace, and a Deployment of two replicas (one leads, one
 * stands by) with probes on /healthz and /readyz and a Service for /metrics.
 */
export function renderOperator(options: OperatorManifestOptions): KubernetesObject[] {
  const namespace = options.namespace ?? defaultConfig.leaseNamespace;
  const chart = new Chart(new App(), 'operator', { namespace });
  const labels = { 'app.kubernetes.io/name': operatorName, 'app.kubernetes.io/part-of': 'inopsio' };
  new kplus.k8s.KubeNamespace(chart, 'namespace', {
    metadata: {
      name: namespace,
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', ...labels },
    },
  });
  // Snapshots of deleted tenants' data outlive the pod.
  const snapshots = new kplus.PersistentVolumeClaim(chart, 'snapshots', {
    metadata: { name: `${operatorName}-snapshots`, labels },
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    storage: Size.gibibytes(20),
  });
  const probe = (path: string) =>
    kplus.Probe.fromHttpGet(path, {
      port: metricsPort,
      periodSeconds: Duration.seconds(10),
      failureThreshold: 3,
    });
  const deployment = new kplus.Deployment(chart, 'deployment', {
    metadata: { name: operatorName, labels },
    replicas: options.replicas ?? 2,
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'account', operatorName),
    automountServiceAccountToken: true,
    podMetadata: { labels },
    securityContext: { ensureNonRoot: true, user: 10001, group: 10001 },
    containers: [
      {
        name: 'operator',
        image: options.image,
        args: [
          '--metrics-address',
          `0.0.0.0:${metricsPort}`,
          // Every replica answers admission, through the Service below (ADR 11).
          '--webhook-address',
          `0.0.0.0:${webhookPort}`,
        ],
        ports: [
          { name: 'metrics', number: metricsPort },
          { name: 'webhook', number: webhookPort },
        ],
        envVariables: {
          NODE_OPTIONS: kplus.EnvValue.fromValue(operatorNodeFlags.join(' ')),
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          INOPSIO_LEASE_NAMESPACE: kplus.EnvValue.fromValue(namespace),
          // The administrative PostgreSQL URL is a secret: from a Secret, into the environment.
          INOPSIO_POSTGRES_URL: kplus.EnvValue.fromSecretValue({
            secret: kplus.Secret.fromSecretName(chart, 'postgres', `${operatorName}-postgres`),
            key: 'url',
          }),
          INOPSIO_SNAPSHOT_DIR: kplus.EnvValue.fromValue(snapshotsPath),
          ...secretBackedEnv(chart, 'vault', 'INOPSIO_VAULT_ADDRESS', options.vaultAddress, {
            INOPSIO_VAULT_TOKEN: 'token',
          }),
          ...secretBackedEnv(chart, 'keycloak', 'INOPSIO_KEYCLOAK_URL', options.keycloakUrl, {
            INOPSIO_KEYCLOAK_ADMIN_PASSWORD: 'password',
          }),
        },
        volumeMounts: [
          {
            path: snapshotsPath,
            volume: kplus.Volume.fromPersistentVolumeClaim(chart, 'snapshots-volume', snapshots),
          },
        ],
        liveness: probe('/healthz'),
        readiness: probe('/readyz'),
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
        },
        securityContext: {
          ensureNonRoot: true,
          user: 10001,
          group: 10001,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      },
    ],
  });
  deployment.exposeViaService({
    name: `${operatorName}-metrics`,
    ports: [{ name: 'metrics', port: metricsPort, targetPort: metricsPort }],
  });
  deployment.exposeViaService({
    name: webhookServiceName,
    ports: [{ name: 'https', port: 443, targetPort: webhookPort }],
  });
  return chart.toJson() as KubernetesObject[];
}
