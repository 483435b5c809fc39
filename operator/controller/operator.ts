import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { hostname } from 'node:os';
import {
  CoordinationV1Api,
  CustomObjectsApi,
  EventsV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import {
  type AdmissionWebhookOptions,
  startAdmissionWebhook,
  unregisterUrlWebhook,
} from '../admission/webhook.ts';
import { apiVersion, type Edition, type Tenant } from '../api/v1alpha1/index.ts';
import { otherEditions, relevantTenants } from '../policy/context.ts';
import { policyReport } from '../policy/report.ts';
import type { Policies, RuleResult } from '../policy/types.ts';
import { describeError } from '../runtime/errors.ts';
import { EventRecorder } from '../runtime/events.ts';
import { startHttpServer } from '../runtime/http-server.ts';
import { Informer } from '../runtime/informer.ts';
import { LeaderElector } from '../runtime/leader-election.ts';
import type { Logger } from '../runtime/logger.ts';
import { createMetrics, type Metrics } from '../runtime/metrics.ts';
import { OwnedObjects } from '../runtime/owned-objects.ts';
import { WorkQueue } from '../runtime/work-queue.ts';
import type { OperatorConfig } from './config.ts';
import {
  appliedHashAnnotation,
  controllerName,
  fieldManager,
  labels,
  managedBy,
  ownedSelector,
} from './constants.ts';
import { reconcileEditionStatus } from './edition-status.ts';
import { ownedKinds } from './owned-kinds.ts';
import type { Release } from './release.ts';
import { type Planes, pipeline } from './steps/pipeline.ts';
import { type PolicyPlane, platformReportName } from './steps/policy.ts';
import { TenantReconciler } from './tenant-reconciler.ts';

export interface OperatorOptions {
  kubeconfig: KubeConfig;
  config: OperatorConfig;
  release: Release;
  log: Logger;
  /** Where /metrics, /healthz and /readyz are served; undefined serves nothing. */
  http?: { host: string; port: number };
  /** This replica's name in the lease and in Events. */
  identity?: string;
  /** Vault, PostgreSQL and Keycloak for their steps; a missing one is reported as not configured. */
  planes?: Planes;
  /** The policies, for the PolicyCompliant step and (with `webhook`) admission. */
  policy?: PolicyOptions;
}

export interface PolicyOptions {
  policies: Policies;
  production: boolean;
  allowedRegistries: string[];
  webhook?: AdmissionWebhookOptions;
}

const tenantKey = (name: string) => `tenant/${name}`;
const editionKey = (name: string) => `edition/${name}`;

/**
 * The operator: caches of Tenants, Editions and owned objects; a work queue fed by their
 * changes; workers that reconcile while this replica holds the leader lease.
 */
export class Operator {
  readonly metrics: Metrics;
  readonly queue: WorkQueue;
  readonly tenants: Informer<Tenant>;
  readonly editions: Informer<Edition>;
  readonly cluster: OwnedObjects;
  readonly elector: LeaderElector;
  private readonly reconciler: TenantReconciler;
  private readonly options: OperatorOptions;
  private readonly customObjects: CustomObjectsApi;
  /** The platform report's results, by edition. */
  private readonly editionResults = new Map<string, RuleResult[]>();
  private server?: Server;
  private webhook?: HttpsServer;
  private synced = false;

  constructor(options: OperatorOptions) {
    this.options = options;
    const { kubeconfig, config, log } = options;
    const identity = options.identity ?? `${hostname()}-${process.pid}`;
    this.metrics = createMetrics();
    const write = (verb: string, resource: string) => this.metrics.writes.inc({ verb, resource });
    this.queue = new WorkQueue({ onDepth: (depth) => this.metrics.queueDepth.set(depth) });
    this.customObjects = kubeconfig.makeApiClient(CustomObjectsApi);
    const resource = (kind: string, plural: string) => ({
      apiVersion,
      kind,
      plural,
      resyncMs: config.resyncMs,
    });
    this.tenants = new Informer<Tenant>(
      kubeconfig,
      { ...resource('Tenant', 'tenants'), labelSelector: config.tenantSelector || undefined },
      log,
    );
    this.editions = new Informer<Edition>(kubeconfig, resource('Edition', 'editions'), log);
    this.cluster = new OwnedObjects(
      kubeconfig,
      {
        kinds: ownedKinds,
        selector: ownedSelector,
        fieldManager,
        hashAnnotation: appliedHashAnnotation,
        onWrite: (verb, kind) => write(verb, kind),
      },
      log,
    );
    this.elector = new LeaderElector(
      kubeconfig.makeApiClient(CoordinationV1Api),
      { namespace: config.leaseNamespace, name: config.leaseName, identity },
      log,
    );
    const events = new EventRecorder(
      kubeconfig.makeApiClient(EventsV1Api),
      {
        controller: controllerName,
        instance: identity,
        clusterScopedNamespace: config.eventNamespace,
      },
      log,
      () => write('create', 'events'),
    );
    this.reconciler = new TenantReconciler({
      tenants: this.tenants,
      editions: this.editions,
      cluster: this.cluster,
      api: this.customObjects,
      events,
      metrics: this.metrics,
      config,
      release: options.release,
      log,
      ...pipeline({
        ...options.planes,
        ...(options.policy ? { policy: this.policyPlane(options.policy) } : {}),
      }),
    });
    this.wire();
  }

  private policyPlane(policy: PolicyOptions): PolicyPlane {
    return {
      ...policy,
      editions: () => this.editions.list(),
      tenants: () => this.tenants.list(),
    };
  }

  /**
   * The platform's own report, a ClusterPolicyReport: every Edition checked with the admission
   * policies against the tenants this operator serves (an edition changed since, or a rule added later,
   * shows up here). Unchanged results cost no write.
   */
  private async reportEdition(name: string): Promise<void> {
    const policies = this.options.policy?.policies;
    if (!policies) return;
    const edition = this.editions.get(name);
    // Only the edition at hand is evaluated; the others' results are kept from their turn.
    if (edition) {
      this.editionResults.set(
        name,
        policies.admission({
          operation: 'UPDATE',
          object: edition,
          oldObject: edition,
          editions: otherEditions('Edition', edition, this.editions.list()),
          tenants: relevantTenants('Edition', edition, this.tenants.list()),
        }),
      );
    } else {
      this.editionResults.delete(name);
    }
    await this.cluster.ensure(
      policyReport(
        {
          name: platformReportName(this.options.config.leaseName),
          labels: { [labels.managedBy]: managedBy },
        },
        [...this.editionResults.values()].flat(),
      ),
    );
  }

  /** Turns cache changes into queued keys. */
  private wire(): void {
    this.tenants.on((event, tenant) => {
      this.queue.add(tenantKey(tenant.metadata.name));
      if (event === 'add' || event === 'delete' || event === 'update') {
        this.queue.add(editionKey(tenant.spec.edition));
      }
    });
    // A new spec of an edition (its generation) concerns all its tenants; its status does not.
    const editionGenerations = new Map<string, number | undefined>();
    this.editions.on((event, edition) => {
      const { name, generation } = edition.metadata;
      this.queue.add(editionKey(name));
      const changed = event === 'delete' || editionGenerations.get(name) !== generation;
      editionGenerations.set(name, event === 'delete' ? undefined : generation);
      if (!changed) return;
      for (const tenant of this.tenants.list()) {
        if (tenant.spec.edition === name) this.queue.add(tenantKey(tenant.metadata.name));
      }
    });
    // A change to anything the operator made (drift, deletion) brings its tenant back.
    this.cluster.on((event, object) => {
      if (event !== 'delete' && this.cluster.isEcho(object)) return;
      const tenant = object.metadata?.labels?.[labels.tenant];
      if (tenant) this.queue.add(tenantKey(tenant));
    });
  }

  private async handle(key: string) {
    const [kind, name = ''] = key.split('/');
    if (kind === 'edition') {
      // Edition status counts all tenants: a shard (which sees some) leaves it alone.
      if (!this.options.config.tenantSelector) {
        await reconcileEditionStatus(name, this.editions, this.tenants, this.customObjects, () =>
          this.metrics.writes.inc({ verb: 'update', resource: 'editions/status' }),
        );
      }
      await this.reportEdition(name);
      return undefined;
    }
    return this.reconciler.reconcile(name);
  }

  /**
   * Runs until `signal` aborts (then drains the workers and releases the lease) or leadership
   * is lost. Caches fill before leading so a standby replica takes over warm.
   */
  async run(signal: AbortSignal): Promise<'stopped' | 'lost'> {
    const { config, log, http } = this.options;
    if (http) {
      this.server = await startHttpServer(http, this.metrics.registry, {
        healthy: () => true,
        ready: () => this.synced,
      });
      log.info({ address: `${http.host}:${http.port}` }, 'serving /metrics, /healthz and /readyz');
    }
    await Promise.all([this.tenants.start(), this.editions.start(), this.cluster.start()]);
    // Every replica answers admission, leader or not: it needs only the caches.
    const webhook = this.options.policy?.webhook;
    if (webhook && this.options.policy) {
      this.webhook = await startAdmissionWebhook(
        this.options.kubeconfig,
        webhook,
        this.options.policy.policies,
        { editions: () => this.editions.list(), tenants: () => this.tenants.list() },
        log,
      );
    }
    this.synced = true;
    log.info(
      { tenants: this.tenants.size, editions: this.editions.size },
      'caches synced; waiting to lead',
    );
    let workers: Promise<void> | undefined;
    const outcome = await this.elector.run((lost) => {
      this.metrics.leader.set(1);
      lost.addEventListener('abort', () => this.metrics.leader.set(0));
      workers = this.queue.run(
        config.workers,
        (key) => this.handle(key),
        (key, error, retryInMs) => {
          log.warn({ key, retryInMs, error: describeError(error) }, 'reconcile failed; retrying');
        },
      );
    }, signal);
    this.queue.shutDown();
    await workers;
    this.metrics.leader.set(0);
    this.tenants.stop();
    this.editions.stop();
    this.cluster.stop();
    await this.options.planes?.data?.admin.end();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    if (this.webhook && webhook) {
      await unregisterUrlWebhook(this.options.kubeconfig, webhook, log).catch((error: unknown) =>
        log.warn({ error: describeError(error) }, 'could not unregister the admission webhook'),
      );
      await new Promise((resolve) => this.webhook?.close(resolve));
    }
    return outcome;
  }
}
