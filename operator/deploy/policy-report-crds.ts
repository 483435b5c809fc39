import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleReport } from '@inopsio/platform/local';
import { goModuleFiles } from '@inopsio/platform/local/obtain/go-module.ts';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parse } from 'yaml';

/**
 * The PolicyReport and ClusterPolicyReport CRDs of the Kubernetes policy working group
 * (wgpolicyk8s.io; v1alpha2 is what Kyverno and Policy Reporter read), taken from their Go
 * module rather than copied, so a cluster that already has them from another tool gets the
 * same definitions.
 */
export const policyReportModule = {
  path: 'sigs.k8s.io/wg-policy-prototypes',
  version: 'v0.0.0-20240327135653-0fc2ddc5d3e3',
  /** The git commit of that version, for installing the same CRDs with Argo CD. */
  commit: '0fc2ddc5d3e396e9356e1769a1c0935cce1ba963',
  folder: 'policy-report/crd/v1alpha2',
  files: ['wgpolicyk8s.io_policyreports.yaml', 'wgpolicyk8s.io_clusterpolicyreports.yaml'],
};

export async function policyReportCrds(report = consoleReport): Promise<KubernetesObject[]> {
  const { path, version, folder, files } = policyReportModule;
  const module = await goModuleFiles(
    'wg-policy-prototypes',
    path,
    version,
    join(folder, files[0] as string),
    report,
  );
  return Promise.all(
    files.map(
      async (file) => parse(await readFile(join(module, folder, file), 'utf8')) as KubernetesObject,
    ),
  );
}
