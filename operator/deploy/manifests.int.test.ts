import { PatchStrategy } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { loadRelease } from '../controller/release.ts';
import { toClientModel } from '../runtime/wire-format.ts';
import { objects } from '../test/cluster.ts';
import { renderOperator, renderRbac } from './manifests.ts';

describe("the operator's own manifests", () => {
  it('pass a server-side dry-run apply in the real API server', async () => {
    const manifests = [...renderOperator({ image: loadRelease().operator }), ...renderRbac()];
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'ClusterRoleBinding',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'Role',
      'RoleBinding',
      'Service',
      'Service',
      'ServiceAccount',
      'ServiceAccount',
    ]);
    for (const manifest of manifests) {
      await objects.patch(
        toClientModel(manifest),
        undefined,
        'All',
        'test',
        true,
        PatchStrategy.ServerSideApply,
      );
    }
  });

  it('run the operator as a non-root user with probes, under restricted Pod Security', () => {
    const deployment = renderOperator({ image: 'example/operator:1' }).find(
      (m) => m.kind === 'Deployment',
    ) as {
      spec: {
        template: {
          spec: {
            containers: {
              securityContext: object;
              livenessProbe: object;
              readinessProbe: object;
              env: { name: string; value?: string }[];
            }[];
          };
        };
      };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    expect(container?.livenessProbe).toMatchObject({ httpGet: { path: '/healthz' } });
    expect(container?.readinessProbe).toMatchObject({ httpGet: { path: '/readyz' } });
    expect(container?.env.find((e) => e.name === 'NODE_OPTIONS')?.value).toContain(
      '--max-old-space-size',
    );
  });
});
