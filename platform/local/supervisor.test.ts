import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupAlive, isRunning, startDetached, stopProcess, tailFile } from './supervisor.ts';

describe('the process supervisor', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inopsio-supervisor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const logged = (log: string, text: string) =>
    vi.waitFor(async () => expect(await readFile(log, 'utf8')).toContain(text), {
      timeout: 10_000,
      interval: 20,
    });

  it('starts a process group with its output in a log, and stops all of it', async () => {
    const log = join(dir, 'tree.log');
    const record = await startDetached(
      { command: 'sh', args: ['-c', 'sleep 300 & echo started; sleep 300'] },
      log,
    );
    await logged(log, 'started');
    expect(isRunning(record)).toBe(true);
    await stopProcess(record);
    expect(isRunning(record)).toBe(false);
    expect(groupAlive(record.pid)).toBe(false);
  });

  it('kills a process group that ignores its stop signal once the grace period ends', async () => {
    const log = join(dir, 'stubborn.log');
    const record = await startDetached(
      { command: 'sh', args: ['-c', 'trap "" TERM; sleep 300 & echo trapped; sleep 300'] },
      log,
    );
    await logged(log, 'trapped');
    await stopProcess(record, 300);
    expect(groupAlive(record.pid)).toBe(false);
  });

  it('does not take another process for the one it started', async () => {
    const record = await startDetached({ command: 'sleep', args: ['300'] }, join(dir, 'own.log'));
    expect(isRunning(record)).toBe(true);
    expect(isRunning({ ...record, pid: process.pid })).toBe(false);
    await stopProcess(record);
    expect(isRunning(record)).toBe(false);
  });

  it('fails to start a program that does not exist, naming it', async () => {
    await expect(
      startDetached({ command: '/nonexistent/server', args: [] }, join(dir, 'missing.log')),
    ).rejects.toThrow(/ENOENT/);
  });

  it('returns the last lines of a log', async () => {
    const log = join(dir, 'lines.log');
    const record = await startDetached({ command: 'seq', args: ['1', '100'] }, log);
    await vi.waitFor(() => expect(groupAlive(record.pid)).toBe(false));
    expect(await tailFile(log, 3)).toBe('98\n99\n100');
  });
});
