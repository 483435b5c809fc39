import { randomBytes } from 'node:crypto';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readEndpoints } from './endpoints.ts';

const kubeconfig = new KubeConfig();
kubeconfig.loadFromFile(readEndpoints().kubernetes.kubeconfig);
const core = kubeconfig.makeApiClient(CoreV1Api);
const extensions = kubeconfig.makeApiClient(ApiextensionsV1Api);
const custom = kubeconfig.makeApiClient(CustomObjectsApi);
const id = randomBytes(4).toString('hex');

const isNotFound = (error: unknown) => (error as { code?: number }).code === 404;

describe('the local API server and controller-manager', () => {
  const group = `probe${id}.test.inopsio.io`;
  const namespace = `probe-${id}`;

  afterAll(async () => {
    await extensions
      .deleteCustomResourceDefinition({ name: `widgets.${group}` })
      .catch(() => undefined);
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('serves a new CRD and stores a custom object of it', async () => {
    const crd: V1CustomResourceDefinition = {
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Cluster',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', properties: { size: { type: 'integer' } } },
                },
              },
            },
          },
        ],
      },
    };
    await extensions.createCustomResourceDefinition({ body: crd });
    await vi.waitFor(
      async () => {
        const stored = await extensions.readCustomResourceDefinition({ name: `widgets.${group}` });
        const established = stored.status?.conditions?.find((c) => c.type === 'Established');
        expect(established?.status).toBe('True');
      },
      { timeout: 30_000, interval: 200 },
    );

    const widget = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3 },
    };
    await vi.waitFor(
      () =>
        custom.createClusterCustomObject({ group, version: 'v1', plural: 'widgets', body: widget }),
      { timeout: 30_000, interval: 200 },
    );
    const read = (await custom.getClusterCustomObject({
      group,
      version: 'v1',
      plural: 'widgets',
      name: 'w1',
    })) as typeof widget;
    expect(read.spec).toEqual({ size: 3 });
  });

  it('gives a new namespace its default service account', async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await vi.waitFor(() => core.readNamespacedServiceAccount({ name: 'default', namespace }), {
      timeout: 30_000,
      interval: 200,
    });
  });

  it('garbage-collects a ConfigMap whose owner was deleted', async () => {
    const owner = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'owner' }, data: { role: 'owner' } },
    });
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: 'dependent',
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'owner',
              uid: owner.metadata?.uid as string,
            },
          ],
        },
      },
    });
    await core.deleteNamespacedConfigMap({
      name: 'owner',
      namespace,
      propagationPolicy: 'Background',
    });
    await vi.waitFor(
      async () => {
        const gone = await core
          .readNamespacedConfigMap({ name: 'dependent', namespace })
          .then(() => false, isNotFound);
        expect(gone).toBe(true);
      },
      { timeout: 60_000, interval: 250 },
    );
  });

  it('deletes a namespace with its contents', async () => {
    await core.deleteNamespace({ name: namespace });
    await vi.waitFor(
      async () => {
        const gone = await core.readNamespace({ name: namespace }).then(() => false, isNotFound);
        expect(gone).toBe(true);
      },
      { timeout: 60_000, interval: 250 },
    );
  });
});
