import { tenantNamespace } from '../../controller/constants.ts';
import { hasStatus } from '../../runtime/errors.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, notEvaluated, settle } from './check.ts';

export const policyReportResource = {
  group: 'wgpolicyk8s.io',
  version: 'v1alpha2',
  plural: 'policyreports',
} as const;

/** The fields of a wgpolicyk8s.io PolicyReport the audit reads. */
export interface PolicyReport {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  summary?: Record<string, number>;
  results?: {
    policy?: string;
    rule?: string;
    result?: string;
    message?: string;
    timestamp?: { seconds?: number };
    properties?: Record<string, string>;
  }[];
}

const failing = new Set(['fail', 'error']);

/** Annex A ids a report's results name in their properties (`A.8.9`, `A.8.9, A.5.15`). */
export function controlsNamed(report: PolicyReport): string[] {
  const ids = new Set<string>();
  for (const result of report.results ?? []) {
    for (const value of Object.values(result.properties ?? {})) {
      for (const [id] of String(value).matchAll(/A\.\d+\.\d+/g)) ids.add(id);
    }
  }
  return [...ids];
}

/** Pass when the namespace's reports have results and none of them fails or errs. */
export function judgePolicyReports(reports: PolicyReport[], source: string): Outcome {
  const results = reports.flatMap((report) =>
    (report.results ?? []).map((r) => ({
      report: report.metadata.name,
      policy: r.policy ?? '',
      rule: r.rule ?? '',
      result: r.result ?? '',
      ...(r.message ? { message: r.message } : {}),
    })),
  );
  if (results.length === 0) {
    return notEvaluated('no PolicyReport with results in the tenant namespace yet', source);
  }
  const failed = results.filter((r) => failing.has(r.result));
  const evidence = {
    reports: reports.map((r) => r.metadata.name),
    results: results.length,
    failed: failed.length,
    controlsNamed: reports.flatMap(controlsNamed),
    ...(failed.length ? { failures: failed } : { resultsSeen: results }),
  };
  return failed.length === 0
    ? outcome('pass', `${results.length} policy results, none failing`, source, evidence)
    : outcome(
        'fail',
        `${failed.length} of ${results.length} policy results fail: ${failed.map((f) => `${f.policy}/${f.rule}`).join(', ')}`,
        source,
        evidence,
      );
}

/** Lists every PolicyReport once; absent CRD or report: not evaluated, never a fake pass. */
export const policyResults: Check = {
  id: 'policy-results',
  controls: ['A.8.9'],
  async collect(sources) {
    const listed = await settle(async () => {
      try {
        const list = (await sources.kubernetes.listClusterCustomObject(policyReportResource)) as {
          items: PolicyReport[];
        };
        return list.items;
      } catch (error) {
        if (hasStatus(error, 404)) return undefined; // the CRD is not installed
        throw error;
      }
    });
    const byNamespace = Map.groupBy(
      Array.isArray(listed) ? listed : [],
      (report) => report.metadata.namespace ?? '',
    );
    return ({ tenant }) => {
      const namespace = tenantNamespace(tenant.metadata.name);
      const source = `kubernetes policyreports.wgpolicyk8s.io in ${namespace}`;
      if (listed instanceof Error)
        return notEvaluated('PolicyReports could not be listed', source, listed);
      if (listed === undefined) {
        return notEvaluated(
          'the wgpolicyk8s.io/v1alpha2 PolicyReport CRD is not installed',
          source,
        );
      }
      return judgePolicyReports(byNamespace.get(namespace) ?? [], source);
    };
  },
};
