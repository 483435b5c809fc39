import { randomBytes } from 'node:crypto';
import type { V1ConfigMap, V1PodTemplate } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminKubeconfig, core, endpoints } from '../test/cluster.ts';
import { Informer, type InformerEvent } from './informer.ts';
import { createLogger } from './logger.ts';

const namespace = `informer-${randomBytes(3).toString('hex')}`;
const selector = `informer-test=${namespace}`;
const log = createLogger('silent');

const configMap = (name: string, value: string): V1ConfigMap => ({
  metadata: { name, namespace, labels: { 'informer-test': namespace } },
  data: { value },
});

const informerOf = (options: { resyncMs?: number } = {}) =>
  new Informer<V1ConfigMap>(
    adminKubeconfig(),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      labelSelector: selector,
      ...options,
    },
    log,
  );

describe('the informer against the real API server', () => {
  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedConfigMap({ namespace, body: configMap('before', 'listed') });
  });
  afterAll(() => core.deleteNamespace({ name: namespace }));

  it('lists, then hands on additions, updates and deletions from the watch', async () => {
    const informer = informerOf();
    const events: [InformerEvent, string, string | undefined][] = [];
    informer.on((event, object) =>
      events.push([event, object.metadata?.name ?? '', object.data?.value]),
    );
    await informer.start();
    expect(informer.get('before', namespace)?.data).toEqual({ value: 'listed' });
    try {
      await core.createNamespacedConfigMap({ namespace, body: configMap('watched', 'one') });
      await core.replaceNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: configMap('watched', 'two'),
      });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace });
      await vi.waitFor(() =>
        expect(events).toEqual([
          ['add', 'before', 'listed'],
          ['add', 'watched', 'one'],
          ['update', 'watched', 'two'],
          ['delete', 'watched', 'two'],
        ]),
      );
      expect(informer.get('watched', namespace)).toBeUndefined();
      // Objects without the label are not its business.
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'unlabelled', namespace } },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(informer.get('unlabelled', namespace)).toBeUndefined();
    } finally {
      informer.stop();
    }
  });

  it('lists again when resuming from a resourceVersion the API server no longer has (410 Gone)', async () => {
    // Pod templates are served from etcd (the local API server keeps no watch cache of them),
    // and compacting etcd's history up to now makes every older resourceVersion unservable.
    await core.createNamespacedPodTemplate({
      namespace,
      body: {
        metadata: { name: 'before', namespace, labels: { 'informer-test': namespace } },
        template: { spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    });
    const etcd = (path: string, body: object) =>
      fetch(`${endpoints.etcd.url}/v3/kv/${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ header: { revision: string } }>);
    const { header } = await etcd('range', { key: Buffer.from('/').toString('base64') });
    await etcd('compaction', { revision: header.revision, physical: true });
    const informer = new Informer<V1PodTemplate>(
      adminKubeconfig(),
      {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        plural: 'podtemplates',
        labelSelector: selector,
        resumeFrom: '1',
      },
      log,
    );
    await informer.start();
    await vi.waitFor(() => {
      expect(informer.lists).toBe(1);
      expect(informer.get('before', namespace)?.template?.spec?.containers[0]?.image).toBe(
        'example/app:1',
      );
    });
    informer.stop();
  });

  it('hands every cached object on again at each resync', async () => {
    const informer = informerOf({ resyncMs: 100 });
    const resyncs: string[] = [];
    informer.on((event, object) => {
      if (event === 'resync') resyncs.push(object.metadata?.name ?? '');
    });
    await informer.start();
    await vi.waitFor(() =>
      expect(resyncs.filter((name) => name === 'before').length).toBeGreaterThanOrEqual(2),
    );
    informer.stop();
  });
});
