import type { KubernetesObject } from '@kubernetes/client-node';
import { ConditionType, Reason } from '../conditions.ts';
import { labels } from '../constants.ts';
import { renderModuleWorkload } from '../render/module-workload.ts';
import { renderInputs, type Step } from './step.ts';

/** The kinds the Workloads step renders, and so the kinds it prunes. */
export const workloadKinds = [
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
] as const;

const identity = (object: KubernetesObject) =>
  `${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`;

/**
 * Every module of the edition as workloads in the tenant's namespace; objects of modules
 * that left the edition (or an autoscaler the profile no longer wants) are pruned.
 */
export const workloadsStep: Step = {
  name: 'workloads',
  condition: ConditionType.WorkloadsReady,
  async reconcile(ctx) {
    const { tenant, edition, release, cluster } = ctx;
    const modules = edition.spec.modules;
    const { objects: desired } = await cluster.ensureSet(
      `workloads/${tenant.metadata.name}`,
      renderInputs(ctx),
      () => modules.flatMap((module) => renderModuleWorkload(tenant, edition, module, release)),
    );
    // Pruning is due only after a new rendering: an unchanged set left nothing behind.
    if (desired) {
      const keep = new Set(desired.map(identity));
      for (const kind of workloadKinds) {
        for (const object of cluster.list(kind, { [labels.tenant]: tenant.metadata.name })) {
          if (keep.has(identity(object))) continue;
          ctx.log.info({ object: identity(object) }, 'pruning an object of a removed module');
          await cluster.remove(object);
        }
      }
    }
    ctx.report.workloads = modules.map((module) => ({
      module,
      deployment: module,
      image: release.images[module],
    }));
    return {
      done: true,
      reason: Reason.Applied,
      message: `${modules.length} module(s) applied: ${modules.join(', ')}${
        tenant.spec.suspended ? '; suspended, so scaled to zero' : ''
      }`,
    };
  },
  // The namespace step's deletion takes the workloads with the namespace.
  async finalize() {
    return { done: true, reason: Reason.Deleting, message: 'workloads go with the namespace' };
  },
};
