import Type from 'typebox';
import { moduleNames, moduleNamesCel } from './modules.ts';
import { cel, duration, mapOf, quantity, stringEnum } from './schema.ts';

export const providers = ['aws', 'azure', 'ovh', 'on-premises'] as const;
export const isolationModels = ['pooled', 'schema', 'database'] as const;

const cpuAndMemory = (description: string) =>
  Type.Object(
    {
      cpu: quantity('CPU.', '250m'),
      memory: quantity('Memory.', '256Mi'),
    },
    { description },
  );

const profile = (description: string) =>
  Type.Object(
    {
      requests: cpuAndMemory('What each replica is guaranteed.'),
      limits: cpuAndMemory('The most each replica may use.'),
      replicas: Type.Integer({
        description: 'Replicas of the module when autoscaling is off.',
        minimum: 1,
        maximum: 100,
        default: 1,
      }),
      autoscaling: Type.Optional(
        Type.Object(
          {
            minReplicas: Type.Integer({
              description: 'Fewest replicas.',
              minimum: 1,
              maximum: 100,
            }),
            maxReplicas: Type.Integer({ description: 'Most replicas.', minimum: 1, maximum: 100 }),
            targetCPUUtilizationPercentage: Type.Integer({
              description: 'Average CPU use, in percent of the request, that autoscaling aims for.',
              minimum: 10,
              maximum: 100,
              default: 70,
            }),
          },
          {
            description:
              'Scale on CPU between minReplicas and maxReplicas (a HorizontalPodAutoscaler).',
            ...cel({
              rule: 'self.maxReplicas >= self.minReplicas',
              message: 'maxReplicas must not be below minReplicas',
              fieldPath: '.maxReplicas',
            }),
          },
        ),
      ),
    },
    {
      description,
      ...cel(
        {
          rule: 'quantity(self.limits.cpu).compareTo(quantity(self.requests.cpu)) >= 0',
          message: 'limits.cpu must not be below requests.cpu',
          fieldPath: '.limits.cpu',
        },
        {
          rule: 'quantity(self.limits.memory).compareTo(quantity(self.requests.memory)) >= 0',
          message: 'limits.memory must not be below requests.memory',
          fieldPath: '.limits.memory',
        },
      ),
    },
  );

export const Profile = profile('Requests, limits and replicas of one module.');

export const EditionSpec = Type.Object(
  {
    displayName: Type.String({
      description: 'The plan name people see, such as "Business".',
      minLength: 1,
      maxLength: 64,
    }),
    modules: Type.Array(stringEnum(moduleNames, { description: 'A service module.' }), {
      description: `The service modules a tenant of this edition gets: ${moduleNames.join(', ')}.`,
      minItems: 1,
      maxItems: moduleNames.length,
      'x-kubernetes-list-type': 'set',
    }),
    isolation: stringEnum(isolationModels, {
      description:
        "Where a tenant's rows live in PostgreSQL: pooled (shared tables with a tenant_id column under row-level security), schema (a schema per tenant) or database (a database per tenant). AWS calls these pool, bridge and silo.",
    }),
    identity: Type.Object(
      {
        mode: stringEnum(['realm', 'organization'] as const, {
          description:
            'realm: a Keycloak realm per tenant. organization: an Organization in a shared realm, for pooled editions with many tenants.',
          default: 'realm',
        }),
        mfa: stringEnum(['required', 'optional'] as const, {
          description: 'Whether users must set up a one-time-password second factor.',
          default: 'optional',
        }),
        passwordPolicy: Type.String({
          description: 'A Keycloak password policy, such as "length(12) and notUsername".',
          default: 'length(12) and notUsername',
          maxLength: 512,
        }),
        sessionIdleTimeout: duration('How long an idle session lasts.', {
          default: '30m',
          min: '1m',
          max: '24h',
        }),
        sessionMaxLifespan: duration('How long any session lasts at most.', {
          default: '10h',
          min: '5m',
          max: '720h',
        }),
        federation: Type.Boolean({
          description: 'Whether tenants may connect their own identity provider (SAML or OIDC).',
          default: false,
        }),
      },
      { description: "How the tenant's users sign in." },
    ),
    resources: Type.Object(
      {
        quota: Type.Object(
          {
            cpu: quantity('CPU requests of all pods together, and twice that as limits.', '4'),
            memory: quantity(
              'Memory requests of all pods together, and twice that as limits.',
              '8Gi',
            ),
            pods: Type.Integer({
              description: 'Most pods in the namespace.',
              minimum: 1,
              maximum: 10000,
            }),
          },
          { description: "The tenant namespace's ResourceQuota." },
        ),
        defaultProfile: profile(
          'The profile of every module that profiles does not name; also the LimitRange defaults.',
        ),
        profiles: Type.Optional(
          mapOf(Profile, {
            maxProperties: moduleNames.length,
            description:
              'Profiles by module name, for modules that need other sizes than defaultProfile.',
            ...cel({
              rule: `self.all(module, module in ${moduleNamesCel})`,
              message: `keys must be module names: ${moduleNames.join(', ')}`,
            }),
          }),
        ),
      },
      { description: 'Sizes: the namespace quota and a profile per module.' },
    ),
    secrets: Type.Object(
      {
        rotationInterval: duration('How often generated credentials are replaced.', {
          default: '720h',
          min: '1h',
        }),
        overlap: duration('How long old and new credentials are both valid during a rotation.', {
          default: '1h',
          min: '1m',
        }),
      },
      {
        description: 'Rotation of generated credentials (database roles, client secrets).',
        default: {},
      },
    ),
    backup: Type.Object(
      {
        rpo: duration('Recovery point objective: the most data a restore may lose.', {
          default: '15m',
          min: '1m',
          max: '24h',
        }),
        retention: duration('How long backups are kept.', { default: '720h', min: '24h' }),
      },
      { description: 'Backups of tenant data.', default: {} },
    ),
    rateLimit: Type.Object(
      {
        requestsPerMinute: Type.Integer({
          description: 'Requests per minute the gateway lets through for one tenant.',
          minimum: 1,
          maximum: 1_000_000,
          default: 600,
        }),
      },
      { description: 'Rate limit at the api-gateway.', default: {} },
    ),
    placement: Type.Object(
      {
        allowed: Type.Array(
          Type.Object(
            {
              provider: stringEnum(providers, {
                description: `A cloud or on-premises: ${providers.join(', ')}.`,
              }),
              regions: Type.Array(
                Type.String({
                  description: 'A region name, such as eu-west-1.',
                  pattern: '^[a-z0-9-]{2,40}$',
                }),
                {
                  description: "The provider's regions tenants may be placed in.",
                  minItems: 1,
                  maxItems: 50,
                  'x-kubernetes-list-type': 'set',
                },
              ),
            },
            { description: 'A provider and its allowed regions.' },
          ),
          {
            description: 'Where tenants of this edition may run (data residency).',
            minItems: 1,
            maxItems: providers.length,
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['provider'],
          },
        ),
      },
      { description: 'Data residency.' },
    ),
  },
  {
    description: 'What a plan gives each tenant on it.',
    ...cel({
      rule: "self.identity.mode != 'organization' || self.isolation == 'pooled'",
      message:
        'identity.mode organization is only for pooled editions: use mode realm, or isolation pooled',
      fieldPath: '.identity.mode',
    }),
  },
);
export type EditionSpec = Type.Static<typeof EditionSpec>;
export type Profile = Type.Static<typeof Profile>;

export const EditionStatus = Type.Object(
  {
    observedGeneration: Type.Optional(
      Type.Integer({ description: 'The generation the status describes.', minimum: 0 }),
    ),
    tenants: Type.Optional(
      Type.Integer({ description: 'How many tenants are on this edition.', minimum: 0 }),
    ),
  },
  { description: 'What the operator observed of the edition.' },
);
export type EditionStatus = Type.Static<typeof EditionStatus>;
