import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { EditionSpec, EditionStatus } from './edition.ts';
import type { TenantSpec, TenantStatus } from './tenant.ts';

export const group = 'platform.inopsio.io';
export const version = 'v1alpha1';
export const apiVersion = `${group}/${version}`;

/** A plan: the modules, isolation, identity, sizes and policies its tenants get. */
export interface Edition {
  apiVersion: typeof apiVersion;
  kind: 'Edition';
  metadata: V1ObjectMeta & { name: string };
  spec: EditionSpec;
  status?: EditionStatus;
}

/** One customer organisation on an edition. */
export interface Tenant {
  apiVersion: typeof apiVersion;
  kind: 'Tenant';
  metadata: V1ObjectMeta & { name: string };
  spec: TenantSpec;
  status?: TenantStatus;
}

export const editionResource = {
  kind: 'Edition',
  plural: 'editions',
  singular: 'edition',
  shortNames: ['ed'],
} as const;
export const tenantResource = {
  kind: 'Tenant',
  plural: 'tenants',
  singular: 'tenant',
  shortNames: ['tn'],
} as const;
