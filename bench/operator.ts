/**
 * The operator at scale, against the local platform's real API server:
 *   1. N tenants created at R per second: time from creation to Ready (p50/p95/max), with
 *      the namespace, secrets (Vault), database and workloads steps (identity: bench/identity);
 *   2. one no-op resync of all N: operator CPU seconds, RSS, and write requests (from the API
 *      server's audit log, by the operator's service account, leases and events aside).
 *
 *   npm run bench -- operator [tenants=1000] [per-second=20]
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { consoleReport, resolveSettings, stopApplications } from '@inopsio/platform/local';
import { Watch } from '@kubernetes/client-node';
import { group, type Tenant, version } from '../operator/api/v1alpha1/index.ts';
import {
  adminKubeconfig,
  auditedWrites,
  auditOffset,
  createEdition,
  createTenant,
  custom,
  deleteEdition,
  editionSpec,
  isReady,
  tenantSpec,
  uniqueId,
} from '../operator/test/cluster.ts';
import { prepareOperator, startOperator } from '../operator/test/operator-process.ts';
import { percentile, table } from './stats.ts';

const count = Number(process.argv[2] ?? 1000);
const perSecond = Number(process.argv[3] ?? 20);
const resyncSeconds = 60;
const operatorUser = 'system:serviceaccount:inopsio-system:inopsio-operator';
const id = uniqueId();
const plan = `bench-${id}`;

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpu: ticks / 100, rssMb: Number(rss) / 1024 };
}

const created = new Map<string, number>();
const ready = new Map<string, number>();

console.log(`operator benchmark: ${count} tenants at ${perSecond}/s, edition ${plan} (crm, erp)`);
// An operator left by `npm start` would hold the lease and serve these tenants itself.
const stopped = await stopApplications(resolveSettings(), consoleReport);
if (stopped.length > 0) console.log(`stopped ${stopped.join(', ')} (started by npm start)`);
const kubeconfig = await prepareOperator();
// Keycloak is left out: a realm per tenant is bench/identity's subject, and 1,000 of them
// would measure Keycloak rather than the operator.
const operator = await startOperator(
  kubeconfig,
  `bench-${id}`,
  ['--resync', `${resyncSeconds}s`, '--log-level', 'warn'],
  { INOPSIO_KEYCLOAK_URL: '' },
);
const pid = operator.child.pid as number;
const idleRssMb = usage(pid).rssMb;
await createEdition(plan, editionSpec({ modules: ['crm', 'erp'] }));

// Readiness is seen through a watch, the moment the status says Ready.
const watch = await new Watch(adminKubeconfig()).watch(
  `/apis/${group}/${version}/tenants`,
  {},
  (_type: string, tenant: Tenant) => {
    const name = tenant.metadata.name;
    if (created.has(name) && !ready.has(name) && isReady(tenant)) ready.set(name, Date.now());
  },
  () => {},
);

try {
  const began = Date.now();
  const names = Array.from({ length: count }, (_, i) => `bench-${id}-${i}`);
  const creations: Promise<unknown>[] = [];
  for (const [i, name] of names.entries()) {
    const due = began + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    created.set(name, Date.now());
    creations.push(createTenant(name, tenantSpec(plan)));
    if ((i + 1) % 100 === 0) console.log(`created ${i + 1}/${count}, ready ${ready.size}`);
  }
  await Promise.all(creations);
  while (ready.size < count) {
    if (Date.now() - began > 30 * 60_000)
      throw new Error(`only ${ready.size} of ${count} ready after 30 min`);
    await sleep(1000);
  }
  const latencies = names.map((name) => ((ready.get(name) ?? 0) - (created.get(name) ?? 0)) / 1000);
  console.log(
    `all ${count} ready ${((Date.now() - began) / 1000).toFixed(0)} s after the first creation`,
  );

  // Wait for a resync to start (the reconcile counter jumps), then for it to finish.
  await sleep(5000);
  const quiet = await operator.metric('inopsio_operator_reconciles_total');
  let before = usage(pid);
  const offset = auditOffset();
  for (;;) {
    const sample = usage(pid);
    if ((await operator.metric('inopsio_operator_reconciles_total')) > quiet) break;
    before = sample;
    await sleep(50);
  }
  while (
    (await operator.metric('inopsio_operator_reconciles_total')) < quiet + count ||
    (await operator.metric('inopsio_operator_queue_depth')) > 0
  ) {
    await sleep(50);
  }
  const after = usage(pid);
  const heapMb = (await operator.metric('inopsio_operator_nodejs_heap_size_used_bytes')) / 2 ** 20;
  const writes = auditedWrites(offset, operatorUser).filter(
    (event) => !['leases', 'events'].includes(event.objectRef?.resource ?? ''),
  ).length;

  const seconds = (v: number) => v.toFixed(2);
  console.log(`\ntime from creation to Ready, ${count} tenants at ${perSecond}/s (seconds)\n`);
  console.log(
    table(
      ['tenants', 'p50', 'p95', 'max'],
      [
        [
          count,
          seconds(percentile(latencies, 50)),
          seconds(percentile(latencies, 95)),
          seconds(Math.max(...latencies)),
        ],
      ],
    ),
  );
  console.log(`\none no-op resync of all ${count} tenants\n`);
  console.log(
    table(
      [
        'operator CPU seconds',
        'RSS (MB)',
        'JS heap used (MB)',
        'RSS before tenants (MB)',
        'write requests',
      ],
      [
        [
          seconds(after.cpu - before.cpu),
          after.rssMb.toFixed(0),
          heapMb.toFixed(0),
          idleRssMb.toFixed(0),
          writes,
        ],
      ],
    ),
  );
} finally {
  watch.abort();
  console.log('\ncleaning up (deleting the tenants and their namespaces)…');
  await Promise.all(
    [...created.keys()].map((name) =>
      custom
        .deleteClusterCustomObject({ group, version, plural: 'tenants', name })
        .catch(() => undefined),
    ),
  );
  for (;;) {
    const { items } = (await custom.listClusterCustomObject({
      group,
      version,
      plural: 'tenants',
    })) as { items: Tenant[] };
    const left = items.filter((t) => t.metadata.name.startsWith(`bench-${id}`)).length;
    if (left === 0) break;
    console.log(`${left} tenants still being deleted`);
    await sleep(5000);
  }
  await deleteEdition(plan).catch(() => undefined);
  await operator.stop();
}
