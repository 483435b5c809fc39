/** Helpers for tests that run against the local platform's real API server. */

import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { readEndpoints } from '@inopsio/platform/local';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import pg from 'pg';
import { expect, vi } from 'vitest';
import type { EditionSpec, Tenant, TenantSpec } from '../api/v1alpha1/index.ts';
import { group, version } from '../api/v1alpha1/index.ts';
import { Keycloak } from '../identity/keycloak.ts';
import { hasStatus } from '../runtime/errors.ts';
import { loadKubeconfig } from '../runtime/kubeconfig.ts';
import { defaultVaultLayout, Vault } from '../secrets/vault.ts';
import { editionObject, tenantObject } from './fixtures.ts';

export * from './fixtures.ts';

export const endpoints = readEndpoints();

export const adminKubeconfig = (): KubeConfig => loadKubeconfig(endpoints.kubernetes.kubeconfig);

const admin = adminKubeconfig();
export const core = admin.makeApiClient(CoreV1Api);
export const apps = admin.makeApiClient(AppsV1Api);
export const custom = admin.makeApiClient(CustomObjectsApi);
export const objects = KubernetesObjectApi.makeApiClient(admin);

export const isNotFound = (error: unknown) => hasStatus(error, 404);

/** Keycloak's admin API and Vault as the local platform's admins, for assertions and setup. */
export const keycloak = new Keycloak({ ...endpoints.keycloak, publicUrl: endpoints.keycloak.url });
export const vault = new Vault({
  address: endpoints.openbao.address,
  token: endpoints.openbao.token,
  ...defaultVaultLayout,
});

/** `kubectl apply -f -` of a manifest, as cluster admin. */
export function kubectlApplyStdin(manifest: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      `${endpoints.kubernetes.binDir}/kubectl`,
      ['apply', '-f', '-'],
      { env: { ...process.env, KUBECONFIG: endpoints.kubernetes.kubeconfig } },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr, { cause: error })) : resolve(stdout),
    );
    child.stdin?.end(manifest);
  });
}

/** Runs the local platform's kubectl as cluster admin; resolves with stdout, rejects with stderr. */
export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(`${endpoints.kubernetes.binDir}/kubectl`, args, {
    env: { ...process.env, KUBECONFIG: endpoints.kubernetes.kubeconfig },
  });
  return stdout;
}

const resource = (plural: 'tenants' | 'editions') => ({ group, version, plural });

export const createEdition = (name: string, spec: EditionSpec) =>
  custom.createClusterCustomObject({ ...resource('editions'), body: editionObject(name, spec) });
export const createTenant = (name: string, spec: TenantSpec, labels?: Record<string, string>) =>
  custom.createClusterCustomObject({
    ...resource('tenants'),
    body: tenantObject(name, spec, labels),
  });
export const getTenant = async (name: string) =>
  (await custom.getClusterCustomObject({ ...resource('tenants'), name })) as Tenant;
export const deleteTenant = (name: string) =>
  custom.deleteClusterCustomObject({ ...resource('tenants'), name });
export const deleteEdition = (name: string) =>
  custom.deleteClusterCustomObject({ ...resource('editions'), name });

/** A JSON merge patch of an Edition or Tenant's spec. */
export function patchSpec(plural: 'tenants' | 'editions', name: string, spec: object) {
  return custom.patchClusterCustomObject(
    { ...resource(plural), name, body: { spec } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

export const condition = (tenant: Tenant, type: string) =>
  tenant.status?.conditions?.find((c) => c.type === type);

export const isReady = (tenant: Tenant) => condition(tenant, 'Ready')?.status === 'True';

/** Where the API server's audit log of writes ends now; pass it to `auditedWrites` later. */
export const auditOffset = () => statSync(endpoints.kubernetes.auditLog).size;

export interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string; subresource?: string };
  responseStatus?: { code?: number };
}

/** Write requests the API server audited since `offset`, made by `username`. */
export function auditedWrites(offset: number, username: string): AuditEvent[] {
  const text = readFileSync(endpoints.kubernetes.auditLog, 'utf8').slice(offset);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEvent)
    .filter((event) => event.user.username === username);
}

/** Whether a read now answers 404. */
export const gone = (read: () => Promise<unknown>) =>
  read().then(
    () => false,
    (error) => isNotFound(error),
  );

const patience = { timeout: 60_000, interval: 250 };

/** Waits until the Tenant is Ready for its current generation (and `check` holds). */
export const readyTenant = (name: string, check: (tenant: Tenant) => void = () => {}) =>
  vi.waitFor(async () => {
    const tenant = await getTenant(name);
    expect(isReady(tenant), JSON.stringify(tenant.status?.conditions)).toBe(true);
    expect(tenant.status?.observedGeneration).toBe(tenant.metadata.generation);
    check(tenant);
    return tenant;
  }, patience);

/** Waits until the Tenant is gone (its finalizer done). */
export const tenantGone = (name: string) =>
  vi.waitFor(async () => expect(await gone(() => getTenant(name))).toBe(true), patience);

/** A connection to PostgreSQL as a tenant's role. */
export async function connectAs(
  user: string,
  password: string,
  database: string,
): Promise<pg.Client> {
  const client = new pg.Client({ ...endpoints.postgres, user, password, database });
  await client.connect();
  return client;
}
