import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type KubernetesObject, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { installPrerequisites } from '../../install.ts';
import { describeError } from '../../runtime/errors.ts';
import { toClientModel } from '../../runtime/wire-format.ts';
import {
  adminKubeconfig,
  custom,
  editionObject,
  editionSpec,
  kubectl,
  objects,
  tenantObject,
  tenantSpec,
  uniqueId,
} from '../../test/cluster.ts';
import { group, version } from './index.ts';

/** The API server's refusal of a request, as the message it sent. */
async function refusal(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the API server accepted the request');
}

/** Creates the object with a server-side dry run. */
const dryRunCreate = (object: KubernetesObject) =>
  objects.create(toClientModel(object), undefined, 'All');

const base = editionSpec();
const edition = (change: object) =>
  editionObject(`bad-${uniqueId()}`, { ...base, ...change } as never);
const tenant = (change: object, name = `bad-${uniqueId()}`) =>
  tenantObject(name, { ...tenantSpec('business'), ...change } as never);
const profile = base.resources.defaultProfile;

describe('the Edition and Tenant CRDs in the real API server', () => {
  beforeAll(async () => {
    await installPrerequisites(adminKubeconfig());
  });

  it.each<[string, KubernetesObject, string]>([
    ['an upper-case tenant name', tenant({}, 'Acme'), 'metadata.name'],
    [
      'a tenant name too long for its namespace',
      tenant({}, `a${'b'.repeat(57)}`),
      'metadata.name must be at most 56 characters',
    ],
    [
      'duplicate domains',
      tenant({ domains: ['a.example', 'a.example'] }),
      'spec.domains[1]: Duplicate value: "a.example"',
    ],
    ['a domain that is no host name', tenant({ domains: ['Not A Host'] }), 'spec.domains[0]'],
    ['a malformed e-mail', tenant({ admin: { email: 'nobody' } }), 'spec.admin.email'],
    [
      'an unknown provider',
      tenant({ placement: { provider: 'gcp', region: 'x1' } }),
      'spec.placement.provider: Unsupported value: "gcp"',
    ],
    ['a missing edition', tenant({ edition: undefined }), 'spec.edition: Required value'],
    [
      'a replica override for an unknown module',
      tenant({ overrides: { replicas: { billing: 2 } } }),
      'keys must be module names',
    ],
    [
      'a negative replica override',
      tenant({ overrides: { replicas: { crm: -1 } } }),
      'spec.overrides.replicas.crm',
    ],
    [
      'an unknown deletion policy',
      tenant({ deletionPolicy: 'Shred' }),
      'spec.deletionPolicy: Unsupported value: "Shred"',
    ],
    [
      'an unknown module',
      edition({ modules: ['crm', 'billing'] }),
      'spec.modules[1]: Unsupported value: "billing"',
    ],
    [
      'a malformed quantity',
      edition({ resources: { ...base.resources, quota: { cpu: 'lots', memory: '8Gi', pods: 4 } } }),
      'spec.resources.quota.cpu: Invalid value: "string": must be a quantity such as 4',
    ],
    [
      'negative replicas',
      edition({ resources: { ...base.resources, defaultProfile: { ...profile, replicas: -1 } } }),
      'spec.resources.defaultProfile.replicas: Invalid value: -1',
    ],
    [
      'limits below requests',
      edition({
        resources: {
          ...base.resources,
          defaultProfile: { ...profile, limits: { cpu: '50m', memory: '512Mi' } },
        },
      }),
      'spec.resources.defaultProfile.limits.cpu: Invalid value: "object": limits.cpu must not be below requests.cpu',
    ],
    [
      'autoscaling with max below min',
      edition({
        resources: {
          ...base.resources,
          defaultProfile: {
            ...profile,
            autoscaling: { minReplicas: 4, maxReplicas: 2, targetCPUUtilizationPercentage: 70 },
          },
        },
      }),
      'maxReplicas must not be below minReplicas',
    ],
    [
      'organizations outside pooled isolation',
      edition({ identity: { ...base.identity, mode: 'organization' } }),
      'spec.identity.mode: Invalid value: "object": identity.mode organization is only for pooled editions',
    ],
    [
      'an RPO over a day',
      edition({ backup: { rpo: '48h', retention: '720h' } }),
      'spec.backup.rpo: Invalid value: "string": must be at most 24h',
    ],
    [
      'a malformed duration',
      edition({ secrets: { rotationInterval: 'monthly', overlap: '1h' } }),
      'spec.secrets.rotationInterval',
    ],
  ])('refuses %s, naming the field', async (_case, object, expected) => {
    expect(await refusal(dryRunCreate(object))).toContain(expected);
  });

  it('refuses a change of placement, which is immutable', async () => {
    const name = `immutable-${uniqueId()}`;
    await custom.createClusterCustomObject({
      group,
      version,
      plural: 'tenants',
      body: tenant({}, name),
    });
    try {
      const change = custom.patchClusterCustomObject(
        {
          group,
          version,
          plural: 'tenants',
          name,
          body: { spec: { placement: { provider: 'aws', region: 'us-east-1' } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(await refusal(change)).toContain(
        'spec.placement: Invalid value: "object": placement is immutable: create a new tenant',
      );
    } finally {
      await custom.deleteClusterCustomObject({ group, version, plural: 'tenants', name });
    }
  });

  it('fills in defaults', async () => {
    const sparse = tenant({ suspended: undefined, deletionPolicy: undefined });
    const created = (await objects.create(sparse, undefined, 'All')) as {
      spec: Record<string, unknown>;
    };
    expect(created.spec).toMatchObject({ suspended: false, deletionPolicy: 'Retain' });
  });

  it('accepts every sample (a server-side dry-run apply)', async () => {
    const dir = fileURLToPath(new URL('../../samples/', import.meta.url));
    const samples = readdirSync(dir).flatMap((file) =>
      parseAllDocuments(readFileSync(`${dir}${file}`, 'utf8')).map(
        (d) => d.toJSON() as KubernetesObject,
      ),
    );
    expect(samples.length).toBeGreaterThanOrEqual(6);
    for (const sample of samples) {
      await objects.patch(
        toClientModel(sample),
        undefined,
        'All',
        'test',
        true,
        PatchStrategy.ServerSideApply,
      );
    }
  });

  it('explains its fields to kubectl explain', async () => {
    const explained = await kubectl('explain', 'tenant.spec.domains');
    expect(explained).toContain('The api-gateway picks the tenant by host');
    expect(await kubectl('explain', 'edition.spec.isolation')).toContain('row-level security');
  });

  it('answers to its short names with its printer columns', async () => {
    expect(await kubectl('get', 'tn')).toMatch(
      /NAME\s+EDITION\s+PHASE\s+READY\s+AGE|No resources found/,
    );
    const header = (await kubectl('get', 'ed', '-o', 'wide')).split('\n')[0] ?? '';
    expect(header).toMatch(/NAME\s+DISPLAY NAME\s+ISOLATION\s+IDENTITY\s+TENANTS\s+MODULES\s+AGE/);
  });
});
