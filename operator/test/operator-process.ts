/** Runs the real operator (`node operator/main.ts`) as a child process for tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@inopsio/platform/local';
import { operatorNodeFlags } from '../deploy/manifests.ts';
import { platformEnv } from '../dev/platform-env.ts';
import { installPrerequisites, serviceAccountKubeconfig } from '../install.ts';
import { adminKubeconfig, endpoints } from './cluster.ts';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface OperatorProcess {
  identity: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logs: () => string;
  get(path: string): Promise<{ status: number; body: string }>;
  /** The sum of a metric's samples (all label sets), from /metrics. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Installs the CRDs and roles and writes a kubeconfig of the operator's service account. */
export async function prepareOperator(): Promise<string> {
  const admin = adminKubeconfig();
  await installPrerequisites(admin);
  const dir = await mkdtemp(join(tmpdir(), 'inopsio-operator-'));
  const file = join(dir, 'kubeconfig');
  await writeFile(file, (await serviceAccountKubeconfig(admin)).exportConfig(), { mode: 0o600 });
  return file;
}

/** Where the operators of the tests write snapshots of deleted tenants' data. */
export const snapshotDir = join(tmpdir(), 'inopsio-test-snapshots');

export async function startOperator(
  kubeconfig: string,
  identity: string,
  args: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<OperatorProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...operatorNodeFlags,
      main,
      '--kubeconfig',
      kubeconfig,
      '--metrics-address',
      `127.0.0.1:${port}`,
      '--identity',
      identity,
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...platformEnv(endpoints),
        INOPSIO_SNAPSHOT_DIR: snapshotDir,
        ...extraEnv,
      },
    },
  );
  let output = '';
  // INOPSIO_OPERATOR_LOG=<file> keeps the operator's output for debugging.
  const keep = process.env.INOPSIO_OPERATOR_LOG;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (keep) appendFileSync(keep, chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.text() };
  };
  const operator: OperatorProcess = {
    identity,
    child,
    exited,
    logs: () => output,
    get,
    async metric(name, labels = {}) {
      const { body } = await get('/metrics');
      let sum = 0;
      for (const line of body.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  // Ready once /readyz answers (caches synced).
  for (let attempt = 0; ; attempt++) {
    const ready = await get('/readyz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return operator;
    if (child.exitCode !== null || attempt > 300) {
      throw new Error(`the operator did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
