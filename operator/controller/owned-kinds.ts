import type { OwnedKind } from '../runtime/owned-objects.ts';

/** Every kind of object the operator makes: cached, watched, applied and pruned. */
export const ownedKinds: readonly OwnedKind[] = [
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', group: '' },
  { apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', group: '' },
  { apiVersion: 'v1', kind: 'LimitRange', plural: 'limitranges', group: '' },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', group: '' },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', group: '' },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', group: '' },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    group: 'networking.k8s.io',
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', group: 'apps' },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    group: 'autoscaling',
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    group: 'policy',
  },
  {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    plural: 'policyreports',
    group: 'wgpolicyk8s.io',
  },
  {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'ClusterPolicyReport',
    plural: 'clusterpolicyreports',
    group: 'wgpolicyk8s.io',
  },
];
