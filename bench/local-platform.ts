/**
 * Warm start of the local platform: `up` then `down`, N times, in a state folder and on
 * ports of its own; prints each component's time to ready as p50/p95/max, and the total.
 *
 *   npm run bench -- local-platform [runs]
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  components,
  defaultPorts,
  down,
  freePort,
  type PortName,
  resolveSettings,
  silentReport,
  up,
} from '@inopsio/platform/local';
import { percentile, table } from './stats.ts';

const runs = Number(process.argv[2] ?? 5);
const stateDir = await mkdtemp(join(tmpdir(), 'inopsio-bench-'));
// Run by root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
await chmod(stateDir, 0o755);
const flags: Partial<Record<PortName, string>> = {};
for (const name of Object.keys(defaultPorts) as PortName[]) flags[name] = String(await freePort());
// OpenBao also binds the port after its own.
flags.openbao = String(Number(flags.openbao) + 2000);
const settings = resolveSettings({ ...process.env, INOPSIO_STATE_DIR: stateDir }, flags);

const samples = new Map<string, number[]>(components.map((c) => [c.name, []]));
samples.set('total', []);
try {
  // The first run initialises data folders (initdb, Keycloak's database): not counted.
  console.log('warm-up run (initialises the data folders)…');
  await up(settings, silentReport);
  await down(settings, silentReport);
  for (let run = 1; run <= runs; run++) {
    const result = await up(settings, silentReport);
    for (const [name, seconds] of Object.entries(result.startTimes))
      samples.get(name)?.push(seconds);
    samples.get('total')?.push(result.totalMs / 1000);
    await down(settings, silentReport);
    console.log(`run ${run}/${runs}: ${(result.totalMs / 1000).toFixed(1)} s`);
  }
} finally {
  await down(settings, silentReport);
  await rm(stateDir, { recursive: true, force: true });
}

const seconds = (value: number) => value.toFixed(1);
console.log(`\nlocal platform, warm caches: seconds until ready over ${runs} runs\n`);
console.log(
  table(
    ['component', 'p50', 'p95', 'max'],
    [...samples].map(([name, values]) => [
      name,
      seconds(percentile(values, 50)),
      seconds(percentile(values, 95)),
      seconds(Math.max(...values)),
    ]),
  ),
);
