import { byControlId, controlTitle } from './controls.ts';
import type { AuditReport, CheckResult } from './types.ts';

export type ControlState = 'satisfied' | 'not-satisfied' | 'not-evaluated';

/** Everything the audit saw for one Annex A control, across tenants and checks. */
export interface ControlSummary {
  control: string;
  title: string;
  state: ControlState;
  pass: number;
  fail: number;
  notEvaluated: number;
  checks: string[];
  results: CheckResult[];
}

/**
 * A control is not satisfied when any result giving evidence for it fails, satisfied when
 * at least one was evaluated and all evaluated ones pass, and not evaluated otherwise.
 */
export function stateOf(results: CheckResult[]): ControlState {
  if (results.some((r) => r.status === 'fail')) return 'not-satisfied';
  if (results.some((r) => r.status === 'pass')) return 'satisfied';
  return 'not-evaluated';
}

export const allResults = (report: AuditReport) => report.tenants.flatMap((t) => t.results);

/** The controls of a report in Annex A order, with the results for each. */
export function controlSummaries(report: AuditReport): ControlSummary[] {
  const byControl = new Map<string, CheckResult[]>();
  for (const result of allResults(report)) {
    for (const control of result.controls) {
      byControl.set(control, [...(byControl.get(control) ?? []), result]);
    }
  }
  return [...byControl.keys()].sort(byControlId).map((control) => {
    const results = byControl.get(control) ?? [];
    const count = (status: CheckResult['status']) =>
      results.filter((r) => r.status === status).length;
    return {
      control,
      title: controlTitle(control),
      state: stateOf(results),
      pass: count('pass'),
      fail: count('fail'),
      notEvaluated: count('not-evaluated'),
      checks: [...new Set(results.map((r) => r.check))],
      results,
    };
  });
}
