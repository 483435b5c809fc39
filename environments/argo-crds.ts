/**
 * Argo CD's CRDs, read from its Go module (`manifests/crds/`) downloaded once into
 * `~/.cache/inopsio/argo-cd/<version>/`, to validate Applications with a server-side dry-run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleReport } from '@inopsio/platform/local';
import { goModuleFiles } from '@inopsio/platform/local/obtain/go-module.ts';
import { argoCdVersion } from './versions.ts';

/** The YAML of each Argo CD CRD (Application, ApplicationSet, AppProject). */
export async function argoCdCrds(report = consoleReport): Promise<string[]> {
  const module = await goModuleFiles(
    'argo-cd',
    'github.com/argoproj/argo-cd/v3',
    `v${argoCdVersion}`,
    join('manifests', 'crds', 'application-crd.yaml'),
    report,
  );
  const crds = join(module, 'manifests', 'crds');
  const files = (await readdir(crds)).filter((file) => file.endsWith('-crd.yaml')).sort();
  return Promise.all(files.map((file) => readFile(join(crds, file), 'utf8')));
}
