import type { V1PolicyRule } from '@kubernetes/client-node';
import { group } from '../api/v1alpha1/index.ts';
import { ownedKinds } from '../controller/owned-kinds.ts';
import { tokenReviewerName } from '../secrets/token-review.ts';

/** The cluster-wide permissions the operator needs, and no more: derived from what it owns. */
export function clusterRules(): V1PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const kind of ownedKinds)
    byGroup.set(kind.group, [...(byGroup.get(kind.group) ?? []), kind.plural]);
  return [
    { apiGroups: [group], resources: ['tenants', 'editions'], verbs: ['get', 'list', 'watch'] },
    // Finalizers are added and removed with a patch of the Tenant.
    { apiGroups: [group], resources: ['tenants'], verbs: ['patch', 'update'] },
    {
      apiGroups: [group],
      resources: ['tenants/status', 'editions/status'],
      verbs: ['get', 'update', 'patch'],
    },
    // Owner references that block deletion need this where OwnerReferencesPermissionEnforcement is on.
    { apiGroups: [group], resources: ['tenants/finalizers'], verbs: ['update'] },
    ...[...byGroup].map(([apiGroup, resources]) => ({
      apiGroups: [apiGroup],
      resources: resources.sort(),
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    })),
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    // Its admission webhook's registration (the CA bundle is set at start; an operator outside
    // the cluster removes it when it stops).
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: ['validatingwebhookconfigurations'],
      verbs: ['get', 'create', 'patch', 'delete'],
    },
  ];
}

/** The permissions in the operator's own namespace: its leader Lease, reviewer tokens. */
export const leaseRules: V1PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
  // Tokens for Vault's Kubernetes auth method to review tenants' tokens with (and no other).
  {
    apiGroups: [''],
    resources: ['serviceaccounts/token'],
    resourceNames: [tokenReviewerName],
    verbs: ['create'],
  },
];
