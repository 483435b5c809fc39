import type { KubernetesObject } from '@kubernetes/client-node';
import type { RuleResult } from './types.ts';

export const policyReportApiVersion = 'wgpolicyk8s.io/v1alpha2';
/** The `source` of every result the operator reports. */
export const reportSource = 'inopsio';

export interface PolicyReportSummary {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  skip: number;
}

export const summarize = (results: RuleResult[]): PolicyReportSummary => ({
  pass: results.filter((r) => r.result === 'pass').length,
  fail: results.filter((r) => r.result === 'fail').length,
  warn: 0,
  error: 0,
  skip: 0,
});

/**
 * A PolicyReport (or ClusterPolicyReport, without a namespace) with a result per rule: its
 * severity, message, the resource it concerns and, as properties, the ISO/IEC 27001 Annex A
 * controls it gives evidence for. No timestamps, so an unchanged outcome is an unchanged
 * object and costs no write.
 */
export function policyReport(
  metadata: KubernetesObject['metadata'],
  results: RuleResult[],
): KubernetesObject {
  const ordered = [...results].sort(
    (a, b) =>
      a.policy.localeCompare(b.policy) ||
      a.rule.localeCompare(b.rule) ||
      (a.resource?.name ?? '').localeCompare(b.resource?.name ?? '') ||
      a.message.localeCompare(b.message),
  );
  return {
    apiVersion: policyReportApiVersion,
    kind: metadata?.namespace ? 'PolicyReport' : 'ClusterPolicyReport',
    metadata,
    summary: summarize(results),
    results: ordered.map((r) => ({
      source: reportSource,
      policy: r.policy,
      rule: r.rule,
      result: r.result,
      severity: r.severity,
      message: r.message,
      scored: true,
      properties: { controls: r.controls.join(',') },
      ...(r.resource ? { resources: [r.resource] } : {}),
    })),
  } as KubernetesObject;
}
