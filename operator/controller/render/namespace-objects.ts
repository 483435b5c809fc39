import type { KubernetesObject } from '@kubernetes/client-node';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Edition, Tenant } from '../../api/v1alpha1/index.ts';
import { parseQuantity } from '../../runtime/quantity.ts';
import type { OperatorConfig } from '../config.ts';
import { tenantNamespace, workloadServiceAccount } from '../constants.ts';
import { ownerReference, tenantLabels } from './common.ts';

/** A quantity times a factor, as a quantity (CPU in millicores, memory in bytes). */
const times = (quantity: string, factor: number, unit: 'cpu' | 'memory') => {
  const value = (parseQuantity(quantity) ?? 0) * factor;
  return unit === 'cpu' ? `${Math.round(value * 1000)}m` : `${Math.round(value)}`;
};

const quantities = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, k8s.Quantity.fromString(value)]),
  );

const fromNamespace = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/**
 * Everything the Namespace step keeps in place for a tenant: the namespace under Pod
 * Security `restricted`, its ResourceQuota and LimitRange from the edition, network policy
 * that denies all but the gateway's traffic in and DNS, platform and same-namespace traffic
 * out, and the service account the workloads run as.
 */
export function renderNamespaceObjects(
  tenant: Tenant,
  edition: Edition,
  config: Pick<OperatorConfig, 'gatewayNamespace' | 'platformNamespace'>,
): KubernetesObject[] {
  const name = tenantNamespace(tenant.metadata.name);
  const owned = {
    labels: tenantLabels(tenant, edition),
    ownerReferences: [ownerReference(tenant)],
  };
  const inNamespace = { ...owned, namespace: name };
  const chart = new Chart(new App(), 'namespace');
  const { quota, defaultProfile } = edition.spec.resources;

  new k8s.KubeNamespace(chart, 'namespace', {
    metadata: {
      name,
      ...owned,
      labels: {
        ...owned.labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    },
  });
  new k8s.KubeResourceQuota(chart, 'quota', {
    metadata: { name: 'tenant-quota', ...inNamespace },
    spec: {
      hard: quantities({
        'requests.cpu': quota.cpu,
        'requests.memory': quota.memory,
        'limits.cpu': times(quota.cpu, 2, 'cpu'),
        'limits.memory': times(quota.memory, 2, 'memory'),
        pods: String(quota.pods),
      }),
    },
  });
  new k8s.KubeLimitRange(chart, 'limits', {
    metadata: { name: 'tenant-defaults', ...inNamespace },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: quantities(defaultProfile.requests),
          default: quantities(defaultProfile.limits),
        },
      ],
    },
  });
  new k8s.KubeNetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny', ...inNamespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  new k8s.KubeNetworkPolicy(chart, 'allow-ingress', {
    metadata: { name: 'allow-gateway-ingress', ...inNamespace },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [fromNamespace(config.gatewayNamespace), { podSelector: {} }] }],
    },
  });
  new k8s.KubeNetworkPolicy(chart, 'allow-egress', {
    metadata: { name: 'allow-platform-egress', ...inNamespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [fromNamespace('kube-system')],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
        { to: [fromNamespace(config.platformNamespace), { podSelector: {} }] },
      ],
    },
  });
  new k8s.KubeServiceAccount(chart, 'workload-account', {
    metadata: { name: workloadServiceAccount, ...inNamespace },
  });
  return chart.toJson() as KubernetesObject[];
}
