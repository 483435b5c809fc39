/** Editions and Tenants as plain data, for unit tests and as the base of integration tests. */
import { randomBytes } from 'node:crypto';
import type { Edition, EditionSpec, Tenant, TenantSpec } from '../api/v1alpha1/index.ts';
import { apiVersion } from '../api/v1alpha1/index.ts';

/** Rendered or stored Kubernetes JSON, walked freely by test assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary manifests
export type Json = any;

export const uniqueId = () => randomBytes(3).toString('hex');

export const editionSpec = (overrides: Partial<EditionSpec> = {}): EditionSpec => ({
  displayName: 'Test',
  modules: ['crm', 'erp'],
  isolation: 'schema',
  identity: {
    mode: 'realm',
    mfa: 'optional',
    passwordPolicy: 'length(12)',
    sessionIdleTimeout: '30m',
    sessionMaxLifespan: '10h',
    federation: false,
  },
  resources: {
    quota: { cpu: '4', memory: '8Gi', pods: 40 },
    defaultProfile: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
      replicas: 2,
    },
  },
  secrets: { rotationInterval: '720h', overlap: '1h' },
  backup: { rpo: '15m', retention: '720h' },
  rateLimit: { requestsPerMinute: 600 },
  placement: { allowed: [{ provider: 'aws', regions: ['eu-west-1'] }] },
  ...overrides,
});

export const tenantSpec = (edition: string, overrides: Partial<TenantSpec> = {}): TenantSpec => ({
  edition,
  displayName: 'Test tenant',
  domains: [`${uniqueId()}.test.example`],
  placement: { provider: 'aws', region: 'eu-west-1' },
  admin: { email: 'admin@test.example' },
  suspended: false,
  deletionPolicy: 'Delete',
  ...overrides,
});

export const editionObject = (name: string, spec: EditionSpec): Edition => ({
  apiVersion,
  kind: 'Edition',
  metadata: { name },
  spec,
});

export const tenantObject = (
  name: string,
  spec: TenantSpec,
  labels?: Record<string, string>,
): Tenant => ({
  apiVersion,
  kind: 'Tenant',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec,
});

/** The label a test run puts on its tenants, and the operator flags that serve only them. */
export const testRun = (run: string) => ({
  labels: { 'inopsio.io/test-run': run },
  operatorArgs: [
    '--tenant-selector',
    `inopsio.io/test-run=${run}`,
    '--lease-name',
    `operator-${run}`,
  ],
});
