import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, status, up } from './platform.ts';
import { freePort } from './ports.ts';
import { silentReport } from './report.ts';
import { defaultPorts, type PortName, resolveSettings, type Settings } from './settings.ts';
import { statePaths } from './state.ts';
import { groupAlive, type ProcessRecord } from './supervisor.ts';

/** A second platform of two quick components, in its own state folder and on its own ports. */
describe('a local platform lifecycle', () => {
  let settings: Settings;
  let stateDir: string;

  beforeAll(async () => {
    // Under /tmp rather than the state root: as root PostgreSQL is not started here.
    stateDir = await mkdtemp(join(tmpdir(), 'inopsio-lifecycle-'));
    const names = Object.keys(defaultPorts) as PortName[];
    const ports = await Promise.all(Array.from({ length: names.length + 1 }, freePort));
    const flags = Object.fromEntries(names.map((name, i) => [name, String(ports[i])]));
    // OpenBao also binds the port after its own: keep that one free too.
    flags.openbao = String(ports[names.length]);
    settings = resolveSettings({ ...process.env, INOPSIO_STATE_DIR: stateDir }, flags);
  });

  afterAll(async () => {
    await down(settings, silentReport);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts the components asked for, and what they need, each ready', async () => {
    const result = await up(settings, silentReport, ['openbao', 'etcd']);
    expect(Object.keys(result.startTimes).sort()).toEqual(['etcd', 'openbao']);
    expect(result.reused).toEqual([]);
    const rows = await status(settings, silentReport);
    const healthy = rows.filter((r) => r.health.state === 'healthy').map((r) => r.component);
    expect(healthy.sort()).toEqual(['etcd', 'openbao']);
    const endpoints = JSON.parse(await readFile(statePaths(stateDir).endpoints, 'utf8'));
    expect(endpoints.openbao.address).toBe(`http://127.0.0.1:${settings.ports.openbao}`);
  });

  it('reuses a healthy platform on a second up', async () => {
    const result = await up(settings, silentReport, ['openbao', 'etcd']);
    expect(result.reused.sort()).toEqual(['etcd', 'openbao']);
    expect(result.startTimes).toEqual({});
  });

  it('refuses to change the ports of a running platform', async () => {
    const moved = { ...settings, ports: { ...settings.ports, etcd: settings.ports.etcd + 1 } };
    await expect(up(moved, silentReport, ['etcd'])).rejects.toThrow(
      /running with other ports .*run `npm run down` before changing ports/,
    );
  });

  it('stops everything on down and leaves no process behind', async () => {
    const before = JSON.parse(await readFile(statePaths(stateDir).processes, 'utf8')) as {
      processes: Record<string, ProcessRecord>;
    };
    const pids = Object.values(before.processes).map((p) => p.pid);
    expect(pids).toHaveLength(2);
    const stopped = await down(settings, silentReport);
    expect(stopped.sort()).toEqual(['etcd', 'openbao']);
    for (const pid of pids) expect(groupAlive(pid)).toBe(false);
    const rows = await status(settings, silentReport);
    expect(rows.every((r) => r.health.state === 'stopped')).toBe(true);
  });

  it('names the busy port and the flag that moves it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(settings.ports.openbao, '127.0.0.1', resolve),
    );
    try {
      await expect(up(settings, silentReport, ['openbao'])).rejects.toThrow(
        `port ${settings.ports.openbao} on 127.0.0.1 (openbao) is in use by another program: stop that program, or pick another port with --openbao-port <port> (or INOPSIO_OPENBAO_PORT=<port>)`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stops what it started when a component fails, and shows that component’s log', async () => {
    // etcd cannot use a data directory that is a file.
    await rm(join(stateDir, 'etcd'), { recursive: true, force: true });
    await mkdir(join(stateDir, 'etcd'));
    await writeFile(join(stateDir, 'etcd', 'data'), 'not a directory');
    const failure = up(settings, silentReport, ['etcd', 'openbao']);
    await expect(failure).rejects.toThrow(
      /etcd exited while starting\n--- last lines of .*etcd\.log ---/,
    );
    const processes = JSON.parse(await readFile(statePaths(stateDir).processes, 'utf8'));
    expect(processes.processes).toEqual({});
    const rows = await status(settings, silentReport);
    expect(rows.every((r) => r.health.state === 'stopped')).toBe(true);
  });
});
