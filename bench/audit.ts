/**
 * `inopsio audit` over N real tenants of one pooled, organization-mode edition: Tenant objects
 * in the API server with the status the operator writes, each tenant's Vault policy and
 * database credential written as the secrets step writes them, the shared pooled home in
 * PostgreSQL and one shared realm in Keycloak. The tenants carry a label no operator serves,
 * and no finalizer, so they are made and removed cheaply. Then the audit runs as the command
 * does (JSON, OSCAL, HTML, and the PDF timed apart).
 *
 *   npm run bench -- audit [tenants=1000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { group, version } from '../operator/api/v1alpha1/index.ts';
import { mapLimit } from '../operator/audit/checks/check.ts';
import { audit, sourcesFromEnvironment } from '../operator/audit/cli.ts';
import { platformEnv } from '../operator/dev/platform-env.ts';
import { editionRealm } from '../operator/identity/plan.ts';
import { tenantAccessName, tenantPolicy } from '../operator/secrets/tenant-access.ts';
import {
  createEdition,
  createTenant,
  custom,
  deleteEdition,
  deleteTenant,
  editionSpec,
  endpoints,
  keycloak,
  tenantSpec,
  uniqueId,
  vault,
} from '../operator/test/cluster.ts';
import { table } from './stats.ts';

const [count = 1000] = process.argv.slice(2).map(Number);
const id = uniqueId();
const plan = `bench-audit-${id}`;
const realm = editionRealm(plan);
const names = Array.from({ length: count }, (_, i) => `ba-${id}-${i}`);
Object.assign(process.env, platformEnv(endpoints), { KUBECONFIG: endpoints.kubernetes.kubeconfig });
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function makeTenant(name: string): Promise<void> {
  await createTenant(name, tenantSpec(plan), { 'inopsio.io/bench': `audit-${id}` });
  await custom.patchClusterCustomObjectStatus(
    {
      group,
      version,
      plural: 'tenants',
      name,
      body: {
        status: {
          phase: 'Ready',
          database: {
            isolation: 'pooled',
            location: 'inopsio_pooled/pooled',
            role: `tenant_${name.replaceAll('-', '_')}`,
            secret: 'tenant-database',
          },
          identity: {
            mode: 'organization',
            realm,
            organization: name,
            issuerURL: keycloak.issuer(realm),
          },
        },
      },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await vault.writePolicy(tenantAccessName(name), tenantPolicy('tenants', name));
  await vault.writeSecret(`${name}/database`, {
    current: { id: 1, value: 'bench-only-not-a-secret', createdAt: new Date().toISOString() },
  });
}

async function cleanUp(): Promise<void> {
  await mapLimit(names, 16, async (name) => {
    await deleteTenant(name).catch(() => undefined);
    await vault.deletePolicy(tenantAccessName(name)).catch(() => undefined);
    await vault.deleteTree(`${name}/`).catch(() => undefined);
  });
  await deleteEdition(plan).catch(() => undefined);
  const kc = await keycloak.admin();
  await kc.realms.del({ realm }).catch(() => undefined);
}

const out = await mkdtemp(join(tmpdir(), 'inopsio-bench-audit-'));
try {
  const start = performance.now();
  await createEdition(
    plan,
    editionSpec({
      isolation: 'pooled',
      identity: { ...editionSpec().identity, mode: 'organization', mfa: 'required' },
    }),
  );
  const kc = await keycloak.admin();
  await kc.realms.create({ realm, enabled: true, organizationsEnabled: true });
  const totp = await kc.authenticationManagement.getRequiredActionForAlias({
    realm,
    alias: 'CONFIGURE_TOTP',
  });
  await kc.authenticationManagement.updateRequiredAction(
    { realm, alias: 'CONFIGURE_TOTP' },
    { ...totp, enabled: true, defaultAction: true },
  );
  let made = 0;
  await mapLimit(names, 16, async (name) => {
    await makeTenant(name);
    if (++made % 200 === 0) console.log(`made ${made} of ${count} tenants`);
  });
  console.log(`made ${count} tenants in ${seconds(performance.now() - start)} s; auditing`);

  const rows: (string | number)[][] = [];
  for (const formats of [['json', 'oscal', 'html'], ['pdf']] as const) {
    const sources = sourcesFromEnvironment(16);
    const began = performance.now();
    await audit({ out, tenants: names, formats: [...formats], concurrency: 16 }, sources);
    rows.push([count, formats.join(', '), seconds(performance.now() - began)]);
    await sources.postgres?.end();
  }
  console.log(table(['tenants', 'outputs', 'seconds'], rows));
} finally {
  console.log('cleaning up');
  await cleanUp();
  await rm(out, { recursive: true, force: true });
}
process.exit(0);
