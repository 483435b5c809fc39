import Type from 'typebox';
import { isolationModels, providers } from './edition.ts';
import { moduleNames, moduleNamesCel } from './modules.ts';
import {
  cel,
  conditionList,
  dnsLabelPattern,
  dnsSubdomainPattern,
  mapOf,
  stringEnum,
} from './schema.ts';

export const deletionPolicies = ['Retain', 'Delete', 'Snapshot'] as const;
export type DeletionPolicy = (typeof deletionPolicies)[number];

export const TenantSpec = Type.Object(
  {
    edition: Type.String({
      description:
        'The name of the Edition (plan) the tenant is on. Changing it moves the tenant to the new plan.',
      pattern: dnsLabelPattern,
      maxLength: 63,
    }),
    displayName: Type.String({
      description: 'The customer\'s name as people see it, such as "Acme Corporation".',
      minLength: 1,
      maxLength: 100,
    }),
    domains: Type.Array(
      Type.String({
        description: 'A host name, lower case, without a scheme or port.',
        pattern: dnsSubdomainPattern,
        maxLength: 253,
      }),
      {
        description:
          "Host names the tenant's users reach Inopsio at, such as acme.inopsio.example. The api-gateway picks the tenant by host; each domain belongs to one tenant only.",
        minItems: 1,
        maxItems: 20,
        'x-kubernetes-list-type': 'set',
      },
    ),
    placement: Type.Object(
      {
        provider: stringEnum(providers, {
          description: `Where the tenant runs: ${providers.join(', ')}.`,
        }),
        region: Type.String({
          description: 'The provider region, such as eu-west-1.',
          pattern: '^[a-z0-9-]{2,40}$',
        }),
      },
      {
        description: "Where the tenant's data and workloads live; must be allowed by the edition.",
        ...cel({
          rule: 'self == oldSelf',
          message:
            'placement is immutable: create a new tenant to move to another provider or region',
        }),
      },
    ),
    admin: Type.Object(
      {
        email: Type.String({
          description:
            "The first administrator's e-mail address; they are asked to set a password on first sign-in.",
          format: 'email',
          maxLength: 254,
        }),
      },
      { description: "The tenant's first administrator." },
    ),
    suspended: Type.Boolean({
      description:
        'Whether the tenant is suspended: its workloads scale to zero and its data is kept.',
      default: false,
    }),
    deletionPolicy: stringEnum(deletionPolicies, {
      description:
        "What happens to the tenant's data when the Tenant is deleted: Retain (access is revoked, the data kept), Delete, or Snapshot (a dump is kept, then the data deleted).",
      default: 'Retain',
    }),
    overrides: Type.Optional(
      Type.Object(
        {
          requestsPerMinute: Type.Optional(
            Type.Integer({
              description: "Replaces the edition's rate limit for this tenant.",
              minimum: 1,
              maximum: 1_000_000,
            }),
          ),
          replicas: Type.Optional(
            mapOf(Type.Integer({ minimum: 1, maximum: 50 }), {
              maxProperties: moduleNames.length,
              description: "Replicas by module name, replacing the edition profile's replicas.",
              ...cel({
                rule: `self.all(module, module in ${moduleNamesCel})`,
                message: `keys must be module names: ${moduleNames.join(', ')}`,
              }),
            }),
          ),
        },
        { description: "Per-tenant changes to the edition's settings, within bounds." },
      ),
    ),
  },
  { description: 'One customer organisation.' },
);
export type TenantSpec = Type.Static<typeof TenantSpec>;

export const phases = [
  'Pending',
  'Provisioning',
  'Ready',
  'Suspended',
  'Failed',
  'Deleting',
] as const;
export type Phase = (typeof phases)[number];

export const TenantStatus = Type.Object(
  {
    observedGeneration: Type.Optional(
      Type.Integer({ description: 'The .metadata.generation the status describes.', minimum: 0 }),
    ),
    phase: Type.Optional(
      stringEnum(phases, {
        description: 'A one-word summary for people; programs should read conditions.',
      }),
    ),
    conditions: Type.Optional(
      conditionList(
        'One condition per provisioning step (NamespaceReady, SecretsReady, DatabaseReady, IdentityReady, WorkloadsReady, PolicyCompliant) and Ready, true when all built steps are.',
      ),
    ),
    namespace: Type.Optional(Type.String({ description: "The tenant's namespace." })),
    database: Type.Optional(
      Type.Object(
        {
          isolation: stringEnum(isolationModels, { description: 'The isolation model in use.' }),
          location: Type.String({
            description: 'The database and schema holding the data, as database/schema.',
          }),
          role: Type.String({ description: "The tenant's PostgreSQL login role." }),
          secret: Type.String({
            description: "The Secret in the tenant's namespace with the connection details.",
          }),
          lastMove: Type.Optional(
            Type.Object(
              {
                from: Type.String({ description: 'Where the data was.' }),
                to: Type.String({ description: 'Where it went.' }),
                rows: Type.Integer({ description: 'Rows copied and verified.', minimum: 0 }),
                readOnlyMilliseconds: Type.Integer({
                  description: 'How long writes were refused.',
                  minimum: 0,
                }),
                completedAt: Type.String({ description: 'When it finished.', format: 'date-time' }),
              },
              { description: 'The last move of the data to another isolation model.' },
            ),
          ),
        },
        { description: "Where the tenant's data lives." },
      ),
    ),
    identity: Type.Optional(
      Type.Object(
        {
          mode: stringEnum(['realm', 'organization'] as const, {
            description: 'A realm of its own, or an organization in a shared realm.',
          }),
          realm: Type.String({ description: 'The Keycloak realm (or shared realm).' }),
          organization: Type.Optional(
            Type.String({ description: 'The organization in the shared realm (its alias).' }),
          ),
          issuerURL: Type.String({
            description: 'The OpenID Connect issuer of tokens for this tenant.',
          }),
        },
        { description: "The tenant's identity provider." },
      ),
    ),
    secrets: Type.Optional(
      Type.Object(
        {
          path: Type.String({ description: "The tenant's folder in Vault's KV mount." }),
          policy: Type.String({ description: 'The Vault policy that can read only that folder.' }),
          kubernetesRole: Type.String({
            description:
              "The Kubernetes-auth role the tenant namespace's service accounts log in with, as mount/role.",
          }),
          lastRotation: Type.Optional(
            Type.String({
              description: 'When a generated credential was last replaced.',
              format: 'date-time',
            }),
          ),
        },
        { description: "The tenant's secrets in Vault." },
      ),
    ),
    workloads: Type.Optional(
      Type.Array(
        Type.Object(
          {
            module: stringEnum(moduleNames, { description: 'The module.' }),
            deployment: Type.String({ description: 'Its Deployment in the tenant namespace.' }),
            image: Type.String({ description: 'The image it runs.' }),
          },
          { description: 'A module running for the tenant.' },
        ),
        {
          description: 'The module workloads made for the tenant.',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['module'],
        },
      ),
    ),
    endpoints: Type.Optional(
      Type.Array(Type.String(), { description: "URLs of the tenant's apps." }),
    ),
    editionGeneration: Type.Optional(
      Type.Integer({
        description: 'The generation of the edition the status was computed from.',
        minimum: 0,
      }),
    ),
  },
  { description: 'What the operator made for the tenant, and how far it got.' },
);
export type TenantStatus = Type.Static<typeof TenantStatus>;
export type { Condition } from './schema.ts';

/** The root-level rules of a Tenant: its name becomes the namespace `tenant-<name>`. */
export const tenantNameRules = cel(
  {
    rule: `self.metadata.name.matches('${dnsLabelPattern}')`,
    message:
      "metadata.name must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit",
  },
  {
    rule: 'size(self.metadata.name) <= 56',
    message:
      'metadata.name must be at most 56 characters: the namespace tenant-<name> must fit in 63',
  },
);
