import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Component, type Context, endpointsOf, expectOk } from '@inopsio/platform/local';
import { KubeConfig } from '@kubernetes/client-node';
import { operatorNodeFlags } from '../deploy/manifests.ts';
import { installPrerequisites, serviceAccountKubeconfig } from '../install.ts';
import { platformEnv } from './platform-env.ts';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const kubeconfigFile = (ctx: Context) => join(ctx.state.data('operator'), 'kubeconfig');
const metricsAddress = (ctx: Context) => `127.0.0.1:${ctx.settings.ports.operator}`;

/**
 * The operator as a process of the local platform, for `npm start`: installed (CRDs, its
 * namespace and roles) and run with its own service account's token, so it has exactly the
 * permissions the generated ClusterRole gives it in a real cluster.
 */
export const localOperator: Component = {
  name: 'operator',
  needs: ['kube-apiserver', 'kube-controller-manager', 'postgres', 'openbao', 'keycloak'],
  ports: ['operator', 'operatorWebhook'],
  startTimeoutMs: 60_000,
  async prepare(ctx) {
    const admin = new KubeConfig();
    admin.loadFromFile(ctx.state.kubeconfig);
    ctx.report(
      'operator',
      'installing the CRDs, the inopsio-system namespace and the operator roles',
    );
    await installPrerequisites(admin);
    const operator = await serviceAccountKubeconfig(admin);
    await mkdir(ctx.state.data('operator'), { recursive: true, mode: 0o700 });
    await writeFile(kubeconfigFile(ctx), operator.exportConfig(), { mode: 0o600 });
  },
  process(ctx) {
    return {
      command: process.execPath,
      env: {
        ...process.env,
        ...platformEnv(endpointsOf(ctx)),
        INOPSIO_SNAPSHOT_DIR: join(ctx.state.data('operator'), 'snapshots'),
      },
      args: [
        ...operatorNodeFlags,
        main,
        '--kubeconfig',
        kubeconfigFile(ctx),
        '--metrics-address',
        metricsAddress(ctx),
        // The API server reaches the admission webhook on loopback, by URL.
        '--webhook-address',
        `127.0.0.1:${ctx.settings.ports.operatorWebhook}`,
        '--webhook-url',
        `https://127.0.0.1:${ctx.settings.ports.operatorWebhook}`,
      ],
    };
  },
  async probe(ctx) {
    await expectOk(`http://${metricsAddress(ctx)}/readyz`);
  },
};
