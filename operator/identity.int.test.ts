/**
 * The identity step against the real Keycloak (and OpenBao for the client secrets): a realm
 * per tenant that issues tokens, organizations in a shared realm, hand edits put back, and a
 * half-made realm completed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RotatedCredential } from './secrets/rotation.ts';
import {
  condition,
  createEdition,
  createTenant,
  deleteEdition,
  deleteTenant,
  editionSpec,
  endpoints,
  keycloak,
  readyTenant,
  tenantGone,
  tenantSpec,
  testRun,
  uniqueId,
  vault,
} from './test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from './test/operator-process.ts';

const id = uniqueId();
const run = testRun(`identity-${id}`);
const realmPlan = `it-${id}-realms`;
const orgPlan = `it-${id}-orgs`;
const name = (suffix: string) => `it-${id}-${suffix}`;
const wait = { timeout: 60_000, interval: 300 };

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** Signs the admin in with a password grant through a test client of the realm. */
async function adminToken(realm: string, email: string): Promise<string> {
  const kc = await keycloak.admin();
  const [user] = await kc.users.find({ realm, email, exact: true });
  await kc.users.update(
    { realm, id: user?.id as string },
    { requiredActions: [], emailVerified: true, firstName: 'First', lastName: 'Admin' },
  );
  await kc.users.resetPassword({
    realm,
    id: user?.id as string,
    credential: { type: 'password', value: 'Correct-Horse-42', temporary: false },
  });
  await kc.clients
    .create({ realm, clientId: 'test-cli', publicClient: true, directAccessGrantsEnabled: true })
    .catch(() => undefined);
  const response = await fetch(
    `${endpoints.keycloak.url}/realms/${realm}/protocol/openid-connect/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'test-cli',
        username: email,
        password: 'Correct-Horse-42',
        scope: 'openid',
      }),
    },
  );
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token: ${body.error_description}`);
  return body.access_token;
}

describe('the identity step', () => {
  let operator: OperatorProcess;
  const tenants: string[] = [];
  const tenant = async (suffix: string, edition: string, email = 'admin@test.example') => {
    const tenantName = name(suffix);
    tenants.push(tenantName);
    await createTenant(
      tenantName,
      tenantSpec(edition, { admin: { email }, domains: [`${suffix}-${id}.test.example`] }),
      run.labels,
    );
    return tenantName;
  };

  beforeAll(async () => {
    const kubeconfig = await prepareOperator();
    await createEdition(
      realmPlan,
      editionSpec({
        identity: {
          mode: 'realm',
          mfa: 'required',
          passwordPolicy: 'length(14) and notUsername',
          sessionIdleTimeout: '20m',
          sessionMaxLifespan: '8h',
          federation: false,
        },
      }),
    );
    await createEdition(
      orgPlan,
      editionSpec({
        isolation: 'pooled',
        identity: {
          mode: 'organization',
          mfa: 'optional',
          passwordPolicy: 'length(12)',
          sessionIdleTimeout: '30m',
          sessionMaxLifespan: '10h',
          federation: false,
        },
      }),
    );
    operator = await startOperator(kubeconfig, `identity-${id}`, [
      '--resync',
      '2s',
      ...run.operatorArgs,
    ]);
  });

  afterAll(async () => {
    for (const t of tenants) await deleteTenant(t).catch(() => undefined);
    for (const t of tenants) await tenantGone(t).catch(() => undefined);
    for (const plan of [realmPlan, orgPlan]) await deleteEdition(plan).catch(() => undefined);
    await operator?.stop();
    const kc = await keycloak.admin();
    await kc.realms.del({ realm: `edition-${orgPlan}` }).catch(() => undefined);
  });

  it("gives a tenant a realm whose tokens carry the status's issuer and the admin's roles", async () => {
    const t = await tenant('acme', realmPlan);
    const ready = await readyTenant(t);
    expect(condition(ready, 'IdentityReady')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
    });
    const realm = `tenant-${t}`;
    expect(ready.status?.identity).toEqual({
      mode: 'realm',
      realm,
      issuerURL: `${endpoints.keycloak.url}/realms/${realm}`,
    });
    const kc = await keycloak.admin();
    expect(await kc.realms.findOne({ realm })).toMatchObject({
      displayName: 'Test tenant',
      bruteForceProtected: true,
      passwordPolicy: 'length(14) and notUsername',
      ssoSessionIdleTimeout: 1200,
      ssoSessionMaxLifespan: 28_800,
    });
    expect(
      await kc.authenticationManagement.getRequiredActionForAlias({
        realm,
        alias: 'CONFIGURE_TOTP',
      }),
    ).toMatchObject({ enabled: true, defaultAction: true });
    const [gateway] = await kc.clients.find({ realm, clientId: 'gateway' });
    const secret = await vault.readSecret<RotatedCredential>(`${t}/gateway`);
    expect(gateway).toMatchObject({ publicClient: false, secret: secret?.current.value });
    const [web] = await kc.clients.find({ realm, clientId: 'web' });
    expect(web).toMatchObject({
      publicClient: true,
      redirectUris: [`https://acme-${id}.test.example/*`],
      webOrigins: [`https://acme-${id}.test.example`],
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }),
    });
    const [user] = await kc.users.find({ realm, email: 'admin@test.example', exact: true });
    expect(user?.requiredActions).toEqual(
      expect.arrayContaining(['UPDATE_PASSWORD', 'VERIFY_EMAIL', 'CONFIGURE_TOTP']),
    );

    const token = claims(await adminToken(realm, 'admin@test.example'));
    expect(token.iss).toBe(ready.status?.identity?.issuerURL);
    expect((token.realm_access as { roles: string[] }).roles).toEqual(
      expect.arrayContaining(['tenant-admin']),
    );
    expect((token.realm_access as { roles: string[] }).roles).not.toContain('auditor');
  });

  it('puts back what is changed by hand in Keycloak', async () => {
    const t = name('acme');
    const realm = `tenant-${t}`;
    await readyTenant(t);
    const kc = await keycloak.admin();
    await kc.realms.update({ realm }, { bruteForceProtected: false, passwordPolicy: 'length(4)' });
    await kc.roles.delByName({ realm, name: 'auditor' });
    const [web] = await kc.clients.find({ realm, clientId: 'web' });
    await kc.clients.update(
      { realm, id: web?.id as string },
      { ...web, redirectUris: ['https://evil.example/*'] },
    );
    await vi.waitFor(async () => {
      const admin = await keycloak.admin();
      expect(await admin.realms.findOne({ realm })).toMatchObject({
        bruteForceProtected: true,
        passwordPolicy: 'length(14) and notUsername',
      });
      expect(await admin.roles.findOneByName({ realm, name: 'auditor' })).toBeTruthy();
      const [client] = await admin.clients.find({ realm, clientId: 'web' });
      expect(client?.redirectUris).toEqual([`https://acme-${id}.test.example/*`]);
    }, wait);
  });

  it('completes a half-made realm without making a second one', async () => {
    const t = name('half');
    const realm = `tenant-${t}`;
    const kc = await keycloak.admin();
    // As if an earlier pass had stopped right after creating the realm.
    await kc.realms.create({ realm, enabled: true });
    await tenant('half', realmPlan);
    await readyTenant(t);
    const admin = await keycloak.admin();
    expect((await admin.realms.find()).filter((r) => r.realm === realm)).toHaveLength(1);
    expect(await admin.clients.find({ realm, clientId: 'gateway' })).toHaveLength(1);
    expect(await admin.roles.findOneByName({ realm, name: 'tenant-admin' })).toBeTruthy();
  });

  it('puts tenants of an organization edition in one shared realm with separate membership', async () => {
    const [one, two] = [
      await tenant('org1', orgPlan, 'one@test.example'),
      await tenant('org2', orgPlan, 'two@test.example'),
    ];
    const [readyOne, readyTwo] = [await readyTenant(one), await readyTenant(two)];
    const realm = `edition-${orgPlan}`;
    expect(readyOne.status?.identity).toMatchObject({
      mode: 'organization',
      realm,
      organization: one,
    });
    expect(readyTwo.status?.identity?.issuerURL).toBe(readyOne.status?.identity?.issuerURL);
    const kc = await keycloak.admin();
    const orgs = await kc.organizations.find({ realm });
    const orgOne = orgs.find((o) => o.alias === one);
    const orgTwo = orgs.find((o) => o.alias === two);
    expect(orgOne?.domains?.map((d) => d.name)).toEqual([`org1-${id}.test.example`]);
    const members = async (orgId?: string) =>
      (await kc.organizations.listMembers({ realm, orgId: orgId as string })).map((u) => u.email);
    expect(await members(orgOne?.id)).toEqual(['one@test.example']);
    expect(await members(orgTwo?.id)).toEqual(['two@test.example']);
    // Each tenant's roles are its own gateway client's.
    const token = claims(await adminToken(realm, 'one@test.example'));
    const access = token.resource_access as Record<string, { roles: string[] }>;
    expect(access[`${one}-gateway`]?.roles).toContain('tenant-admin');
    expect(access[`${two}-gateway`]).toBeUndefined();
  });

  it('deletes the realm, or the organization and its clients, with the tenant', async () => {
    const [t, org] = [name('half'), name('org2')];
    await deleteTenant(t);
    await deleteTenant(org);
    await tenantGone(t);
    await tenantGone(org);
    const kc = await keycloak.admin();
    expect(await kc.realms.findOne({ realm: `tenant-${t}` })).toBeFalsy();
    const realm = `edition-${orgPlan}`;
    expect((await kc.organizations.find({ realm })).map((o) => o.alias)).not.toContain(org);
    expect(await kc.clients.find({ realm, clientId: `${org}-gateway` })).toEqual([]);
  });
});
