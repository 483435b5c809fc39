/**
 * The secrets step against the real OpenBao (Vault API), API server and PostgreSQL: each
 * tenant's path, policy and Kubernetes-auth role, pod identities that reach their own
 * tenant's secrets only, and rotation of the database login with an overlap.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { workloadServiceAccount } from './controller/constants.ts';
import { databaseSecret } from './controller/steps/database.ts';
import type { RotatedCredential } from './secrets/rotation.ts';
import {
  condition,
  connectAs,
  core,
  createEdition,
  createTenant,
  deleteEdition,
  deleteTenant,
  editionSpec,
  getTenant,
  readyTenant,
  tenantGone,
  tenantSpec,
  testRun,
  uniqueId,
  vault,
} from './test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from './test/operator-process.ts';

const id = uniqueId();
const run = testRun(`secrets-${id}`);
const plan = `it-${id}-vault`;
const [a, b] = [`it-${id}-a`, `it-${id}-b`];
const wait = { timeout: 60_000, interval: 250 };

/** A token of a service account in the tenant's namespace, from the real API server. */
async function podToken(tenant: string): Promise<string> {
  const { status } = await core.createNamespacedServiceAccountToken({
    name: workloadServiceAccount,
    namespace: `tenant-${tenant}`,
    body: { spec: { expirationSeconds: 600, audiences: [] } },
  });
  return status?.token ?? '';
}

const databaseLogin = async (tenant: string) => {
  const secret = (await core.readNamespacedSecret({
    name: databaseSecret,
    namespace: `tenant-${tenant}`,
  })) as V1Secret;
  const field = (key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString();
  return { user: field('username'), password: field('password'), database: field('database') };
};

describe('the secrets step', () => {
  let operator: OperatorProcess;

  beforeAll(async () => {
    const kubeconfig = await prepareOperator();
    await createEdition(
      plan,
      editionSpec({ isolation: 'schema', secrets: { rotationInterval: '720h', overlap: '1m' } }),
    );
    operator = await startOperator(kubeconfig, `secrets-${id}`, [
      '--resync',
      '2s',
      // The test moves time forward by editing Vault: read it on every pass.
      '--vault-recheck',
      '0s',
      ...run.operatorArgs,
    ]);
    for (const name of [a, b]) await createTenant(name, tenantSpec(plan), run.labels);
  });

  afterAll(async () => {
    for (const name of [a, b]) await deleteTenant(name).catch(() => undefined);
    for (const name of [a, b]) await tenantGone(name).catch(() => undefined);
    await deleteEdition(plan).catch(() => undefined);
    await operator?.stop();
  });

  it('gives each tenant a Vault path, a policy that reads only it, and a role for its namespace', async () => {
    const ready = await readyTenant(a);
    expect(condition(ready, 'SecretsReady')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
    });
    expect(ready.status?.secrets).toMatchObject({
      path: `tenants/${a}/`,
      policy: `tenant-${a}`,
      kubernetesRole: `kubernetes/tenant-${a}`,
    });
    expect(await vault.readPolicy(`tenant-${a}`)).toContain(`path "tenants/data/${a}/*"`);
    expect(await vault.readKubernetesRole(`tenant-${a}`)).toMatchObject({
      boundServiceAccountNamespaces: [`tenant-${a}`],
      policies: [`tenant-${a}`],
    });
    const stored = await vault.readSecret<RotatedCredential>(`${a}/database`);
    const login = await databaseLogin(a);
    expect(stored?.current.value).toBe(login.password);
  });

  it("lets a pod of tenant A read A's secrets with its service-account token, and refuses B's", async () => {
    await readyTenant(a);
    await readyTenant(b);
    const asA = await vault.kubernetesLogin(`tenant-${a}`, await podToken(a));
    expect((await asA.readSecret<RotatedCredential>(`${a}/database`))?.current.value).toBeTruthy();
    await expect(asA.readSecret(`${b}/database`)).rejects.toMatchObject({
      response: { statusCode: 403 },
    });
    // Nor can A's pods take B's role.
    await expect(vault.kubernetesLogin(`tenant-${b}`, await podToken(a))).rejects.toThrow(
      /namespace not authorized|permission denied/,
    );
  });

  it('rotates the database login with an overlap: the old one works until it ends, then is revoked', async () => {
    await readyTenant(a);
    const before = await databaseLogin(a);
    const held = await connectAs(before.user, before.password, before.database);
    // Its session is ended when its login is revoked: expected here, not a crash.
    held.on('error', () => {});
    // A credential older than the edition's interval, as if a month had passed.
    const stored = (await vault.readSecret<RotatedCredential>(
      `${a}/database`,
    )) as RotatedCredential;
    const monthAgo = new Date(Date.now() - 31 * 24 * 3_600_000).toISOString();
    await vault.writeSecret(`${a}/database`, {
      current: { ...stored.current, createdAt: monthAgo },
    });

    const after = await vi.waitFor(async () => {
      const login = await databaseLogin(a);
      expect(login.user).not.toBe(before.user);
      return login;
    }, wait);
    const rotated = await readyTenant(a);
    expect(Date.parse(rotated.status?.secrets?.lastRotation ?? '')).toBeGreaterThan(
      Date.parse(monthAgo),
    );
    // Both logins work during the overlap, and act as the same tenant.
    const fresh = await connectAs(after.user, after.password, after.database);
    const old = await connectAs(before.user, before.password, before.database);
    for (const client of [fresh, old, held]) {
      const { rows } = await client.query('SELECT current_user AS who');
      expect(rows[0].who).toBe(rotated.status?.database?.role);
    }
    await old.end();

    // The overlap ends (moved forward in Vault rather than waited for): the old login goes.
    const during = (await vault.readSecret<RotatedCredential>(
      `${a}/database`,
    )) as RotatedCredential;
    expect(during.previous?.id).toBe(stored.current.id);
    await vault.writeSecret(`${a}/database`, {
      ...during,
      previous: { ...during.previous, expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    await vi.waitFor(async () => {
      const attempt = await connectAs(before.user, before.password, before.database).then(
        async (client) => {
          await client.end();
          return 'connected';
        },
        (error: Error) => error.message,
      );
      expect(attempt).toMatch(/password authentication failed|does not exist/);
    }, wait);
    // The session still holding the old login was ended; the new login is unaffected.
    await expect(held.query('SELECT 1')).rejects.toThrow();
    expect((await fresh.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await fresh.end();
    expect((await vault.readSecret<RotatedCredential>(`${a}/database`))?.previous).toBeUndefined();
    const tenant = await getTenant(a);
    expect(condition(tenant, 'Ready')?.status).toBe('True');
  });

  it('deletes the path, policy and role with the tenant (deletionPolicy Delete)', async () => {
    await readyTenant(b);
    await deleteTenant(b);
    await tenantGone(b);
    expect(await vault.readPolicy(`tenant-${b}`)).toBeUndefined();
    expect(await vault.readKubernetesRole(`tenant-${b}`)).toBeUndefined();
    expect(await vault.readSecret(`${b}/database`)).toBeUndefined();
  });
});
