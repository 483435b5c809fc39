/**
 * `npm start`: the local platform, the operator on it, the sample editions and tenants, and
 * `kubectl get tenants` once they are ready. Everything keeps running; `npm run down` stops it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  components,
  consoleReport,
  formatDuration,
  resolveSettings,
  stopApplications,
  stopOnInterrupt,
  up,
} from '@inopsio/platform/local';
import { CustomObjectsApi, KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { group, type Tenant, version } from '../api/v1alpha1/index.ts';
import { applyObjects } from '../install.ts';
import { describeError } from '../runtime/errors.ts';
import { localOperator } from './local-operator.ts';

const samplesDir = fileURLToPath(new URL('../samples/', import.meta.url));

function samples(): KubernetesObject[] {
  return readdirSync(samplesDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort(
      (a, b) => Number(a.includes('tenant')) - Number(b.includes('tenant')) || a.localeCompare(b),
    )
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${samplesDir}${file}`, 'utf8')).map(
        (document) => document.toJSON() as KubernetesObject,
      ),
    );
}

async function waitForTenants(kubeconfig: KubeConfig, names: string[], timeoutMs = 120_000) {
  const api = kubeconfig.makeApiClient(CustomObjectsApi);
  const began = Date.now();
  for (;;) {
    const list = (await api.listClusterCustomObject({ group, version, plural: 'tenants' })) as {
      items: Tenant[];
    };
    const pending = names.filter((name) => {
      const tenant = list.items.find((t) => t.metadata.name === name);
      return !tenant?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    });
    if (pending.length === 0) return;
    if (Date.now() - began > timeoutMs) {
      throw new Error(
        `tenants not ready after ${formatDuration(timeoutMs)}: ${pending.join(', ')}`,
      );
    }
    await sleep(500);
  }
}

const settings = resolveSettings();
const stack = [...components, localOperator];
stopOnInterrupt(settings, consoleReport);

try {
  // The platform is reused when healthy; the operator is the code being worked on: restarted.
  await stopApplications(settings, consoleReport);
  const result = await up(settings, consoleReport, undefined, stack);
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(result.endpoints.kubernetes.kubeconfig);
  const objects = samples();
  consoleReport(
    'samples',
    `applying ${objects.length} sample editions and tenants from operator/samples/`,
  );
  await applyObjects(kubeconfig, objects);
  const tenants = objects.filter((o) => o.kind === 'Tenant').map((o) => o.metadata?.name ?? '');
  await waitForTenants(kubeconfig, tenants);
  const kubectl = `${result.endpoints.kubernetes.binDir}/kubectl`;
  const env = { ...process.env, KUBECONFIG: result.endpoints.kubernetes.kubeconfig };
  console.log(
    `\n$ kubectl get editions,tenants\n${execFileSync(kubectl, ['get', 'editions,tenants'], { env, encoding: 'utf8' })}`,
  );
  console.log(`Inopsio runs locally (${formatDuration(result.totalMs)}).

  Kubernetes API   ${result.endpoints.kubernetes.server}   (KUBECONFIG=${result.endpoints.kubernetes.kubeconfig})
  Operator         http://127.0.0.1:${settings.ports.operator}/metrics   logs: ${result.endpoints.stateDir}/logs/operator.log
  PostgreSQL 15    ${result.endpoints.postgres.host}:${result.endpoints.postgres.port}
  Keycloak         ${result.endpoints.keycloak.url}
  OpenBao          ${result.endpoints.openbao.address}
  Kafka            ${result.endpoints.kafka.brokers.join(',')}

Try:  eval "$(npm run --silent local -- env)"
      kubectl get tenants -o wide; kubectl describe tenant acme; kubectl get all -n tenant-acme
      kubectl explain tenant.spec.domains
Credentials: ${result.endpoints.stateDir}/endpoints.json    Stop everything: npm run down`);
  process.exit(0);
} catch (error) {
  console.error(`error: ${describeError(error)}`);
  process.exit(1);
}
