import type { KubernetesObject } from '@kubernetes/client-node';
import type { Edition, Tenant } from '../../api/v1alpha1/index.ts';

/**
 * Rendered objects per tenant and step, kept while the tenant's and edition's generations
 * stay the same: a resync then costs a comparison with the cache, not a new render.
 */
export class RenderCache {
  private readonly entries = new Map<string, { key: string; objects: KubernetesObject[] }>();

  get(step: string, tenant: Tenant, edition: Edition, render: () => KubernetesObject[]) {
    const slot = `${step}/${tenant.metadata.name}`;
    const key = [
      tenant.metadata.uid,
      tenant.metadata.generation,
      edition.metadata.uid,
      edition.metadata.generation,
    ].join('/');
    const entry = this.entries.get(slot);
    if (entry?.key === key) return entry.objects;
    const objects = render();
    this.entries.set(slot, { key, objects });
    return objects;
  }

  forget(tenant: string): void {
    for (const slot of this.entries.keys()) {
      if (slot.endsWith(`/${tenant}`)) this.entries.delete(slot);
    }
  }
}
