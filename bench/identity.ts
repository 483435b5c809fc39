/**
 * Identity and secrets on the local platform's real Keycloak and OpenBao, through the
 * operator's own steps (the code the operator runs for each tenant), 4 tenants at a time as
 * the operator's workers do:
 *   1. realm mode: IdentityReady per tenant as the number of realms grows (p50/p95 by band);
 *   2. organization mode: N tenants as organizations of one shared realm (p50/p95 by band);
 *   3. SecretsReady per tenant (Vault path, policy, Kubernetes-auth role, credentials).
 *
 *   npm run bench -- identity [realms=200] [organizations=2000] [concurrency=4]
 */
import { performance } from 'node:perf_hooks';
import type { Edition, Tenant } from '../operator/api/v1alpha1/index.ts';
import { identityStep } from '../operator/controller/steps/identity.ts';
import { secretsStep } from '../operator/controller/steps/secrets.ts';
import type { Step, StepContext } from '../operator/controller/steps/step.ts';
import { createLogger } from '../operator/runtime/logger.ts';
import { VaultPlatformSetup } from '../operator/secrets/platform-setup.ts';
import { tokenReviewAccess } from '../operator/secrets/token-review.ts';
import {
  adminKubeconfig,
  editionObject,
  editionSpec,
  keycloak,
  tenantObject,
  tenantSpec,
  uniqueId,
  vault,
} from '../operator/test/cluster.ts';
import { prepareOperator } from '../operator/test/operator-process.ts';
import { percentile, table } from './stats.ts';

const [realms = 200, organizations = 2000, concurrency = 4] = process.argv.slice(2).map(Number);
const id = uniqueId();
const log = createLogger('warn');
await prepareOperator(); // the token reviewer's service account and binding
const setup = new VaultPlatformSetup(vault, tokenReviewAccess(adminKubeconfig(), 'inopsio-system'));
const secrets = secretsStep({ vault, setup });
const identity = identityStep(keycloak);

/** A step's context for one tenant; the Kubernetes side is not involved in these two steps. */
function context(tenant: Tenant, edition: Edition): StepContext {
  return {
    tenant,
    edition,
    log,
    record: async () => {},
    report: {},
    credentials: {},
  } as Partial<StepContext> as StepContext;
}

async function timed(step: Step, ctx: StepContext): Promise<number> {
  const started = performance.now();
  const outcome = await step.reconcile(ctx);
  if (!outcome.done) throw new Error(`${step.name}: ${outcome.message}`);
  return (performance.now() - started) / 1000;
}

/** Runs `work` for 0..count-1, `concurrency` at a time, in order of index. */
async function pool(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

interface Provisioned {
  ctx: StepContext;
  secretsSeconds: number;
  identitySeconds: number;
}

async function provision(mode: 'realm' | 'organization', count: number) {
  const edition = editionObject(
    `bench-${id}-${mode}`,
    editionSpec(
      mode === 'realm'
        ? {}
        : {
            isolation: 'pooled',
            identity: { ...editionSpec().identity, mode: 'organization' },
          },
    ),
  );
  const results: Provisioned[] = [];
  const began = performance.now();
  await pool(count, async (i) => {
    const tenant = tenantObject(
      `bench-${id}-${mode[0]}${i}`,
      tenantSpec(edition.metadata.name, { admin: { email: `admin${i}@bench.example` } }),
    );
    tenant.metadata.uid = `${id}-${i}`;
    const ctx = context(tenant, edition);
    const secretsSeconds = await timed(secrets, ctx);
    const identitySeconds = await timed(identity, ctx);
    results[i] = { ctx, secretsSeconds, identitySeconds };
    if ((i + 1) % 100 === 0) console.log(`  ${mode}: ${i + 1}/${count}`);
  });
  return { results, seconds: (performance.now() - began) / 1000 };
}

async function cleanUp(results: Provisioned[]) {
  await pool(results.length, async (i) => {
    const done = results[i];
    if (!done) return;
    const ctx = {
      ...done.ctx,
      tenant: {
        ...done.ctx.tenant,
        status: { ...done.ctx.report },
        spec: { ...done.ctx.tenant.spec, deletionPolicy: 'Delete' },
      },
    } as StepContext;
    await identity.finalize(ctx);
    await secrets.finalize(ctx);
  });
}

const s = (v: number) => v.toFixed(3);
function bands(results: Provisioned[], size: number, pick: (r: Provisioned) => number) {
  const rows: (string | number)[][] = [];
  for (let from = 0; from < results.length; from += size) {
    const band = results.slice(from, from + size).map(pick);
    rows.push([
      `${from + 1}–${from + band.length}`,
      s(percentile(band, 50)),
      s(percentile(band, 95)),
      s(Math.max(...band)),
    ]);
  }
  const all = results.map(pick);
  rows.push(['all', s(percentile(all, 50)), s(percentile(all, 95)), s(Math.max(...all))]);
  return rows;
}

console.log(
  `identity benchmark: ${realms} realms, ${organizations} organizations, ${concurrency} at a time`,
);
const realmRun = await provision('realm', realms);
const orgRun = await provision('organization', organizations);
try {
  const header = ['tenants', 'p50 (s)', 'p95 (s)', 'max (s)'];
  console.log(
    `\nIdentityReady, realm mode: a realm per tenant (${realmRun.seconds.toFixed(0)} s in all)\n`,
  );
  console.log(
    table(
      header,
      bands(realmRun.results, Math.max(1, Math.round(realms / 4)), (r) => r.identitySeconds),
    ),
  );
  console.log(
    `\nIdentityReady, organization mode: ${organizations} organizations in one realm (${orgRun.seconds.toFixed(0)} s in all)\n`,
  );
  console.log(
    table(
      header,
      bands(orgRun.results, Math.max(1, Math.round(organizations / 4)), (r) => r.identitySeconds),
    ),
  );
  const allSecrets = [...realmRun.results, ...orgRun.results];
  console.log(`\nSecretsReady (${allSecrets.length} tenants)\n`);
  console.log(
    table(header, bands(allSecrets, allSecrets.length, (r) => r.secretsSeconds).slice(-1)),
  );
  // A pass with nothing to change: what every resync costs per tenant.
  const resync: number[] = [];
  for (const r of [...realmRun.results.slice(0, 20), ...orgRun.results.slice(0, 20)]) {
    resync.push(await timed(identity, { ...r.ctx, report: {} }));
  }
  console.log(
    `\nIdentityReady with nothing to change (40 tenants): p50 ${s(percentile(resync, 50))} s, p95 ${s(percentile(resync, 95))} s`,
  );
} finally {
  console.log('\ncleaning up (deleting the realms, organizations and Vault paths)…');
  await cleanUp(realmRun.results);
  await cleanUp(orgRun.results);
  const kc = await keycloak.admin();
  await kc.realms.del({ realm: `edition-bench-${id}-organization` }).catch(() => undefined);
}
