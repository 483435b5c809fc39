/**
 * Argo CD's CRDs, read from its Go module (`manifests/crds/`) downloaded once into
 * `~/.cache/inopsio/argo-cd/<version>/`, to validate Applications with a server-side dry-run.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleReport, resolveSettings } from '@inopsio/platform/local';
import { requireCommand } from '@inopsio/platform/local/obtain/prerequisites.ts';
import { runCommand } from '@inopsio/platform/local/obtain/run-command.ts';
import { argoCdVersion } from './versions.ts';

const module = 'github.com/argoproj/argo-cd/v3';

/** The YAML of each Argo CD CRD (Application, ApplicationSet, AppProject). */
export async function argoCdCrds(report = consoleReport): Promise<string[]> {
  const dir = join(resolveSettings().cacheDir, 'argo-cd', argoCdVersion);
  const moduleCache = join(dir, 'mod');
  const crds = join(moduleCache, `${module}@v${argoCdVersion}`, 'manifests', 'crds');
  if (!existsSync(join(crds, 'application-crd.yaml'))) {
    const go = requireCommand(
      'go',
      "to download Argo CD's CRDs from the Go module proxy",
      'the Go toolchain (1.24 or newer) from https://go.dev/doc/install',
    );
    await mkdir(dir, { recursive: true });
    report('argo-cd', `downloading ${module}@v${argoCdVersion} for its CRDs`);
    const output = await runCommand(
      go,
      ['mod', 'download', '-json', `${module}@v${argoCdVersion}`],
      {
        component: 'argo-cd',
        activity: `downloading Argo CD ${argoCdVersion}`,
        report,
        cwd: dir,
        env: {
          ...process.env,
          GOTOOLCHAIN: 'local',
          GOMODCACHE: moduleCache,
          // Writable module files, so the cache can be deleted like any other.
          GOFLAGS: '-modcacherw',
        },
      },
    );
    const { Error: failure } = JSON.parse(output) as { Error?: string };
    if (failure) throw new Error(`could not download Argo CD ${argoCdVersion}: ${failure}`);
  }
  const files = (await readdir(crds)).filter((file) => file.endsWith('-crd.yaml')).sort();
  return Promise.all(files.map((file) => readFile(join(crds, file), 'utf8')));
}
