import { type CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  type Condition,
  type Edition,
  group,
  type Phase,
  type Tenant,
  type TenantStatus,
  version,
} from '../api/v1alpha1/index.ts';
import { describeError } from '../runtime/errors.ts';
import type { EventRecorder, RecordedEvent } from '../runtime/events.ts';
import type { Informer } from '../runtime/informer.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Metrics } from '../runtime/metrics.ts';
import type { OwnedObjects } from '../runtime/owned-objects.ts';
import type { HandlerResult } from '../runtime/work-queue.ts';
import { ConditionType, findCondition, Reason, setCondition } from './conditions.ts';
import type { OperatorConfig } from './config.ts';
import { finalizer } from './constants.ts';
import type { Release } from './release.ts';
import { writeTenantStatus } from './status-writer.ts';
import type { FinalizeContext, PendingStep, Step, StepOutcome } from './steps/step.ts';

export interface TenantReconcilerDeps {
  tenants: Informer<Tenant>;
  editions: Informer<Edition>;
  cluster: OwnedObjects;
  api: CustomObjectsApi;
  events: EventRecorder;
  metrics: Metrics;
  config: OperatorConfig;
  release: Release;
  log: Logger;
  steps: Step[];
  pending: PendingStep[];
}

/** The order conditions are listed in, as the design lists the steps. */
const conditionOrder: string[] = Object.values(ConditionType);
const byDesignOrder = (a: Condition, b: Condition) =>
  conditionOrder.indexOf(a.type) - conditionOrder.indexOf(b.type);

/**
 * Reconciles one Tenant: its finalizer, its steps in order, its status (written only when it
 * changed) and Events on changes of readiness. Deleting a Tenant finalizes the steps in
 * reverse order before the finalizer is removed.
 */
export class TenantReconciler {
  private readonly deps: TenantReconcilerDeps;

  constructor(deps: TenantReconcilerDeps) {
    this.deps = deps;
  }

  async reconcile(name: string): Promise<HandlerResult | undefined> {
    const { tenants, editions, cluster, log } = this.deps;
    const tenant = tenants.get(name);
    if (!tenant) {
      cluster.forgetSetsOf(name);
      return undefined;
    }
    const tenantLog = log.child({ tenant: name });
    if (tenant.metadata.deletionTimestamp) return this.finalize(tenant, tenantLog);
    // The finalizer goes on before anything is made, so nothing can be left behind.
    const current = tenant.metadata.finalizers?.includes(finalizer)
      ? tenant
      : await this.setFinalizers(tenant, [...(tenant.metadata.finalizers ?? []), finalizer]);
    const edition = editions.get(tenant.spec.edition);
    if (!edition) return this.editionMissing(current);
    return this.provision(current, edition, tenantLog);
  }

  private context(tenant: Tenant, log: Logger): Omit<FinalizeContext, 'edition'> {
    const { cluster, release, config } = this.deps;
    const record = (event: RecordedEvent) => this.deps.events.record(tenant, event);
    return { tenant, cluster, release, config, log, record, report: {}, credentials: {} };
  }

  private async runStep(
    step: Step,
    log: Logger,
    run: () => Promise<StepOutcome>,
  ): Promise<{ outcome: StepOutcome; error?: unknown }> {
    const end = this.deps.metrics.stepDuration.startTimer({ step: step.name });
    try {
      return { outcome: await run() };
    } catch (error) {
      this.deps.metrics.errors.inc({ step: step.name });
      log.error({ step: step.name, error: describeError(error) }, 'step failed');
      return {
        error,
        outcome: {
          done: false,
          reason: (error as { reason?: string }).reason ?? Reason.StepFailed,
          message: describeError(error),
        },
      };
    } finally {
      end();
    }
  }

  private async provision(
    tenant: Tenant,
    edition: Edition,
    log: Logger,
  ): Promise<HandlerResult | undefined> {
    const { steps, pending, metrics } = this.deps;
    const ctx = { ...this.context(tenant, log), edition };
    const observedGeneration = tenant.metadata.generation ?? 0;
    let conditions = tenant.status?.conditions ?? [];
    let blocked: { step: Step; outcome: StepOutcome; error?: unknown } | undefined;
    let requeueAfterMs: number | undefined;
    for (const step of steps) {
      if (blocked) {
        conditions = setCondition(conditions, {
          type: step.condition,
          status: 'Unknown',
          reason: Reason.WaitingForPreviousStep,
          message: `waits for the ${blocked.step.name} step`,
          observedGeneration,
        });
        continue;
      }
      const { outcome, error } = await this.runStep(step, log, () => step.reconcile(ctx));
      conditions = setCondition(conditions, {
        type: step.condition,
        status: outcome.done ? 'True' : 'False',
        reason: outcome.reason,
        message: outcome.message,
        observedGeneration,
      });
      if (!outcome.done) blocked = { step, outcome, error };
      if (outcome.requeueAfterMs !== undefined) {
        requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, outcome.requeueAfterMs);
      }
    }
    for (const step of pending) {
      conditions = setCondition(conditions, {
        type: step.condition,
        status: 'Unknown',
        reason: step.reason,
        message: step.message,
        observedGeneration,
      });
    }
    const notBuilt = pending.map((step) => step.name).join(', ');
    conditions = setCondition(conditions, {
      type: ConditionType.Ready,
      status: blocked ? 'False' : 'True',
      reason: blocked
        ? blocked.error
          ? blocked.outcome.reason
          : Reason.StepsNotReady
        : Reason.AllStepsReady,
      message: blocked
        ? `the ${blocked.step.name} step is not done: ${blocked.outcome.message}`
        : `${steps.map((step) => step.name).join(' and ')} ready${notBuilt ? `; not running: ${notBuilt}` : ''}`,
      observedGeneration,
    });
    const phase: Phase = blocked
      ? blocked.error
        ? 'Failed'
        : 'Provisioning'
      : tenant.spec.suspended
        ? 'Suspended'
        : 'Ready';
    await this.updateStatus(tenant, {
      ...tenant.status,
      ...ctx.report,
      observedGeneration,
      editionGeneration: edition.metadata.generation,
      phase,
      conditions: conditions.sort(byDesignOrder),
    });
    metrics.reconciles.inc({
      result: blocked ? (blocked.error ? 'error' : 'progressing') : 'ready',
    });
    if (blocked?.error) throw blocked.error;
    return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
  }

  private async editionMissing(tenant: Tenant): Promise<undefined> {
    const message = `edition "${tenant.spec.edition}" does not exist: create it, or set spec.edition to an existing one (kubectl get editions); the tenant is provisioned as soon as it exists`;
    await this.updateStatus(tenant, {
      ...tenant.status,
      observedGeneration: tenant.metadata.generation,
      phase: 'Pending',
      conditions: setCondition(tenant.status?.conditions ?? [], {
        type: ConditionType.Ready,
        status: 'False',
        reason: Reason.EditionNotFound,
        message,
        observedGeneration: tenant.metadata.generation,
      }).sort(byDesignOrder),
    });
    this.deps.metrics.reconciles.inc({ result: 'progressing' });
    // No retry: a change to the Editions brings the tenant back.
    return undefined;
  }

  private async finalize(tenant: Tenant, log: Logger): Promise<HandlerResult | undefined> {
    if (!tenant.metadata.finalizers?.includes(finalizer)) return undefined;
    const ctx: FinalizeContext = {
      ...this.context(tenant, log),
      edition: this.deps.editions.get(tenant.spec.edition),
    };
    for (const step of [...this.deps.steps].reverse()) {
      const { outcome, error } = await this.runStep(step, log, () => step.finalize(ctx));
      if (!outcome.done) {
        await this.updateStatus(tenant, {
          ...tenant.status,
          phase: 'Deleting',
          conditions: setCondition(tenant.status?.conditions ?? [], {
            type: ConditionType.Ready,
            status: 'False',
            reason: error ? Reason.StepFailed : Reason.Deleting,
            message: `deleting (${tenant.spec.deletionPolicy}): ${outcome.message}`,
            observedGeneration: tenant.metadata.generation,
          }).sort(byDesignOrder),
        });
        if (error) throw error;
        return { requeueAfterMs: outcome.requeueAfterMs ?? 1000 };
      }
    }
    await this.setFinalizers(
      tenant,
      (tenant.metadata.finalizers ?? []).filter((f) => f !== finalizer),
    );
    log.info('finalized');
    return undefined;
  }

  private async setFinalizers(tenant: Tenant, finalizers: string[]): Promise<Tenant> {
    this.deps.metrics.writes.inc({ verb: 'patch', resource: 'tenants' });
    // The resourceVersion makes the patch fail rather than overwrite a concurrent change.
    const updated = await this.deps.api.patchClusterCustomObject(
      {
        group,
        version,
        plural: 'tenants',
        name: tenant.metadata.name,
        body: { metadata: { finalizers, resourceVersion: tenant.metadata.resourceVersion } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // The cache learns of the change before its watch event, so the next pass sees it.
    this.deps.tenants.put(updated as Tenant);
    return updated as Tenant;
  }

  /** Writes the status if it changed, and records an Event when readiness changed. */
  private async updateStatus(tenant: Tenant, status: TenantStatus): Promise<void> {
    const { api, metrics, events } = this.deps;
    const updated = await writeTenantStatus(api, tenant, status, () =>
      metrics.writes.inc({ verb: 'update', resource: 'tenants/status' }),
    );
    if (!updated) return;
    this.deps.tenants.put(updated);
    const before = findCondition(tenant.status?.conditions, ConditionType.Ready);
    const after = findCondition(status.conditions, ConditionType.Ready);
    if (!after || (before?.status === after.status && before.reason === after.reason)) return;
    await events.record(tenant, {
      type:
        // Waiting and deleting are normal; anything else that is not ready is worth a look.
        after.status === 'True' ||
        after.reason === Reason.StepsNotReady ||
        after.reason === Reason.Deleting
          ? 'Normal'
          : 'Warning',
      reason: after.reason,
      action: tenant.metadata.deletionTimestamp ? 'Delete' : 'Reconcile',
      note: after.message,
    });
  }
}
