import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to run one component's server process. */
export interface ProcessSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as another user (PostgreSQL refuses root). */
  uid?: number;
  gid?: number;
  /** The signal that shuts the server down cleanly; SIGTERM unless said otherwise. */
  stopSignal?: NodeJS.Signals;
}

/** A started server process; stored in the state folder so another `down` can find it. */
export interface ProcessRecord {
  pid: number;
  /** Kernel start time of the pid, so a recycled pid is never mistaken for ours. */
  startTicks: string;
  stopSignal: NodeJS.Signals;
  startedAt: string;
}

/** `/proc/<pid>/stat` fields after the command name (state first), or undefined if gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is parenthesised and may itself hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The kernel's start time of a live (not zombie) pid. */
function readStartTicks(pid: number): string | undefined {
  const fields = statFields(pid);
  if (!fields || fields[0] === 'Z') return undefined;
  return fields[19];
}

/** Starts a server in its own process group, its output appended to `logFile`. */
export async function startDetached(spec: ProcessSpec, logFile: string): Promise<ProcessRecord> {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      uid: spec.uid,
      gid: spec.gid,
      detached: true,
      stdio: ['ignore', log, log],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    const pid = child.pid as number;
    return {
      pid,
      startTicks: readStartTicks(pid) ?? '',
      stopSignal: spec.stopSignal ?? 'SIGTERM',
      startedAt: new Date().toISOString(),
    };
  } finally {
    closeSync(log);
  }
}

export function isRunning(record: ProcessRecord): boolean {
  return readStartTicks(record.pid) === record.startTicks;
}

/**
 * Whether any live process remains in the group. Zombies do not count: orphans wait for
 * PID 1 to reap them, which in a container can take a second or more.
 */
export function groupAlive(pgid: number): boolean {
  return readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const fields = statFields(entry);
    return fields !== undefined && fields[0] !== 'Z' && fields[2] === String(pgid);
  });
}

/**
 * Stops a server and everything it started: its clean-shutdown signal to its process group,
 * then SIGKILL if the group has not gone within `timeoutMs`.
 */
export async function stopProcess(record: ProcessRecord, timeoutMs = 30_000): Promise<void> {
  if (isRunning(record)) {
    // The whole group, as a terminal's Ctrl-C would: wrapper scripts such as kc.sh do not
    // pass the signal on to the server they started.
    try {
      process.kill(-record.pid, record.stopSignal);
    } catch {}
  }
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(record.pid) && Date.now() < deadline) await sleep(100);
  if (!groupAlive(record.pid)) return;
  try {
    process.kill(-record.pid, 'SIGKILL');
  } catch {}
  while (groupAlive(record.pid)) await sleep(50);
}

/** The last `lines` lines of a log file, for error messages. */
export async function tailFile(file: string, lines = 30): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '(no log written)';
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
