/**
 * `inopsio audit` against the real platform: a compliant tenant, and one made non-compliant
 * for real (an edition with a 1 h RPO, FORCE ROW LEVEL SECURITY dropped on a table, its Vault
 * policy widened and OTP no longer required in its realm, all by hand with the operator
 * stopped so it cannot put them back). The outputs are read back: audit.json, the HTML in
 * Chromium, the PDF through pdftoppm.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLocation } from '../data/homes.ts';
import { PostgresAdmin } from '../data/postgres.ts';
import { platformEnv } from '../dev/platform-env.ts';
import type { RotatedCredential } from '../secrets/rotation.ts';
import { tenantPolicy } from '../secrets/tenant-access.ts';
import {
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
} from '../test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from '../test/operator-process.ts';
import { launchChromium } from './pdf.ts';
import type { AuditReport, CheckResult } from './types.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
const id = uniqueId();
const runLabels = testRun(`audit-${id}`);
const [okPlan, weakPlan] = [`it-${id}-ok`, `it-${id}-weak`];
const [good, bad] = [`au-${id}-good`, `au-${id}-bad`];
const identity = {
  mode: 'realm' as const,
  mfa: 'required' as const,
  passwordPolicy: 'length(12)',
  sessionIdleTimeout: '30m',
  sessionMaxLifespan: '10h',
  federation: false,
};

const statuses = (report: AuditReport, tenant: string) =>
  Object.fromEntries(
    (report.tenants.find((t) => t.name === tenant)?.results ?? []).map((r) => [r.check, r.status]),
  );
const resultOf = (report: AuditReport, tenant: string, check: string) =>
  report.tenants
    .find((t) => t.name === tenant)
    ?.results.find((r) => r.check === check) as CheckResult;

describe('inopsio audit', () => {
  let operator: OperatorProcess | undefined;
  let kubeconfig: string;
  let out: string;
  let report: AuditReport;
  let stdout: string;

  beforeAll(async () => {
    kubeconfig = await prepareOperator();
    await createEdition(okPlan, editionSpec({ identity }));
    await createEdition(
      weakPlan,
      editionSpec({ identity, backup: { rpo: '1h', retention: '720h' } }),
    );
    await createTenant(good, tenantSpec(okPlan), runLabels.labels);
    await createTenant(bad, tenantSpec(weakPlan), runLabels.labels);
    operator = await startOperator(kubeconfig, `audit-${id}`, runLabels.operatorArgs);
    await readyTenant(good);
    const badTenant = await readyTenant(bad);
    await operator.stop();
    operator = undefined;

    // Non-compliant by hand, as an intruder or a careless admin would.
    const admin = new PostgresAdmin(endpoints.postgres.url);
    const database = badTenant.status?.database as { isolation: 'schema'; location: string };
    const home = parseLocation(database.isolation, database.location);
    await admin.query(
      home.database,
      `ALTER TABLE "${home.schema}".crm_account NO FORCE ROW LEVEL SECURITY`,
    );
    await admin.end();
    await vault.writePolicy(
      `tenant-${bad}`,
      `${tenantPolicy('tenants', bad)}path "tenants/data/*" {\n  capabilities = ["read"]\n}\n`,
    );
    const kc = await keycloak.admin();
    const realm = `tenant-${bad}`;
    const totp = await kc.authenticationManagement.getRequiredActionForAlias({
      realm,
      alias: 'CONFIGURE_TOTP',
    });
    await kc.authenticationManagement.updateRequiredAction(
      { realm, alias: 'CONFIGURE_TOTP' },
      { ...totp, defaultAction: false },
    );

    out = await mkdtemp(join(tmpdir(), 'inopsio-audit-'));
    const env = {
      ...process.env,
      ...platformEnv(endpoints),
      KUBECONFIG: endpoints.kubernetes.kubeconfig,
    };
    ({ stdout } = await run(
      process.execPath,
      [cli, 'audit', '--out', out, '--tenant', good, '--tenant', bad],
      { env },
    ));
    report = JSON.parse(await readFile(join(out, 'audit.json'), 'utf8')) as AuditReport;
  }, 240_000);

  afterAll(async () => {
    // An operator again, to finalize the tenants (namespace, data, realm, Vault path).
    operator ??= await startOperator(kubeconfig, `audit-${id}-cleanup`, runLabels.operatorArgs);
    for (const name of [good, bad]) await deleteTenant(name).catch(() => undefined);
    for (const name of [good, bad]) await tenantGone(name).catch(() => undefined);
    for (const plan of [okPlan, weakPlan]) await deleteEdition(plan).catch(() => undefined);
    await operator.stop();
  }, 180_000);

  it('passes every evaluated check of the compliant tenant', () => {
    expect(report.tenants.map((t) => t.name).sort()).toEqual([bad, good].sort());
    expect(statuses(report, good)).toEqual({
      'row-level-security': 'pass',
      'realm-mfa': 'pass',
      'vault-policy-scope': 'pass',
      'credential-age': 'pass',
      'backup-policy': 'pass',
      // From the PolicyReport the operator's PolicyCompliant step wrote.
      'policy-results': 'pass',
    });
    expect(resultOf(report, good, 'policy-results').evidence).toMatchObject({
      failed: 0,
      controlsNamed: expect.arrayContaining(['A.8.9']),
    });
    const rls = resultOf(report, good, 'row-level-security');
    expect(rls.controls).toEqual(['A.8.3', 'A.5.15']);
    expect(rls.evidence.tables).toBeGreaterThan(0);
    expect(Date.parse(rls.observedAt)).toBeGreaterThan(Date.parse(report.startedAt) - 1);
  });

  it('fails the non-compliant tenant on what was changed, with the evidence', () => {
    expect(statuses(report, bad)).toMatchObject({
      'row-level-security': 'fail',
      'realm-mfa': 'fail',
      'vault-policy-scope': 'fail',
      'credential-age': 'pass',
      'backup-policy': 'fail',
    });
    expect(resultOf(report, bad, 'row-level-security').evidence.notProtected).toEqual([
      { table: 'crm_account', rowSecurity: true, forced: false },
    ]);
    expect(resultOf(report, bad, 'vault-policy-scope').evidence.outsideScope).toEqual([
      { path: 'tenants/data/*', capabilities: ['read'] },
    ]);
    expect(resultOf(report, bad, 'backup-policy').evidence).toMatchObject({ rpo: '1h' });
    expect(resultOf(report, bad, 'realm-mfa').evidence.configureTotp).toMatchObject({
      defaultAction: false,
    });
  });

  it('never writes a credential and writes every output', async () => {
    const [json, oscal] = await Promise.all(
      ['audit.json', 'assessment-results.json'].map((f) => readFile(join(out, f), 'utf8')),
    );
    const secrets = await Promise.all(
      [good, bad].map((t) => vault.readSecret<RotatedCredential>(`${t}/database`)),
    );
    const values = secrets.map((c) => c?.current.value as string);
    expect(values.every(Boolean)).toBe(true);
    for (const text of [json, oscal, stdout]) {
      expect(text).not.toMatch(/password|client_secret/i);
      for (const value of [...values, endpoints.openbao.token]) expect(text).not.toContain(value);
    }
    expect((await readdir(out)).sort()).toEqual([
      'assessment-results.json',
      'audit.json',
      'report.html',
      'report.pdf',
    ]);
    const findings = JSON.parse(oscal as string)['assessment-results'].results[0].findings as {
      target: { 'target-id': string; status: { state: string } };
    }[];
    expect(findings.find((f) => f.target['target-id'] === 'A.8.13')?.target.status.state).toBe(
      'not-satisfied',
    );
  });

  it('shows the pass and fail rows in the HTML as Chromium renders it', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const row = (tenant: string, check: string) =>
        page.locator(`section[data-tenant="${tenant}"] tr[data-check="${check}"]`);
      for (const check of [
        'row-level-security',
        'realm-mfa',
        'vault-policy-scope',
        'backup-policy',
      ]) {
        await expect(row(good, check).isVisible()).resolves.toBe(true);
        expect(await row(good, check).locator('.badge').textContent()).toBe('pass');
        await expect(row(bad, check).isVisible()).resolves.toBe(true);
        expect(await row(bad, check).locator('.badge').textContent()).toBe('fail');
      }
      expect(await row(bad, 'row-level-security').textContent()).toContain('crm_account');
      const backup = page.locator('#controls tr[data-control="A.8.13"]');
      expect(await backup.locator('.badge').textContent()).toBe('not-satisfied');
      const shot = join(out, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });

  it('prints a PDF with pages that hold the report', async () => {
    const pages = join(out, 'pages');
    await run('pdftoppm', ['-png', '-r', '40', join(out, 'report.pdf'), pages]);
    const images = (await readdir(out)).filter((f) => f.startsWith('pages') && f.endsWith('.png'));
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect((await stat(join(out, image))).size).toBeGreaterThan(2_000);
    const { stdout: text } = await run('pdftotext', [join(out, 'report.pdf'), '-']);
    expect(text).toContain(`Tenant ${bad}`);
    expect(text).toContain('A.8.13');
  });

  it('refuses an unknown format or tenant, naming the flag and the fix', async () => {
    const env = {
      ...process.env,
      ...platformEnv(endpoints),
      KUBECONFIG: endpoints.kubernetes.kubeconfig,
    };
    const failed = (args: string[]) =>
      run(process.execPath, [cli, 'audit', ...args], { env }).then(
        () => '',
        (error: { stderr: string }) => error.stderr,
      );
    expect(await failed(['--out', out, '--format', 'docx'])).toContain(
      '--format docx: not a format',
    );
    expect(await failed(['--format', 'json'])).toContain('--out is required');
    expect(await failed(['--out', out, '--tenant', `au-${id}-none`])).toContain(
      `--tenant au-${id}-none: no such Tenant`,
    );
  });
});
