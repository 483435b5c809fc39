import type {
  V1CustomResourceColumnDefinition,
  V1CustomResourceDefinition,
  V1JSONSchemaProps,
} from '@kubernetes/client-node';
import type { TSchema } from 'typebox';
import { EditionSpec, EditionStatus } from './edition.ts';
import { editionResource, group, tenantResource, version } from './resources.ts';
import { TenantSpec, TenantStatus, tenantNameRules } from './tenant.ts';

/**
 * A TypeBox schema as the plain JSON the API server takes. A property with a default is
 * required in the TypeScript types (the API server always fills it in) but optional to
 * writers, so it leaves `required` here.
 */
function plain(schema: TSchema): V1JSONSchemaProps {
  return JSON.parse(JSON.stringify(schema), (_key, value) => {
    if (value?.type !== 'object' || !Array.isArray(value.required) || !value.properties)
      return value;
    const required = (value.required as string[]).filter(
      (name) => value.properties[name]?.default === undefined,
    );
    const { required: _, ...rest } = value;
    return required.length > 0 ? { ...rest, required } : rest;
  }) as V1JSONSchemaProps;
}

interface Definition {
  resource: { kind: string; plural: string; singular: string; shortNames: readonly string[] };
  description: string;
  spec: TSchema;
  status: TSchema;
  rootRules?: object;
  columns: V1CustomResourceColumnDefinition[];
}

function crd(definition: Definition): V1CustomResourceDefinition {
  const { resource } = definition;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${resource.plural}.${group}` },
    spec: {
      group,
      scope: 'Cluster',
      names: {
        kind: resource.kind,
        listKind: `${resource.kind}List`,
        plural: resource.plural,
        singular: resource.singular,
        shortNames: [...resource.shortNames],
        categories: ['inopsio'],
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            ...definition.columns,
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: definition.description,
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string', description: 'The versioned schema of this object.' },
                kind: { type: 'string', description: 'The REST resource this object represents.' },
                metadata: { type: 'object' },
                spec: plain(definition.spec),
                status: plain(definition.status),
              },
              ...(definition.rootRules ?? {}),
            },
          },
        },
      ],
    },
  };
}

export const editionCrd = crd({
  resource: editionResource,
  description:
    'An Edition is a plan: the service modules, database isolation, identity settings, resource sizes, secret rotation, backups, rate limit and placement that every tenant on it gets.',
  spec: EditionSpec,
  status: EditionStatus,
  columns: [
    { name: 'Display Name', type: 'string', jsonPath: '.spec.displayName' },
    { name: 'Isolation', type: 'string', jsonPath: '.spec.isolation' },
    { name: 'Identity', type: 'string', jsonPath: '.spec.identity.mode' },
    { name: 'Tenants', type: 'integer', jsonPath: '.status.tenants' },
    { name: 'Modules', type: 'string', jsonPath: '.spec.modules', priority: 1 },
  ],
});

export const tenantCrd = crd({
  resource: tenantResource,
  description:
    "A Tenant is one customer organisation. The operator gives it a namespace tenant-<name> with quotas and network policy, its data in PostgreSQL, a Keycloak realm, a path in Vault, the edition's service workloads and a policy report.",
  spec: TenantSpec,
  status: TenantStatus,
  rootRules: tenantNameRules,
  columns: [
    { name: 'Edition', type: 'string', jsonPath: '.spec.edition' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Domains', type: 'string', jsonPath: '.spec.domains', priority: 1 },
    { name: 'Namespace', type: 'string', jsonPath: '.status.namespace', priority: 1 },
    {
      name: 'Reason',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
      priority: 1,
    },
  ],
});

export const customResourceDefinitions = [editionCrd, tenantCrd];
