import type { KubernetesObject } from '@kubernetes/client-node';
import { relevantTenants } from '../../policy/context.ts';
import { policyReport } from '../../policy/report.ts';
import type { Policies, RuleResult } from '../../policy/types.ts';
import { ConditionType } from '../conditions.ts';
import { labels, managedBy, tenantNamespace } from '../constants.ts';
import { ownedKinds } from '../owned-kinds.ts';
import { ownerReference } from '../render/common.ts';
import type { Step, StepContext } from './step.ts';

/** The tenant's report: one per tenant namespace. */
export const tenantReportName = 'inopsio-tenant';
/**
 * The platform's ClusterPolicyReport, the Editions against the admission policies: one per
 * operator (shards each report on their own tenants), named after its lease.
 */
export const platformReportName = (leaseName: string) => `${leaseName}-editions`;

export interface PolicyPlane {
  policies: Policies;
  /** Production requires images pinned by digest. */
  production: boolean;
  allowedRegistries: string[];
  /** Every Edition and Tenant the operator knows, for the admission rules' context. */
  editions: () => object[];
  tenants: () => object[];
}

/** What the operator made for the tenant, as the cache holds it (reports aside). */
function madeFor(ctx: StepContext): KubernetesObject[] {
  const tenant = ctx.tenant.metadata.name;
  return ownedKinds
    .filter((kind) => !kind.kind.endsWith('PolicyReport'))
    .flatMap((kind) => ctx.cluster.list(kind.kind, { [labels.tenant]: tenant }));
}

const failures = (results: RuleResult[]) => results.filter((r) => r.result === 'fail');

/**
 * The tenant checked against the policies: its spec with the admission rules (as if applied
 * again, so a rule added later or an edition changed since shows up), and everything the
 * operator made for it with the workload rules. The results go into a PolicyReport in the
 * tenant's namespace; any failure makes the condition False and names the rules.
 */
export function policyStep(plane: PolicyPlane): Step {
  return {
    name: 'policy',
    condition: ConditionType.PolicyCompliant,
    async reconcile(ctx) {
      const { tenant } = ctx;
      const name = tenant.metadata.name;
      const results = [
        ...plane.policies.admission({
          operation: 'UPDATE',
          object: tenant,
          oldObject: tenant,
          editions: plane.editions(),
          tenants: relevantTenants('Tenant', tenant, plane.tenants()),
        }),
        ...plane.policies.workloads({
          tenant: name,
          production: plane.production,
          allowedRegistries: plane.allowedRegistries,
          objects: madeFor(ctx),
        }),
      ];
      await ctx.cluster.ensure(
        policyReport(
          {
            name: tenantReportName,
            namespace: tenantNamespace(name),
            labels: { [labels.managedBy]: managedBy, [labels.tenant]: name },
            ownerReferences: [ownerReference(tenant)],
          },
          results,
        ),
      );
      const failed = failures(results);
      if (failed.length === 0) {
        return {
          done: true,
          reason: 'Compliant',
          message: `${results.length} rule results passed; PolicyReport ${tenantReportName} in ${tenantNamespace(name)}`,
        };
      }
      const shown = failed
        .slice(0, 5)
        .map((r) => `${r.policy}/${r.rule}: ${r.message}`)
        .join('; ');
      return {
        done: false,
        reason: 'PolicyViolations',
        message: `${failed.length} of ${results.length} rule results failed: ${shown}${failed.length > 5 ? '; …' : ''} (kubectl get policyreport ${tenantReportName} -n ${tenantNamespace(name)} -o yaml)`,
      };
    },
    // The report is in the tenant's namespace and goes with it.
    async finalize() {
      return {
        done: true,
        reason: 'Deleting',
        message: 'the PolicyReport goes with the namespace',
      };
    },
  };
}
