import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { customResourceDefinitions } from './api/v1alpha1/index.ts';
import { defaultConfig } from './controller/config.ts';
import { operatorName, renderRbac } from './deploy/manifests.ts';
import { policyReportCrds } from './deploy/policy-report-crds.ts';
import { toClientModel } from './runtime/wire-format.ts';

/** Server-side applies objects in order, as an installer (not the operator's field manager). */
export async function applyObjects(
  kubeconfig: KubeConfig,
  objects: KubernetesObject[],
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeconfig);
  for (const object of objects) {
    await api.patch(
      toClientModel(object),
      undefined,
      undefined,
      'inopsio-install',
      true,
      PatchStrategy.ServerSideApply,
    );
  }
}

/**
 * What must exist before the operator runs: its CRDs and the PolicyReport CRDs (waited for
 * until served), the
 * operator's namespace, and its service account with the least-privilege roles.
 */
export async function installPrerequisites(
  kubeconfig: KubeConfig,
  namespace = defaultConfig.leaseNamespace,
): Promise<void> {
  const crds = [
    ...(customResourceDefinitions as KubernetesObject[]),
    ...(await policyReportCrds()),
  ];
  await applyObjects(kubeconfig, crds);
  const extensions = kubeconfig.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds) {
    for (let attempt = 0; ; attempt++) {
      const stored = await extensions.readCustomResourceDefinition({
        name: crd.metadata?.name ?? '',
      });
      const established = stored.status?.conditions?.some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
      if (established) break;
      if (attempt > 100)
        throw new Error(`CRD ${crd.metadata?.name} was not established within 20 s`);
      await sleep(200);
    }
  }
  await applyObjects(kubeconfig, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    ...renderRbac(namespace),
  ]);
}

/**
 * A kubeconfig that acts as the operator's service account (a TokenRequest token), so that a
 * locally run operator has exactly the permissions it would have in the cluster.
 */
export async function serviceAccountKubeconfig(
  admin: KubeConfig,
  namespace = defaultConfig.leaseNamespace,
  expirationSeconds = 24 * 3600,
): Promise<KubeConfig> {
  const core = admin.makeApiClient(CoreV1Api);
  const { status } = await core.createNamespacedServiceAccountToken({
    name: operatorName,
    namespace,
    body: { spec: { expirationSeconds, audiences: [] } },
  });
  const cluster = admin.getCurrentCluster();
  if (!cluster || !status?.token) throw new Error('could not get a token for the operator');
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromOptions({
    clusters: [cluster],
    users: [{ name: operatorName, token: status.token }],
    contexts: [{ name: operatorName, cluster: cluster.name, user: operatorName }],
    currentContext: operatorName,
  });
  return kubeconfig;
}
