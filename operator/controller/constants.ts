/** Names the operator writes into the cluster; changing one strands existing objects. */

export const fieldManager = 'inopsio-operator';
export const finalizer = 'platform.inopsio.io/finalizer';
export const controllerName = 'platform.inopsio.io/tenant-controller';

export const labels = {
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  tenant: 'platform.inopsio.io/tenant',
  edition: 'platform.inopsio.io/edition',
} as const;

export const managedBy = 'inopsio-operator';
/** The label selector of every object the operator owns. */
export const ownedSelector = `${labels.managedBy}=${managedBy}`;

/** Hash of the desired content last applied to an owned object. */
export const appliedHashAnnotation = 'platform.inopsio.io/applied-hash';

export const tenantNamespace = (tenant: string) => `tenant-${tenant}`;

/** The service account the tenant's workloads run as (Vault's Kubernetes auth binds to it). */
export const workloadServiceAccount = 'inopsio-workload';
