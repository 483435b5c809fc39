/**
 * Policies through the real API server: the operator's admission webhook refusing Tenants
 * and Editions with every policy's message (as kubectl shows it), and the PolicyCompliant
 * step's PolicyReports for a compliant and a non-compliant tenant.
 */

import { freePort } from '@inopsio/platform/local';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  condition,
  createEdition,
  createTenant,
  custom,
  deleteEdition,
  deleteTenant,
  editionObject,
  editionSpec,
  getTenant,
  kubectl,
  kubectlApplyStdin,
  readyTenant,
  tenantGone,
  tenantObject,
  tenantSpec,
  testRun,
  uniqueId,
} from '../test/cluster.ts';
import type { Json } from '../test/fixtures.ts';
import { type OperatorProcess, prepareOperator, startOperator } from '../test/operator-process.ts';

const id = uniqueId();
const run = testRun(`admission-${id}`);
const plan = `it-${id}-residency`;
const name = (suffix: string) => `it-${id}-${suffix}`;
const wait = { timeout: 60_000, interval: 250 };
const report = (tenant: string) =>
  custom.getNamespacedCustomObject({
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    namespace: `tenant-${tenant}`,
    plural: 'policyreports',
    name: 'inopsio-tenant',
  }) as Promise<Json>;

/** kubectl apply of an object: its output, or its error when the API server refuses it. */
const refusal = (object: object) =>
  kubectlApplyStdin(JSON.stringify(object)).then(
    (stdout) => stdout,
    (error: Error) => error.message,
  );

describe('admission and policy reports', () => {
  let operator: OperatorProcess;
  let strict: OperatorProcess;
  const tenants: string[] = [];
  const strictRun = testRun(`admission-strict-${id}`);

  beforeAll(async () => {
    const kubeconfig = await prepareOperator();
    const port = await freePort();
    operator = await startOperator(kubeconfig, `admission-${id}`, [
      ...run.operatorArgs,
      '--webhook-address',
      `127.0.0.1:${port}`,
      '--webhook-url',
      `https://127.0.0.1:${port}`,
    ]);
    // An operator whose registries allow none of the release's images: its tenants fail the
    // workload policies.
    strict = await startOperator(kubeconfig, `admission-strict-${id}`, [
      ...strictRun.operatorArgs,
      '--allowed-registries',
      'registry.example.com/approved',
    ]);
    await createEdition(plan, editionSpec({ modules: ['crm'] }));
  });

  afterAll(async () => {
    for (const t of tenants) await deleteTenant(t).catch(() => undefined);
    for (const t of tenants) await tenantGone(t).catch(() => undefined);
    await deleteEdition(plan).catch(() => undefined);
    await Promise.all([operator?.stop(), strict?.stop()]);
    await kubectl(
      'delete',
      'validatingwebhookconfiguration',
      `operator-admission-${id}`,
      '--ignore-not-found',
    );
    for (const report of [
      `operator-admission-${id}-editions`,
      `operator-admission-strict-${id}-editions`,
    ])
      await kubectl('delete', 'clusterpolicyreport', report, '--ignore-not-found');
  });

  it('admits a tenant within its edition, which becomes Ready with a passing PolicyReport', async () => {
    const t = name('good');
    tenants.push(t);
    const spec = tenantSpec(plan, { domains: [`good-${id}.test.example`] });
    expect(await refusal(tenantObject(t, spec, run.labels))).toMatch(/created|configured/);
    const ready = await readyTenant(t);
    expect(condition(ready, 'PolicyCompliant')).toMatchObject({
      status: 'True',
      reason: 'Compliant',
    });
    const policyReport = await report(t);
    expect(policyReport.summary.fail).toBe(0);
    expect(policyReport.summary.pass).toBeGreaterThan(5);
    const rules = policyReport.results.map((r: Json) => `${r.policy}/${r.rule}`);
    expect(rules.some((rule: string) => rule.includes('placement'))).toBe(true);
    expect(policyReport.results.every((r: Json) => /^A\.\d/.test(r.properties.controls))).toBe(
      true,
    );
  });

  it('refuses, through kubectl, a tenant outside its edition with every policy message', async () => {
    const message = await refusal(
      tenantObject(
        `inopsio-${id}`,
        tenantSpec(plan, {
          placement: { provider: 'aws', region: 'us-east-1' },
          domains: [`good-${id}.test.example`],
        }),
        run.labels,
      ),
    );
    expect(message).toMatch(
      /admission webhook "tenants\.platform\.inopsio\.io" denied the request/,
    );
    expect(message).toMatch(/us-east-1/); // data residency
    expect(message).toMatch(new RegExp(`good-${id}\\.test\\.example`)); // the domain is taken
    expect(message).toMatch(/reserved/i);
    expect(await getTenant(`inopsio-${id}`).catch(() => 'absent')).toBe('absent');
  });

  it('refuses a tenant of an edition that does not exist, and an edition that drops a region in use', async () => {
    expect(
      await refusal(tenantObject(name('orphan'), tenantSpec(`it-${id}-nowhere`), run.labels)),
    ).toMatch(/it-[0-9a-f]+-nowhere/);
    const narrowed = editionObject(
      plan,
      editionSpec({
        modules: ['crm'],
        placement: { allowed: [{ provider: 'azure', regions: ['westeurope'] }] },
      }),
    );
    narrowed.metadata.labels = run.labels;
    expect(await refusal(narrowed)).toMatch(/eu-west-1/);
  });

  it('reports the editions against the admission policies in a ClusterPolicyReport', async () => {
    const platform = await vi.waitFor(async () => {
      const found = (await custom.getClusterCustomObject({
        group: 'wgpolicyk8s.io',
        version: 'v1alpha2',
        plural: 'clusterpolicyreports',
        name: `operator-admission-${id}-editions`,
      })) as Json;
      const ours = found.results.filter((r: Json) => r.resources?.[0]?.name === plan);
      expect(ours.length).toBeGreaterThan(0);
      return found;
    }, wait);
    expect(platform.kind).toBe('ClusterPolicyReport');
    expect(platform.summary.pass).toBeGreaterThan(0);
  });

  it('reports a tenant whose workloads break the policies as not compliant, rule by rule', async () => {
    const t = name('strict');
    tenants.push(t);
    await createTenant(
      t,
      tenantSpec(plan, { domains: [`strict-${id}.test.example`] }),
      strictRun.labels,
    );
    const failing = await vi.waitFor(async () => {
      const tenant = await getTenant(t);
      expect(condition(tenant, 'PolicyCompliant')).toMatchObject({
        status: 'False',
        reason: 'PolicyViolations',
      });
      return tenant;
    }, wait);
    expect(condition(failing, 'PolicyCompliant')?.message).toMatch(/registry/);
    expect(condition(failing, 'Ready')?.status).toBe('False');
    const policyReport = await report(t);
    const failed = policyReport.results.filter((r: Json) => r.result === 'fail');
    expect(failed.length).toBe(policyReport.summary.fail);
    expect(failed[0]).toMatchObject({
      source: 'inopsio',
      resources: [expect.objectContaining({ kind: 'Deployment' })],
    });
  });

  it('takes its webhook registration away when it stops, so nothing is left failing closed', async () => {
    const good = name('good');
    await deleteTenant(good);
    await tenantGone(good);
    const configuration = `operator-admission-${id}`;
    expect(
      await kubectl('get', 'validatingwebhookconfiguration', configuration, '-o', 'name'),
    ).toMatch(configuration);
    expect(await operator.stop()).toBe(0);
    expect(
      await kubectl(
        'get',
        'validatingwebhookconfiguration',
        configuration,
        '--ignore-not-found',
        '-o',
        'name',
      ),
    ).toBe('');
  });
});
