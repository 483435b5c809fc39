import { describe, expect, it } from 'vitest';
import {
  editionObject,
  editionSpec,
  type Json,
  tenantObject,
  tenantSpec,
} from '../../test/fixtures.ts';
import { loadRelease } from '../release.ts';
import { renderModuleWorkload } from './module-workload.ts';

const release = loadRelease();
const base = editionSpec();
const autoscaled = editionSpec({
  resources: {
    ...base.resources,
    profiles: {
      crm: {
        ...base.resources.defaultProfile,
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 },
      },
    },
  },
});
const edition = editionObject('business', autoscaled);
const tenant = (spec = {}) => ({
  ...tenantObject('acme', { ...tenantSpec('business'), ...spec }),
  metadata: { name: 'acme', uid: 't1' },
});
const kinds = (objects: { kind?: string }[]) => objects.map((o) => o.kind);
const deployment = (objects: object[]) => objects[0] as Record<string, Json>;

describe('renderModuleWorkload', () => {
  it('renders a Deployment, Service, autoscaler and disruption budget for an autoscaled module', () => {
    expect(kinds(renderModuleWorkload(tenant(), edition, 'crm', release))).toEqual([
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]);
  });

  it('leaves the replica count to the autoscaler, and sets it from the profile otherwise', () => {
    expect(
      deployment(renderModuleWorkload(tenant(), edition, 'crm', release)).spec.replicas,
    ).toBeUndefined();
    const erp = renderModuleWorkload(tenant(), edition, 'erp', release);
    expect(kinds(erp)).not.toContain('HorizontalPodAutoscaler');
    expect(deployment(erp).spec.replicas).toBe(2);
  });

  it("takes the tenant's replica override", () => {
    const erp = renderModuleWorkload(
      tenant({ overrides: { replicas: { erp: 5 } } }),
      edition,
      'erp',
      release,
    );
    expect(deployment(erp).spec.replicas).toBe(5);
  });

  it('scales a suspended tenant to zero without an autoscaler', () => {
    const crm = renderModuleWorkload(tenant({ suspended: true }), edition, 'crm', release);
    expect(kinds(crm)).not.toContain('HorizontalPodAutoscaler');
    expect(deployment(crm).spec.replicas).toBe(0);
  });

  it('runs the release image as a non-root user on a read-only root filesystem', () => {
    const pod = deployment(renderModuleWorkload(tenant(), edition, 'erp', release)).spec.template
      .spec;
    const container = pod.containers[0];
    expect(container.image).toBe(release.images.erp);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(pod.serviceAccountName).toBe('inopsio-workload');
  });

  it('labels everything for the tenant and the module, owned by the tenant', () => {
    for (const object of renderModuleWorkload(tenant(), edition, 'crm', release)) {
      expect(object.metadata).toMatchObject({
        name: 'crm',
        namespace: 'tenant-acme',
        labels: { 'platform.inopsio.io/tenant': 'acme', 'app.kubernetes.io/component': 'crm' },
        ownerReferences: [expect.objectContaining({ kind: 'Tenant', uid: 't1' })],
      });
    }
  });
});
