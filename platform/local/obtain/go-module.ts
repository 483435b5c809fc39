import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleReport } from '../report.ts';
import { resolveSettings } from '../settings.ts';
import { requireCommand } from './prerequisites.ts';
import { runCommand } from './run-command.ts';

/**
 * The files of a Go module, downloaded once from the module proxy into
 * `~/.cache/inopsio/<name>/<version>/mod` (for manifests published in Go modules, such as
 * CRDs). Returns the module's folder; `marker` is a file in it that shows the download is
 * complete.
 */
export async function goModuleFiles(
  name: string,
  module: string,
  version: string,
  marker: string,
  report = consoleReport,
): Promise<string> {
  const dir = join(resolveSettings().cacheDir, name, version);
  const moduleCache = join(dir, 'mod');
  const files = join(moduleCache, `${module}@${version}`);
  if (existsSync(join(files, marker))) return files;
  const go = requireCommand(
    'go',
    `to download ${module} from the Go module proxy`,
    'the Go toolchain (1.24 or newer) from https://go.dev/doc/install',
  );
  await mkdir(dir, { recursive: true });
  report(name, `downloading ${module}@${version}`);
  const output = await runCommand(go, ['mod', 'download', '-json', `${module}@${version}`], {
    component: name,
    activity: `downloading ${module}@${version}`,
    report,
    cwd: dir,
    env: {
      ...process.env,
      GOTOOLCHAIN: 'local',
      GOMODCACHE: moduleCache,
      // Writable module files, so the cache can be deleted like any other.
      GOFLAGS: '-modcacherw',
    },
  });
  const { Error: failure } = JSON.parse(output) as { Error?: string };
  if (failure) throw new Error(`could not download ${module}@${version}: ${failure}`);
  return files;
}
