import type { Server } from 'node:https';
import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type V1LabelSelector,
} from '@kubernetes/client-node';
import { fieldManager } from '../controller/constants.ts';
import type { Policies } from '../policy/types.ts';
import { hasStatus } from '../runtime/errors.ts';
import type { Logger } from '../runtime/logger.ts';
import { toClientModel } from '../runtime/wire-format.ts';
import { createWebhookTls, type WebhookTls } from './certificates.ts';
import { type WebhookEndpoint, webhookConfiguration } from './configuration.ts';
import type { AdmissionContext } from './review.ts';
import { startWebhookServer } from './server.ts';

/** The Secret holding the webhook's CA and serving certificate, shared by the replicas. */
export const webhookTlsSecret = 'inopsio-admission-tls';
/** The Service in front of the replicas' webhook port, in the operator's namespace. */
export const webhookServiceName = 'inopsio-operator-webhook';

export interface AdmissionWebhookOptions {
  address: { host: string; port: number };
  endpoint: WebhookEndpoint;
  /** The ValidatingWebhookConfiguration's name. */
  configurationName: string;
  /** Where the TLS Secret lives: the operator's namespace. */
  namespace: string;
  objectSelector?: V1LabelSelector;
}

const decode = (value?: string) => Buffer.from(value ?? '', 'base64').toString('utf8');

/**
 * The replicas' shared TLS material: read from the Secret, or made and stored by the first
 * replica to start (a second one that loses the race reads the winner's).
 */
async function sharedTls(core: CoreV1Api, namespace: string): Promise<WebhookTls> {
  const read = async () => {
    const secret = await core.readNamespacedSecret({ name: webhookTlsSecret, namespace });
    return {
      caCert: decode(secret.data?.['ca.crt']),
      cert: decode(secret.data?.['tls.crt']),
      key: decode(secret.data?.['tls.key']),
    };
  };
  try {
    return await read();
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
  const service = `${webhookServiceName}.${namespace}.svc`;
  const tls = createWebhookTls([service, `${service}.cluster.local`, 'localhost', '127.0.0.1']);
  const encode = (text: string) => Buffer.from(text).toString('base64');
  try {
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: webhookTlsSecret, namespace },
        type: 'kubernetes.io/tls',
        data: {
          'ca.crt': encode(tls.caCert),
          'tls.crt': encode(tls.cert),
          'tls.key': encode(tls.key),
        },
      },
    });
    return tls;
  } catch (error) {
    if (!hasStatus(error, 409)) throw error;
    return read();
  }
}

/**
 * Starts the admission webhook: TLS from the shared Secret, the HTTPS server, and the
 * ValidatingWebhookConfiguration that points the API server at it with its CA.
 */
export async function startAdmissionWebhook(
  kubeconfig: KubeConfig,
  options: AdmissionWebhookOptions,
  policies: Policies,
  context: AdmissionContext,
  log: Logger,
): Promise<Server> {
  const tls = await sharedTls(kubeconfig.makeApiClient(CoreV1Api), options.namespace);
  const server = await startWebhookServer(options.address, tls, policies, context, log);
  const configuration = webhookConfiguration(
    options.configurationName,
    options.endpoint,
    tls.caCert,
    options.objectSelector,
  );
  await KubernetesObjectApi.makeApiClient(kubeconfig).patch(
    toClientModel(configuration),
    undefined,
    undefined,
    fieldManager,
    true,
    PatchStrategy.ServerSideApply,
  );
  log.info(
    {
      configuration: options.configurationName,
      address: `${options.address.host}:${options.address.port}`,
    },
    'serving the admission webhook',
  );
  return server;
}

/**
 * Takes the registration away when a webhook registered by URL stops. Such a webhook is one
 * process outside the cluster (`npm start`, a developer's operator): left behind, its
 * configuration (failing closed) would refuse every Tenant and Edition write. Replicas behind
 * the Service keep theirs across restarts.
 */
export async function unregisterUrlWebhook(
  kubeconfig: KubeConfig,
  options: AdmissionWebhookOptions,
  log: Logger,
): Promise<void> {
  if (!('url' in options.endpoint)) return;
  try {
    await kubeconfig
      .makeApiClient(AdmissionregistrationV1Api)
      .deleteValidatingWebhookConfiguration({ name: options.configurationName });
    log.info({ configuration: options.configurationName }, 'admission webhook unregistered');
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
}
