/**
 * Keycloak and Vault going away and coming back. The real servers stay up (other tests use
 * them): the operator reaches each through a loopback relay that the test cuts and restores.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  condition,
  createEdition,
  createTenant,
  deleteEdition,
  deleteTenant,
  editionSpec,
  endpoints,
  getTenant,
  keycloak,
  patchSpec,
  readyTenant,
  tenantGone,
  tenantSpec,
  testRun,
  uniqueId,
} from './test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from './test/operator-process.ts';
import { type TcpProxy, tcpProxy } from './test/tcp-proxy.ts';

const id = uniqueId();
const run = testRun(`outages-${id}`);
const plan = `it-${id}-outages`;
const wait = { timeout: 60_000, interval: 250 };

const failingWith = (name: string, type: string, reason: string) =>
  vi.waitFor(async () => {
    const tenant = await getTenant(name);
    expect(condition(tenant, type)).toMatchObject({ status: 'False', reason });
    expect(condition(tenant, 'Ready')).toMatchObject({ status: 'False', reason });
    return tenant;
  }, wait);

describe('outages of Keycloak and Vault', () => {
  let operator: OperatorProcess;
  let keycloakRelay: TcpProxy;
  let vaultRelay: TcpProxy;
  const tenants: string[] = [];
  const tenant = async (suffix: string) => {
    const name = `it-${id}-${suffix}`;
    tenants.push(name);
    await createTenant(name, tenantSpec(plan), run.labels);
    return name;
  };

  beforeAll(async () => {
    keycloakRelay = await tcpProxy(endpoints.keycloak.url);
    vaultRelay = await tcpProxy(endpoints.openbao.address);
    const kubeconfig = await prepareOperator();
    await createEdition(plan, editionSpec({ modules: ['crm'] }));
    operator = await startOperator(kubeconfig, `outages-${id}`, run.operatorArgs, {
      INOPSIO_KEYCLOAK_URL: keycloakRelay.url,
      INOPSIO_KEYCLOAK_PUBLIC_URL: endpoints.keycloak.url,
      INOPSIO_VAULT_ADDRESS: vaultRelay.url,
    });
  });

  afterAll(async () => {
    await keycloakRelay.restore().catch(() => undefined);
    await vaultRelay.restore().catch(() => undefined);
    for (const name of tenants) await deleteTenant(name).catch(() => undefined);
    for (const name of tenants) await tenantGone(name).catch(() => undefined);
    await deleteEdition(plan).catch(() => undefined);
    await operator?.stop();
    await keycloakRelay.close();
    await vaultRelay.close();
  });

  it('reports KeycloakUnavailable, and completes a tenant begun during the outage once it is back', async () => {
    const before = await tenant('kc');
    await readyTenant(before);
    await keycloakRelay.cut();
    // A change makes the step talk to Keycloak; a new tenant must wait for it.
    await patchSpec('tenants', before, { displayName: 'Renamed during the outage' });
    const during = await tenant('kc-new');
    const failing = await failingWith(before, 'IdentityReady', 'KeycloakUnavailable');
    expect(condition(failing, 'IdentityReady')?.message).toMatch(/cannot be reached.*retrying/);
    await failingWith(during, 'IdentityReady', 'KeycloakUnavailable');

    await keycloakRelay.restore();
    await readyTenant(before);
    await readyTenant(during);
    const kc = await keycloak.admin();
    expect((await kc.realms.findOne({ realm: `tenant-${before}` }))?.displayName).toBe(
      'Renamed during the outage',
    );
    expect((await kc.realms.find()).filter((r) => r.realm === `tenant-${during}`)).toHaveLength(1);
    expect(await kc.clients.find({ realm: `tenant-${during}`, clientId: 'gateway' })).toHaveLength(
      1,
    );
  });

  it('reports VaultUnavailable, and recovers by itself when Vault is back', async () => {
    const name = await tenant('vault');
    await readyTenant(name);
    await vaultRelay.cut();
    await patchSpec('tenants', name, { displayName: 'Changed while Vault is away' });
    const failing = await failingWith(name, 'SecretsReady', 'VaultUnavailable');
    expect(condition(failing, 'SecretsReady')?.message).toMatch(/Vault at .* cannot be reached/);
    // Later steps wait rather than run without their credentials.
    expect(condition(failing, 'DatabaseReady')).toMatchObject({
      status: 'Unknown',
      reason: 'WaitingForPreviousStep',
    });
    await vaultRelay.restore();
    await readyTenant(name);
  });
});
