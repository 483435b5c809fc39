import type { V1Namespace } from '@kubernetes/client-node';
import { ConditionType, Reason } from '../conditions.ts';
import { tenantNamespace } from '../constants.ts';
import { renderNamespaceObjects } from '../render/namespace-objects.ts';
import { renderInputs, type Step } from './step.ts';

/** The tenant's namespace with its quota, defaults, network policy and service account. */
export const namespaceStep: Step = {
  name: 'namespace',
  condition: ConditionType.NamespaceReady,
  async reconcile(ctx) {
    const name = tenantNamespace(ctx.tenant.metadata.name);
    await ctx.cluster.ensureSet(`namespace/${ctx.tenant.metadata.name}`, renderInputs(ctx), () =>
      renderNamespaceObjects(ctx.tenant, ctx.edition, ctx.config),
    );
    ctx.report.namespace = name;
    const namespace = ctx.cluster.get<V1Namespace>('Namespace', name);
    if (namespace?.status?.phase === 'Terminating') {
      return {
        done: false,
        reason: Reason.NamespaceTerminating,
        message: `namespace ${name} is being deleted; it is made again once it is gone`,
        requeueAfterMs: 2000,
      };
    }
    return {
      done: true,
      reason: Reason.Reconciled,
      message: `namespace ${name} with its quota, limit range, network policies and service account`,
    };
  },
  async finalize(ctx) {
    const name = tenantNamespace(ctx.tenant.metadata.name);
    const namespace = ctx.cluster.get<V1Namespace>('Namespace', name);
    if (!namespace) {
      return { done: true, reason: Reason.Deleting, message: `namespace ${name} is gone` };
    }
    await ctx.cluster.remove(namespace);
    return {
      done: false,
      reason: Reason.Deleting,
      message: `waiting for namespace ${name} and its contents to be deleted`,
      requeueAfterMs: 1000,
    };
  },
};
