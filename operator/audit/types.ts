/** What `inopsio audit` reports: one result per tenant and check, with the evidence seen. */

export type CheckStatus = 'pass' | 'fail' | 'not-evaluated';

export interface CheckResult {
  /** The check's id, such as `row-level-security`. */
  check: string;
  tenant: string;
  /** ISO/IEC 27001:2022 Annex A controls the check gives evidence for (`A.8.3`). */
  controls: string[];
  status: CheckStatus;
  /** One sentence for people: what was seen and, on a failure, what to fix. */
  summary: string;
  /** The observed values, never a secret. */
  evidence: Record<string, unknown>;
  /** When the live state was read (ISO 8601). */
  observedAt: string;
  /** Where it was read: `postgresql inopsio_pooled/pooled`, `vault sys/policies/acl/tenant-acme`. */
  source: string;
}

/** One tenant as the audit saw it in the API server. */
export interface AuditedTenant {
  name: string;
  edition: string;
  phase?: string;
  results: CheckResult[];
}

export interface AuditReport {
  tool: { name: 'inopsio audit'; version: string };
  startedAt: string;
  finishedAt: string;
  tenants: AuditedTenant[];
}

/** A check's result without the tenant and time, which the runner adds. */
export type Outcome = Pick<CheckResult, 'status' | 'summary' | 'evidence' | 'source'>;

export const outcome = (
  status: CheckStatus,
  summary: string,
  source: string,
  evidence: Record<string, unknown> = {},
): Outcome => ({ status, summary, evidence, source });
