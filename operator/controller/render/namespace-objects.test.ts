import { describe, expect, it } from 'vitest';
import {
  editionObject,
  editionSpec,
  type Json,
  tenantObject,
  tenantSpec,
} from '../../test/fixtures.ts';
import { renderNamespaceObjects } from './namespace-objects.ts';

const edition = {
  ...editionObject('business', editionSpec()),
  metadata: { name: 'business', uid: 'e1' },
};
const tenant = {
  ...tenantObject('acme', tenantSpec('business')),
  metadata: { name: 'acme', uid: 't1' },
};
const config = { gatewayNamespace: 'gateway', platformNamespace: 'platform' };
const objects = renderNamespaceObjects(tenant, edition, config);
const find = (kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (!name || o.metadata?.name === name)) as Record<
    string,
    Json
  >;

describe('renderNamespaceObjects', () => {
  it('makes a restricted namespace owned by the tenant', () => {
    const namespace = find('Namespace');
    expect(namespace.metadata.name).toBe('tenant-acme');
    expect(namespace.metadata.namespace).toBeUndefined();
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(namespace.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Tenant', name: 'acme', uid: 't1', controller: true }),
    ]);
  });

  it('puts every other object in the tenant namespace with the tenant and edition labels', () => {
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata?.namespace).toBe('tenant-acme');
      expect(object.metadata?.labels).toMatchObject({
        'platform.inopsio.io/tenant': 'acme',
        'platform.inopsio.io/edition': 'business',
        'app.kubernetes.io/managed-by': 'inopsio-operator',
      });
    }
  });

  it('sizes the quota from the edition, limits at twice the requests', () => {
    expect(find('ResourceQuota').spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8000m',
      'limits.memory': String(16 * 2 ** 30),
      pods: '40',
    });
  });

  it('defaults containers to the edition default profile', () => {
    expect(find('LimitRange').spec.limits).toEqual([
      {
        type: 'Container',
        default: { cpu: '500m', memory: '512Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      },
    ]);
  });

  it('denies all traffic but the gateway in and DNS, platform and own namespace out', () => {
    expect(find('NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(find('NetworkPolicy', 'allow-gateway-ingress').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } },
      { podSelector: {} },
    ]);
    const egress = find('NetworkPolicy', 'allow-platform-egress').spec.egress;
    expect(egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
    expect(egress[1].to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe(
      'platform',
    );
  });

  it('makes the service account the workloads run as', () => {
    expect(find('ServiceAccount').metadata.name).toBe('inopsio-workload');
  });
});
