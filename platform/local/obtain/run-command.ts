import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatDuration, type Report } from '../report.ts';

export interface RunOptions {
  /** The component the command works for, for progress lines. */
  component: string;
  /** What the command is doing, for progress lines: "building kube-apiserver". */
  activity: string;
  report: Report;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as another user (PostgreSQL's tools refuse root). */
  uid?: number;
  gid?: number;
  /** Called with each output line (stdout and stderr), e.g. to count progress. */
  onLine?: (line: string) => void;
  /** Extra words for the periodic "still …" line, e.g. "812/2040 packages". */
  progress?: () => string;
}

const heartbeatMs = 30_000;
const tailLines = 40;

/**
 * Runs a command to completion, printing a progress line every 30 s, and returns its stdout.
 * A failure throws with the command's last output lines.
 */
export function runCommand(command: string, args: string[], options: RunOptions): Promise<string> {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const tail: string[] = [];
  const collect = (line: string) => {
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
    options.onLine?.(line);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', collect);
  createInterface({ input: child.stderr }).on('line', collect);
  const heartbeat = setInterval(() => {
    const extra = options.progress?.();
    options.report(
      options.component,
      `still ${options.activity} (${formatDuration(Date.now() - started)}${extra ? `, ${extra}` : ''})`,
    );
  }, heartbeatMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(new Error(`${options.activity}: could not run '${command}'`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) return resolve(stdout);
      reject(
        new Error(
          `${options.activity} failed: '${command} ${args.join(' ')}' exited with ${
            signal ?? `code ${code}`
          }. Its last output:\n${tail.join('\n')}`,
        ),
      );
    });
  });
}
