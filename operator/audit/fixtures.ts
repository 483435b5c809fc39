/** Audit reports as plain data, for the unit tests of the mapping and the outputs. */
import type { AuditReport, CheckResult, CheckStatus } from './types.ts';

export const observedAt = '2026-11-25T20:00:00.000Z';

export const result = (
  tenant: string,
  check: string,
  controls: string[],
  status: CheckStatus,
): CheckResult => ({
  check,
  tenant,
  controls,
  status,
  summary: `${check} ${status}`,
  evidence: { seen: status },
  observedAt,
  source: `test ${check}`,
});

/** Two tenants: `good` passes everything, `bad` fails RLS and MFA; policy results not evaluated. */
export const sampleReport = (): AuditReport => ({
  tool: { name: 'inopsio audit', version: '0.1.0' },
  startedAt: observedAt,
  finishedAt: '2026-11-25T20:00:01.000Z',
  tenants: ['good', 'bad'].map((tenant) => ({
    name: tenant,
    edition: 'starter',
    results: [
      result(tenant, 'row-level-security', ['A.8.3', 'A.5.15'], tenant === 'bad' ? 'fail' : 'pass'),
      result(tenant, 'realm-mfa', ['A.8.5'], tenant === 'bad' ? 'fail' : 'pass'),
      result(tenant, 'backup-policy', ['A.8.13'], 'pass'),
      result(tenant, 'policy-results', ['A.8.9'], 'not-evaluated'),
    ],
  })),
});
