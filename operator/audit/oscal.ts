import { randomUUID } from 'node:crypto';
import { allResults, controlSummaries } from './mapping.ts';
import type { AuditReport, CheckResult } from './types.ts';

/** The OSCAL model version the document declares. */
export const oscalVersion = '1.1.3';
/** Where Inopsio's own OSCAL property names live. */
export const inopsioNs = 'https://inopsio.io/ns/oscal';
/** The assessment plan is not produced yet: a placeholder reference, as OSCAL requires one. */
export const assessmentPlanHref = '#inopsio-audit-assessment-plan';

const prop = (name: string, value: string) => ({ name, ns: inopsioNs, value });

/** Evidence as text for `relevant-evidence`; secrets never reach a check's evidence. */
const evidenceText = (result: CheckResult) => JSON.stringify(result.evidence);

/**
 * An OSCAL assessment-results document of the audit: one result, the tenants as inventory
 * items, an observation per check result (its evidence and time) and a finding per Annex A
 * control with target status satisfied or not-satisfied. Controls no check could evaluate have
 * observations but no finding: OSCAL's objective status has no "not evaluated".
 */
export function toOscal(report: AuditReport, uuid: () => string = randomUUID): object {
  const tenantUuids = new Map(report.tenants.map((t) => [t.name, uuid()]));
  const observationUuids = new Map<CheckResult, string>();
  const observations = allResults(report).map((result) => {
    const id = uuid();
    observationUuids.set(result, id);
    return {
      uuid: id,
      title: `${result.check} of tenant ${result.tenant}: ${result.status}`,
      description: result.summary,
      props: [
        prop('check', result.check),
        prop('status', result.status),
        prop('source', result.source),
        ...result.controls.map((control) => prop('control', control)),
      ],
      methods: ['TEST'],
      types: ['control-objective'],
      subjects: [
        { 'subject-uuid': tenantUuids.get(result.tenant) as string, type: 'inventory-item' },
      ],
      'relevant-evidence': [{ description: evidenceText(result) }],
      collected: result.observedAt,
    };
  });
  const summaries = controlSummaries(report);
  const findings = summaries
    .filter((s) => s.state !== 'not-evaluated')
    .map((s) => ({
      uuid: uuid(),
      title: `${s.control} ${s.title}`,
      description: `${s.pass} passing, ${s.fail} failing, ${s.notEvaluated} not evaluated results of ${s.checks.join(', ')}`,
      target: {
        type: 'objective-id',
        'target-id': s.control,
        status: { state: s.state },
      },
      'related-observations': s.results.map((r) => ({
        'observation-uuid': observationUuids.get(r) as string,
      })),
    }));
  return {
    'assessment-results': {
      uuid: uuid(),
      metadata: {
        title: 'Inopsio tenant audit against ISO/IEC 27001:2022 Annex A',
        'last-modified': report.finishedAt,
        version: report.tool.version,
        'oscal-version': oscalVersion,
      },
      'import-ap': { href: assessmentPlanHref },
      results: [
        {
          uuid: uuid(),
          title: `inopsio audit of ${report.tenants.length} tenants`,
          description:
            'Live state of each tenant (PostgreSQL, Keycloak, Vault, Kubernetes) read by inopsio audit.',
          start: report.startedAt,
          end: report.finishedAt,
          'local-definitions': {
            'inventory-items': report.tenants.map((t) => ({
              uuid: tenantUuids.get(t.name) as string,
              description: `Tenant ${t.name} (edition ${t.edition})`,
              props: [prop('tenant', t.name), prop('edition', t.edition)],
            })),
          },
          'reviewed-controls': {
            'control-selections': [
              {
                'include-controls': summaries.map((s) => ({ 'control-id': s.control })),
              },
            ],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
    },
  };
}
