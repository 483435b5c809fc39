import type { CustomObjectsApi } from '@kubernetes/client-node';
import { group, type Tenant, type TenantStatus, version } from '../api/v1alpha1/index.ts';
import { hasStatus } from '../runtime/errors.ts';
import { stableStringify } from '../runtime/object-diff.ts';

/** The resource's status changed under us in a way a retry cannot resolve. */
export class StaleObjectError extends Error {
  override name = 'StaleObjectError';
}

/**
 * Writes a Tenant's status through the status subresource, only when it differs from what is
 * stored, and returns the updated Tenant (undefined when nothing was written). The write carries the resourceVersion it was computed from; on a conflict it reads
 * the Tenant again and retries if the spec (generation) is unchanged, else gives up so the
 * next reconcile recomputes from the new spec.
 */
export async function writeTenantStatus(
  api: CustomObjectsApi,
  tenant: Tenant,
  status: TenantStatus,
  onWrite: () => void,
  attempts = 4,
): Promise<Tenant | undefined> {
  if (stableStringify(tenant.status ?? {}) === stableStringify(status)) return undefined;
  let current = tenant;
  for (let attempt = 1; ; attempt++) {
    try {
      onWrite();
      return (await api.replaceClusterCustomObjectStatus({
        group,
        version,
        plural: 'tenants',
        name: tenant.metadata.name,
        body: { ...current, status },
      })) as Tenant;
    } catch (error) {
      if (!hasStatus(error, 409) || attempt >= attempts) throw error;
      current = (await api.getClusterCustomObject({
        group,
        version,
        plural: 'tenants',
        name: tenant.metadata.name,
      })) as Tenant;
      if (current.metadata.generation !== tenant.metadata.generation) {
        throw new StaleObjectError(
          `tenant ${tenant.metadata.name} changed while its status was written; reconciling again`,
          { cause: error },
        );
      }
    }
  }
}
