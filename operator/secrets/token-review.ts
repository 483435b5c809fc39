import { readFileSync } from 'node:fs';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { TokenReviewAccess } from './platform-setup.ts';

/** The service account whose tokens Vault uses to review tenants' tokens (system:auth-delegator). */
export const tokenReviewerName = 'inopsio-token-reviewer';

/**
 * How Vault reaches the API server the operator talks to: its address (or `host`, when Vault
 * sees it elsewhere, such as https://kubernetes.default.svc in a cluster), its CA, and
 * day-long reviewer tokens from TokenRequest.
 */
export function tokenReviewAccess(
  kubeconfig: KubeConfig,
  namespace: string,
  host?: string,
): TokenReviewAccess {
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const caCert = cluster.caData
    ? Buffer.from(cluster.caData, 'base64').toString('utf8')
    : cluster.caFile
      ? readFileSync(cluster.caFile, 'utf8')
      : undefined;
  const core = kubeconfig.makeApiClient(CoreV1Api);
  return {
    host: host ?? cluster.server,
    caCert,
    async requestReviewerToken() {
      const { status } = await core.createNamespacedServiceAccountToken({
        name: tokenReviewerName,
        namespace,
        body: { spec: { expirationSeconds: 24 * 3600, audiences: [] } },
      });
      if (!status?.token)
        throw new Error(`TokenRequest for ${namespace}/${tokenReviewerName} gave no token`);
      return status.token;
    },
  };
}
