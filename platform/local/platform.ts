import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Artifact,
  type Component,
  type ComponentName,
  type Context,
  HopelessProbeError,
} from './component.ts';
import { etcd } from './components/etcd.ts';
import { kafka } from './components/kafka.ts';
import { keycloak } from './components/keycloak.ts';
import { kubeApiserver, kubeControllerManager } from './components/kubernetes.ts';
import { openbao } from './components/openbao.ts';
import { postgres } from './components/postgres.ts';
import { loadOrCreateCredentials } from './credentials.ts';
import { type Endpoints, writeEndpoints } from './endpoints.ts';
import { assertPortsFree } from './ports.ts';
import { formatDuration, type Report } from './report.ts';
import type { PortName, Ports, Settings } from './settings.ts';
import { statePaths } from './state.ts';
import {
  isRunning,
  type ProcessRecord,
  startDetached,
  stopProcess,
  tailFile,
} from './supervisor.ts';

/** Every platform component, in an order where each comes after what it needs. */
export const components: Component[] = [
  etcd,
  kubeApiserver,
  kubeControllerManager,
  postgres,
  keycloak,
  openbao,
  kafka,
];

/** What `up` started, kept in the state folder for `status` and `down`. */
interface ProcessesFile {
  ports: Ports;
  processes: Partial<Record<ComponentName, ProcessRecord>>;
}

export class PlatformError extends Error {
  override name = 'PlatformError';
}

async function openContext(settings: Settings, report: Report): Promise<Context> {
  const state = statePaths(settings.stateDir);
  await mkdir(state.logs, { recursive: true });
  const credentials = await loadOrCreateCredentials(state.credentials);
  return { settings, state, credentials, report };
}

function readProcesses(ctx: Context): ProcessesFile {
  if (!existsSync(ctx.state.processes)) return { ports: ctx.settings.ports, processes: {} };
  return JSON.parse(readFileSync(ctx.state.processes, 'utf8')) as ProcessesFile;
}

function writeProcesses(ctx: Context, file: ProcessesFile): void {
  writeFileSync(ctx.state.processes, JSON.stringify(file, null, 2));
}

export type Health =
  | { state: 'healthy'; record: ProcessRecord }
  | { state: 'unhealthy'; record: ProcessRecord; reason: string }
  | { state: 'stopped' };

async function healthOf(
  ctx: Context,
  component: Component,
  record?: ProcessRecord,
): Promise<Health> {
  if (!record || !isRunning(record)) return { state: 'stopped' };
  try {
    await component.probe(ctx);
    return { state: 'healthy', record };
  } catch (error) {
    return { state: 'unhealthy', record, reason: (error as Error).message };
  }
}

/** The health of every component, probed on the ports they were started with. */
async function healthOfAll(
  ctx: Context,
  file: ProcessesFile,
  stack: Component[],
): Promise<Map<ComponentName, Health>> {
  const recorded = { ...ctx, settings: { ...ctx.settings, ports: file.ports } };
  const healths = await Promise.all(
    stack.map((c) => healthOf(recorded, c, file.processes[c.name])),
  );
  return new Map(stack.map((c, i) => [c.name, healths[i] as Health]));
}

export interface ComponentStatus {
  component: ComponentName;
  health: Health;
  /** The ports it was started with. */
  ports: number[];
}

export async function status(
  settings: Settings,
  report: Report,
  stack: Component[] = components,
): Promise<ComponentStatus[]> {
  const ctx = await openContext(settings, report);
  const file = readProcesses(ctx);
  const health = await healthOfAll(ctx, file, stack);
  return stack.map((component) => ({
    component: component.name,
    health: health.get(component.name) as Health,
    ports: component.ports.map((name) => file.ports[name]),
  }));
}

/** The named components and everything they need, in start order. */
export function withNeeds(names: ComponentName[], stack: Component[] = components): Component[] {
  const wanted = new Set<ComponentName>(names);
  for (const component of [...stack].reverse()) {
    if (wanted.has(component.name)) for (const need of component.needs) wanted.add(need);
  }
  return stack.filter((c) => wanted.has(c.name));
}

async function waitUntilReady(
  ctx: Context,
  component: Component,
  record: ProcessRecord,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + component.startTimeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (!isRunning(record)) throw new Error(`${component.name} exited while starting`);
    try {
      await component.probe(ctx);
      return;
    } catch (error) {
      if (error instanceof HopelessProbeError) throw error;
      if (Date.now() > deadline) {
        throw new Error(
          `${component.name} was not ready after ${formatDuration(component.startTimeoutMs)}: ${
            (error as Error).message
          }`,
        );
      }
    }
    await sleep(250, undefined, { signal });
  }
}

async function obtainArtifacts(ctx: Context, wanted: Component[]): Promise<void> {
  const artifacts = new Map<string, Artifact>();
  for (const { artifact } of wanted) if (artifact) artifacts.set(artifact.name, artifact);
  for (const artifact of artifacts.values()) {
    if (artifact.isCached(ctx)) continue;
    const started = Date.now();
    ctx.report(artifact.name, `obtaining ${artifact.name} ${artifact.version} (first run only)`);
    await artifact.obtain(ctx);
    ctx.report(
      artifact.name,
      `cached ${artifact.name} ${artifact.version} in ${formatDuration(Date.now() - started)}`,
    );
  }
}

export interface UpResult {
  endpoints: Endpoints;
  /** Seconds each started component took to become ready. */
  startTimes: Record<ComponentName, number>;
  reused: ComponentName[];
  totalMs: number;
}

/**
 * Brings the platform (or `only` some components and what they need) up: reuses healthy
 * components, starts the rest after what they need,
 * each readiness-checked. If any fails, stops what this call started and throws with the
 * failing component's last log lines.
 */
export async function up(
  settings: Settings,
  report: Report,
  only?: ComponentName[],
  stack: Component[] = components,
): Promise<UpResult> {
  const began = Date.now();
  const ctx = await openContext(settings, report);
  const file = readProcesses(ctx);
  const health = await healthOfAll(ctx, file, stack);
  const running = stack.filter((c) => health.get(c.name)?.state !== 'stopped');
  const moved = running.filter((c) => c.ports.some((p) => file.ports[p] !== settings.ports[p]));
  if (moved.length > 0) {
    throw new PlatformError(
      `the platform in ${settings.stateDir} is running with other ports (${moved
        .map((c) => c.name)
        .join(', ')}): run \`npm run down\` before changing ports`,
    );
  }
  const unhealthy = stack.flatMap((c) => {
    const h = health.get(c.name);
    return h?.state === 'unhealthy' ? [`${c.name} (pid ${h.record.pid}): ${h.reason}`] : [];
  });
  if (unhealthy.length > 0) {
    throw new PlatformError(
      `cannot reuse the running platform: ${unhealthy.join('; ')}. ` +
        'Run `npm run down` and then `up` again; logs are in ' +
        ctx.state.logs,
    );
  }
  const reused = running.map((c) => c.name);
  for (const name of reused) report(name, 'already running and healthy: reused');
  const toStart = withNeeds(only ?? stack.map((c) => c.name), stack).filter(
    (c) => health.get(c.name)?.state === 'stopped',
  );

  await assertPortsFree(
    toStart.flatMap((c) => [
      ...c.ports.map((p): [PortName, number] => [p, settings.ports[p]]),
      ...(c.derivedPorts?.(ctx) ?? []),
    ]),
  );
  await obtainArtifacts(ctx, toStart);

  const processes: ProcessesFile = {
    ports: { ...file.ports, ...settings.ports },
    processes: { ...file.processes },
  };
  for (const c of toStart) delete processes.processes[c.name];
  writeProcesses(ctx, processes);
  const started: ComponentName[] = [];
  const startTimes: UpResult['startTimes'] = {};
  const abort = new AbortController();
  const ready = new Map<ComponentName, Promise<void>>();

  const start = async (component: Component): Promise<void> => {
    await Promise.all(component.needs.map((need) => ready.get(need)));
    abort.signal.throwIfAborted();
    const t0 = Date.now();
    await component.prepare(ctx);
    report(component.name, 'starting');
    const record = await startDetached(component.process(ctx), ctx.state.log(component.name));
    started.push(component.name);
    processes.processes[component.name] = record;
    writeProcesses(ctx, processes);
    try {
      await waitUntilReady(ctx, component, record, abort.signal);
    } catch (error) {
      if (abort.signal.aborted) throw error;
      const tail = await tailFile(ctx.state.log(component.name));
      throw new PlatformError(
        `${(error as Error).message}\n--- last lines of ${ctx.state.log(component.name)} ---\n${tail}`,
        { cause: error },
      );
    }
    startTimes[component.name] = (Date.now() - t0) / 1000;
    report(component.name, `ready in ${formatDuration(Date.now() - t0)} (pid ${record.pid})`);
  };
  for (const component of stack) {
    ready.set(component.name, toStart.includes(component) ? start(component) : Promise.resolve());
  }
  let failure: unknown;
  await Promise.all(
    [...ready.values()].map((promise) =>
      promise.catch((error: unknown) => {
        // The first failure aborts the other starts; their abort errors are not the story.
        if (failure === undefined) failure = error;
        abort.abort();
      }),
    ),
  );
  if (failure !== undefined) {
    report(
      'platform',
      `start failed: stopping the ${started.length} component(s) this run started`,
    );
    await stopComponents(
      ctx,
      processes,
      stack.filter((c) => started.includes(c.name)),
    );
    throw failure;
  }
  return {
    endpoints: await writeEndpoints(ctx),
    startTimes,
    reused,
    totalMs: Date.now() - began,
  };
}

/** Stops `which`, each only after every component that needs it has stopped. */
async function stopComponents(
  ctx: Context,
  file: ProcessesFile,
  which: Pick<Component, 'name' | 'needs'>[],
): Promise<void> {
  const stopped = new Map<ComponentName, Promise<void>>();
  const stop = async (component: Pick<Component, 'name' | 'needs'>): Promise<void> => {
    const dependents = which.filter((other) => other.needs.includes(component.name));
    await Promise.all(dependents.map((d) => stopped.get(d.name)));
    const record = file.processes[component.name];
    if (!record) return;
    const t0 = Date.now();
    await stopProcess(record);
    delete file.processes[component.name];
    writeProcesses(ctx, file);
    ctx.report(component.name, `stopped in ${formatDuration(Date.now() - t0)}`);
  };
  // Dependents come later in `components`, so walking backwards sets their promises first.
  for (const component of [...which].reverse()) stopped.set(component.name, stop(component));
  await Promise.all(stopped.values());
}

/**
 * Stops the applications `up` started on top of the platform (such as the operator that
 * `npm start` runs), leaving the platform running; returns their names.
 */
export async function stopApplications(
  settings: Settings,
  report: Report,
): Promise<ComponentName[]> {
  const ctx = await openContext(settings, report);
  const file = readProcesses(ctx);
  const known = new Set(components.map((c) => c.name));
  const applications = Object.keys(file.processes).filter((name) => !known.has(name));
  await stopComponents(
    ctx,
    file,
    applications.map((name) => ({ name, needs: [] })),
  );
  return applications;
}

/**
 * Stops every component `up` started, applications on top first; leaves data, logs and
 * caches.
 */
export async function down(settings: Settings, report: Report): Promise<ComponentName[]> {
  const applications = await stopApplications(settings, report);
  const ctx = await openContext(settings, report);
  const file = readProcesses(ctx);
  const recorded = components.filter((c) => file.processes[c.name]);
  await stopComponents(ctx, file, recorded);
  return [...applications, ...recorded.map((c) => c.name)];
}

/** On Ctrl-C or SIGTERM while starting: stop what was started, then exit 130. */
export function stopOnInterrupt(settings: Settings, report: Report): void {
  const interrupted = async () => {
    console.log('\ninterrupted: stopping what was started');
    await down(settings, report);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
}
