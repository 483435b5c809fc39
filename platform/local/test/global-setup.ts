import { down, stopApplications, up } from '../platform.ts';
import { consoleReport } from '../report.ts';
import { resolveSettings } from '../settings.ts';

/**
 * Brings the local platform up once for the whole test run. A platform that was already
 * running is left running afterwards; one started here is stopped, unless
 * INOPSIO_KEEP_PLATFORM=1 asks to keep it for the next run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const settings = resolveSettings();
  // The operator tests run operators of their own; one left by `npm start` would compete.
  const stopped = await stopApplications(settings, consoleReport);
  if (stopped.length > 0)
    console.log(`stopped ${stopped.join(', ')} (started by npm start) for the tests`);
  const result = await up(settings, consoleReport);
  const startedHere = result.reused.length === 0;
  return async () => {
    if (startedHere && process.env.INOPSIO_KEEP_PLATFORM !== '1') {
      await down(settings, consoleReport);
    }
  };
}
