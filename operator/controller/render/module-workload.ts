import type { KubernetesObject } from '@kubernetes/client-node';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Edition, ModuleName, Tenant } from '../../api/v1alpha1/index.ts';
import { parseQuantity } from '../../runtime/quantity.ts';
import { labels, tenantNamespace, workloadServiceAccount } from '../constants.ts';
import type { Release } from '../release.ts';
import { ownerReference, profileFor, tenantLabels } from './common.ts';

/** The unprivileged user every module runs as. */
const runAsUser = 10001;

const cpu = (quantity: string) =>
  kplus.Cpu.millis(Math.round((parseQuantity(quantity) ?? 0) * 1000));
const memory = (quantity: string) => Size.kibibytes((parseQuantity(quantity) ?? 0) / 1024);

/**
 * One module of a tenant, as cdk8s-plus renders it: a Deployment that runs as a non-root user
 * on a read-only root filesystem with the edition profile's resources, its Service, a
 * HorizontalPodAutoscaler when the profile autoscales, and a PodDisruptionBudget. A suspended
 * tenant keeps the objects with no replicas.
 */
export function renderModuleWorkload(
  tenant: Tenant,
  edition: Edition,
  module: ModuleName,
  release: Release,
): KubernetesObject[] {
  const profile = profileFor(edition, module);
  const suspended = tenant.spec.suspended;
  const replicas = tenant.spec.overrides?.replicas?.[module] ?? profile.replicas;
  const autoscaling = suspended ? undefined : profile.autoscaling;
  const metadata = {
    name: module,
    namespace: tenantNamespace(tenant.metadata.name),
    labels: { ...tenantLabels(tenant, edition), [labels.name]: module, [labels.component]: module },
    ownerReferences: [ownerReference(tenant)],
  };
  const chart = new Chart(new App(), module);
  const identity = { user: runAsUser, group: runAsUser, ensureNonRoot: true };
  const deployment = new kplus.Deployment(chart, 'deployment', {
    metadata,
    // The autoscaler owns the replica count when there is one.
    replicas: autoscaling ? undefined : suspended ? 0 : replicas,
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(
      chart,
      'account',
      workloadServiceAccount,
    ),
    automountServiceAccountToken: true,
    securityContext: { ...identity, fsGroup: runAsUser },
    podMetadata: { labels: metadata.labels },
    containers: [
      {
        name: module,
        image: release.images[module],
        portNumber: release.port,
        resources: {
          cpu: { request: cpu(profile.requests.cpu), limit: cpu(profile.limits.cpu) },
          memory: {
            request: memory(profile.requests.memory),
            limit: memory(profile.limits.memory),
          },
        },
        // What Pod Security `restricted` asks of every container.
        securityContext: {
          ...identity,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        envVariables: {
          INOPSIO_TENANT: kplus.EnvValue.fromValue(tenant.metadata.name),
          INOPSIO_MODULE: kplus.EnvValue.fromValue(module),
        },
        // Writable scratch space on an otherwise read-only filesystem.
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }],
      },
    ],
  });
  deployment.exposeViaService({ name: module, ports: [{ port: 80, targetPort: release.port }] });
  if (autoscaling) {
    new kplus.HorizontalPodAutoscaler(chart, 'autoscaler', {
      metadata,
      target: deployment,
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [
        kplus.Metric.resourceCpu(
          kplus.MetricTarget.averageUtilization(autoscaling.targetCPUUtilizationPercentage),
        ),
      ],
    });
  }
  new kplus.k8s.KubePodDisruptionBudget(chart, 'disruption-budget', {
    metadata,
    spec: {
      maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: deployment.matchLabels },
    },
  });
  return (chart.toJson() as KubernetesObject[]).map((object) => ({
    ...object,
    metadata: {
      ...metadata,
      ...object.metadata,
      labels: metadata.labels,
      ownerReferences: metadata.ownerReferences,
    },
  }));
}
