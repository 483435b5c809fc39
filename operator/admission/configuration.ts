import type { V1LabelSelector, V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import { group, version } from '../api/v1alpha1/index.ts';
import { validatePath } from './server.ts';

/** Where the API server reaches the webhook: a URL (outside the cluster) or a Service. */
export type WebhookEndpoint =
  | { url: string }
  | { service: { namespace: string; name: string; port: number } };

/**
 * The ValidatingWebhookConfiguration of Tenants and Editions (ADR 11): CREATE and UPDATE
 * only, so deletion and cleanup never depend on the webhook; failurePolicy Fail, since the
 * rules are controls (data residency, reserved names); a 5 s timeout, far above an
 * evaluation's milliseconds and below the API server's default 10 s.
 */
export function webhookConfiguration(
  name: string,
  endpoint: WebhookEndpoint,
  caBundle: string,
  objectSelector?: V1LabelSelector,
): V1ValidatingWebhookConfiguration {
  const clientConfig = {
    caBundle: Buffer.from(caBundle).toString('base64'),
    ...('url' in endpoint
      ? { url: `${endpoint.url.replace(/\/$/, '')}${validatePath}` }
      : { service: { ...endpoint.service, path: validatePath } }),
  };
  const webhook = (resource: 'tenants' | 'editions') => ({
    name: `${resource}.${group}`,
    rules: [
      {
        apiGroups: [group],
        apiVersions: [version],
        operations: ['CREATE', 'UPDATE'],
        resources: [resource],
        scope: 'Cluster',
      },
    ],
    clientConfig,
    // Only writes that change what the rules read: the operator's finalizer patches and
    // deletions in progress never wait on the webhook.
    matchConditions: [
      {
        name: 'spec-written',
        expression:
          "request.operation == 'CREATE' || (!has(object.metadata.deletionTimestamp) && object.spec != oldObject.spec)",
      },
    ],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    timeoutSeconds: 5,
    admissionReviewVersions: ['v1'],
    ...(objectSelector ? { objectSelector } : {}),
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'inopsio-operator' } },
    webhooks: [webhook('tenants'), webhook('editions')],
  };
}

/**
 * A label selector written `key=value,key2=value2` (the operator's --tenant-selector) as an
 * objectSelector; other forms are refused, naming the flag.
 */
export function equalitySelector(selector: string): V1LabelSelector | undefined {
  if (!selector) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const part of selector.split(',')) {
    const match = /^\s*([^=!\s]+)\s*==?\s*([^=!\s]*)\s*$/.exec(part);
    if (!match?.[1])
      throw new Error(
        `--tenant-selector '${selector}': with the admission webhook on, only key=value pairs separated by commas are supported`,
      );
    matchLabels[match[1]] = match[2] ?? '';
  }
  return { matchLabels };
}
