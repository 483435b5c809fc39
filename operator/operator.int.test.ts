/**
 * The operator against the real API server and controller-manager of the local platform,
 * run as its own process with its service account's least-privilege roles.
 */
import {
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
  type V1Namespace,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { labels } from './controller/constants.ts';
import { ownedKinds } from './controller/owned-kinds.ts';
import {
  apps,
  auditedWrites,
  auditOffset,
  condition,
  core,
  createEdition,
  createTenant,
  deleteEdition,
  deleteTenant,
  editionSpec,
  getTenant,
  gone,
  kubectl,
  kubectlApplyStdin,
  objects,
  patchSpec,
  readyTenant,
  tenantGone,
  tenantObject,
  tenantSpec,
  testRun,
  uniqueId,
} from './test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from './test/operator-process.ts';

const operatorUser = 'system:serviceaccount:inopsio-system:inopsio-operator';
const id = uniqueId();
// This file's tenants, served by this file's operators only.
const run = testRun(`operator-${id}`);
const plan = `it-${id}-plan`;
const wait = { timeout: 45_000, interval: 200 };

const deploymentsOf = async (tenant: string) =>
  (await apps.listNamespacedDeployment({ namespace: `tenant-${tenant}` })).items
    .map((d) => d.metadata?.name)
    .sort();

/** Every owned object in the cluster whose tenant label names no existing Tenant. */
async function orphans(existing: Set<string>): Promise<string[]> {
  const found: string[] = [];
  for (const kind of ownedKinds) {
    const list = await objects.list(
      kind.apiVersion,
      kind.kind,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      `${labels.tenant}`,
    );
    for (const item of list.items as KubernetesObject[]) {
      const tenant = item.metadata?.labels?.[labels.tenant] ?? '';
      if (
        tenant.startsWith(`it-${id}`) &&
        !existing.has(tenant) &&
        !item.metadata?.deletionTimestamp
      ) {
        found.push(`${kind.kind}/${item.metadata?.namespace ?? ''}/${item.metadata?.name}`);
      }
    }
  }
  return found;
}

describe('the operator', () => {
  let kubeconfig: string;
  let leader: OperatorProcess;
  const started: OperatorProcess[] = [];
  const tenants = new Set<string>();

  const start = async (identity: string, args: string[] = []) => {
    const operator = await startOperator(kubeconfig, identity, [
      '--resync',
      '2s',
      ...run.operatorArgs,
      ...args,
    ]);
    started.push(operator);
    return operator;
  };
  const tenant = async (suffix: string, spec = tenantSpec(plan)) => {
    const name = `it-${id}-${suffix}`;
    tenants.add(name);
    await createTenant(name, spec, run.labels);
    return name;
  };

  beforeAll(async () => {
    kubeconfig = await prepareOperator();
    await createEdition(plan, editionSpec({ modules: ['crm', 'erp'] }));
    leader = await start(`leader-${id}`);
  });

  afterAll(async () => {
    for (const name of tenants) await deleteTenant(name).catch(() => undefined);
    for (const name of tenants) await tenantGone(name).catch(() => undefined);
    for (const edition of [plan, `it-${id}-late`])
      await deleteEdition(edition).catch(() => undefined);
    await Promise.all(started.map((operator) => operator.stop()));
  });

  it('provisions a tenant applied with kubectl to Ready, every step reporting its condition', async () => {
    const name = `it-${id}-a`;
    tenants.add(name);
    const manifest = JSON.stringify(tenantObject(name, tenantSpec(plan), run.labels));
    await kubectlApplyStdin(manifest);
    await kubectl('wait', '--for=condition=Ready', `tenant/${name}`, '--timeout=60s');
    const ready = await readyTenant(name);
    expect(ready.status?.phase).toBe('Ready');
    expect(condition(ready, 'NamespaceReady')).toMatchObject({
      status: 'True',
      reason: 'Reconciled',
    });
    expect(condition(ready, 'WorkloadsReady')).toMatchObject({ status: 'True', reason: 'Applied' });
    expect(condition(ready, 'DatabaseReady')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
    });
    for (const type of ['SecretsReady', 'IdentityReady']) {
      expect(condition(ready, type)).toMatchObject({ status: 'True', reason: 'Provisioned' });
    }
    expect(condition(ready, 'PolicyCompliant')).toMatchObject({
      status: 'True',
      reason: 'Compliant',
    });
    expect(ready.metadata.finalizers).toContain('platform.inopsio.io/finalizer');
    expect(ready.status?.namespace).toBe(`tenant-${name}`);
    expect(ready.status?.workloads?.map((w) => w.module)).toEqual(['crm', 'erp']);
  });

  it('gives the tenant a restricted namespace with quota, defaults, network policy and a service account', async () => {
    const name = `it-${id}-a`;
    const namespace = `tenant-${name}`;
    const ns = (await core.readNamespace({ name: namespace })) as V1Namespace;
    expect(ns.metadata?.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      [labels.tenant]: name,
    });
    expect(ns.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Tenant',
      name,
      controller: true,
    });
    const quota = await core.readNamespacedResourceQuota({ name: 'tenant-quota', namespace });
    expect(quota.spec?.hard).toMatchObject({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      pods: '40',
    });
    const limits = await core.readNamespacedLimitRange({ name: 'tenant-defaults', namespace });
    expect(limits.spec?.limits[0]?._default).toEqual({ cpu: '500m', memory: '512Mi' });
    const { items: policies } = await objects.list(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      namespace,
    );
    expect(policies.map((p) => p.metadata?.name).sort()).toEqual([
      'allow-gateway-ingress',
      'allow-platform-egress',
      'default-deny',
    ]);
    await core.readNamespacedServiceAccount({ name: 'inopsio-workload', namespace });
  });

  it('runs every module non-root on a read-only root filesystem with the profile resources', async () => {
    const namespace = `tenant-it-${id}-a`;
    const deployment = (await apps.readNamespacedDeployment({
      name: 'crm',
      namespace,
    })) as V1Deployment;
    const pod = deployment.spec?.template.spec;
    const container = pod?.containers[0];
    expect(deployment.spec?.replicas).toBe(2);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(container?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container?.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(container?.image).toBe('ghcr.io/inopsio/crm:0.1.0');
    expect(deployment.metadata?.managedFields?.some((f) => f.manager === 'inopsio-operator')).toBe(
      true,
    );
    await core.readNamespacedService({ name: 'crm', namespace });
    await objects.read({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'crm', namespace },
    });
  });

  it('adds and prunes module workloads when the edition changes', async () => {
    const name = `it-${id}-a`;
    await patchSpec('editions', plan, { modules: ['crm', 'mail'] });
    await vi.waitFor(async () => expect(await deploymentsOf(name)).toEqual(['crm', 'mail']), wait);
    const namespace = `tenant-${name}`;
    expect(await gone(() => core.readNamespacedService({ name: 'erp', namespace }))).toBe(true);
    // The status follows the objects once the pass's last step is done.
    await readyTenant(name, (tenant) =>
      expect(tenant.status?.workloads?.map((w) => w.module)).toEqual(['crm', 'mail']),
    );
  });

  it('puts back what someone deleted or changed by hand', async () => {
    const namespace = `tenant-it-${id}-a`;
    await apps.deleteNamespacedDeployment({ name: 'mail', namespace });
    await apps.patchNamespacedDeploymentScale(
      { name: 'crm', namespace, body: { spec: { replicas: 7 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await vi.waitFor(async () => {
      expect((await apps.readNamespacedDeployment({ name: 'crm', namespace })).spec?.replicas).toBe(
        2,
      );
      await apps.readNamespacedDeployment({ name: 'mail', namespace });
    }, wait);
  });

  it('sends no write request when a resync finds everything in place', async () => {
    const name = `it-${id}-a`;
    await readyTenant(name);
    // Let the drift repairs above settle, then watch three resync periods.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const offset = auditOffset();
    const reconcilesBefore = await leader.metric('inopsio_operator_reconciles_total');
    await new Promise((resolve) => setTimeout(resolve, 6500));
    // This test's objects only: tenants of earlier runs may still be finishing their deletion.
    const writes = auditedWrites(offset, operatorUser).filter(
      (event) =>
        !['leases', 'events'].includes(event.objectRef?.resource ?? '') &&
        `${event.objectRef?.namespace ?? ''}/${event.objectRef?.name ?? ''}`.includes(`it-${id}`),
    );
    expect(writes.map((w) => `${w.verb} ${w.objectRef?.resource}/${w.objectRef?.name}`)).toEqual(
      [],
    );
    // It did look: every resync reconciled the tenant again.
    expect(await leader.metric('inopsio_operator_reconciles_total')).toBeGreaterThan(
      reconcilesBefore + 2,
    );
  });

  it('waits for a missing edition without an error storm, and provisions once it appears', async () => {
    const late = `it-${id}-late`;
    const name = await tenant('late', tenantSpec(late));
    const waiting = await vi.waitFor(async () => {
      const t = await getTenant(name);
      expect(condition(t, 'Ready')).toMatchObject({ status: 'False', reason: 'EditionNotFound' });
      return t;
    }, wait);
    expect(waiting.status?.phase).toBe('Pending');
    expect(condition(waiting, 'Ready')?.message).toContain(`edition "${late}" does not exist`);
    const offset = auditOffset();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const retries = auditedWrites(offset, operatorUser).filter((e) => e.objectRef?.name === name);
    expect(retries).toEqual([]);
    await createEdition(late, editionSpec({ modules: ['notifications'] }));
    const ready = await readyTenant(name);
    expect(ready.status?.workloads?.map((w) => w.module)).toEqual(['notifications']);
  });

  it('scales a suspended tenant to zero and says so', async () => {
    const name = `it-${id}-a`;
    await patchSpec('tenants', name, { suspended: true });
    await vi.waitFor(async () => {
      const t = await getTenant(name);
      expect(t.status?.phase).toBe('Suspended');
      const crm = await apps.readNamespacedDeployment({ name: 'crm', namespace: `tenant-${name}` });
      expect(crm.spec?.replicas).toBe(0);
    }, wait);
  });

  it('deletes the namespace first, then lets the tenant go', async () => {
    const name = await tenant('doomed');
    await readyTenant(name);
    await deleteTenant(name);
    await tenantGone(name);
    expect(await gone(() => core.readNamespace({ name: `tenant-${name}` }))).toBe(true);
    tenants.delete(name);
  });

  it('lets only the leader write; a standby takes over when the leader stops', async () => {
    const standby = await start(`standby-${id}`);
    expect(await standby.metric('inopsio_operator_leader')).toBe(0);
    expect(await leader.metric('inopsio_operator_leader')).toBe(1);
    const name = await tenant('b');
    await readyTenant(name);
    expect(await standby.metric('inopsio_operator_api_writes_total')).toBe(0);
    expect(await standby.metric('inopsio_operator_reconciles_total')).toBe(0);

    // A graceful stop releases the lease, so the standby need not wait for it to expire.
    expect(await leader.stop('SIGTERM')).toBe(0);
    await vi.waitFor(
      async () => expect(await standby.metric('inopsio_operator_leader')).toBe(1),
      wait,
    );
    const after = await tenant('c');
    await readyTenant(after);
    expect(await standby.metric('inopsio_operator_api_writes_total')).toBeGreaterThan(0);
    leader = standby;
  });

  it('converges without duplicates or orphans after being killed mid-reconcile', async () => {
    const names = await Promise.all(Array.from({ length: 8 }, (_, i) => tenant(`burst-${i}`)));
    // Kill as soon as the first of them has a namespace: the others are half done.
    await vi.waitFor(async () => {
      expect(await gone(() => core.readNamespace({ name: `tenant-${names[0]}` }))).toBe(false);
    }, wait);
    leader.child.kill('SIGKILL');
    await leader.exited;
    leader = await start(`restarted-${id}`);
    for (const name of names) await readyTenant(name);
    for (const name of names) expect(await deploymentsOf(name)).toEqual(['crm', 'mail']);
    expect(await orphans(tenants)).toEqual([]);
  });

  it('serves metrics and health probes', async () => {
    expect((await leader.get('/healthz')).status).toBe(200);
    expect((await leader.get('/readyz')).status).toBe(200);
    const { body } = await leader.get('/metrics');
    expect(body).toContain(
      'inopsio_operator_step_duration_seconds_bucket{le="0.005",step="namespace"}',
    );
    expect(body).toContain('inopsio_operator_queue_depth');
    expect(body).toMatch(/inopsio_operator_reconciles_total\{result="ready"\} [1-9]/);
  });

  it('records Events about tenants', async () => {
    const { items } = await objects.list('events.k8s.io/v1', 'Event', 'default');
    const reasons = (items as { regarding?: { name?: string }; reason?: string }[])
      .filter((event) => event.regarding?.name === `it-${id}-a`)
      .map((event) => event.reason);
    expect(reasons).toContain('AllStepsReady');
  });
});
