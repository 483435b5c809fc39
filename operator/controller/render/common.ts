import type { V1OwnerReference } from '@kubernetes/client-node';
import type { Edition, ModuleName, Profile, Tenant } from '../../api/v1alpha1/index.ts';
import { labels, managedBy } from '../constants.ts';

/** Makes the Tenant the controlling owner: its deletion takes the object with it. */
export const ownerReference = (tenant: Tenant): V1OwnerReference => ({
  apiVersion: tenant.apiVersion,
  kind: tenant.kind,
  name: tenant.metadata.name,
  uid: tenant.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

export const tenantLabels = (tenant: Tenant, edition: Edition): Record<string, string> => ({
  [labels.managedBy]: managedBy,
  [labels.partOf]: 'inopsio',
  [labels.tenant]: tenant.metadata.name,
  [labels.edition]: edition.metadata.name,
});

/** The module's profile: its own in the edition, else the edition's default. */
export const profileFor = (edition: Edition, module: ModuleName): Profile =>
  edition.spec.resources.profiles?.[module] ?? edition.spec.resources.defaultProfile;
