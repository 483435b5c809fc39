import type { CustomObjectsApi } from '@kubernetes/client-node';
import { type Edition, group, type Tenant, version } from '../api/v1alpha1/index.ts';
import type { Informer } from '../runtime/informer.ts';

/** Keeps an Edition's status.tenants (the TENANTS column) at the number of its tenants. */
export async function reconcileEditionStatus(
  name: string,
  editions: Informer<Edition>,
  tenants: Informer<Tenant>,
  api: CustomObjectsApi,
  onWrite: () => void,
): Promise<void> {
  const edition = editions.get(name);
  if (!edition) return;
  const status = {
    observedGeneration: edition.metadata.generation,
    tenants: tenants.list().filter((tenant) => tenant.spec.edition === name).length,
  };
  if (
    edition.status?.tenants === status.tenants &&
    edition.status?.observedGeneration === status.observedGeneration
  ) {
    return;
  }
  onWrite();
  // Carries the resourceVersion read: a conflict fails and the queue retries with fresh data.
  await api.replaceClusterCustomObjectStatus({
    group,
    version,
    plural: 'editions',
    name,
    body: { ...edition, status },
  });
}
