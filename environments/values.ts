import type { EnvironmentConfig } from './config.ts';
import type { AddOn } from './versions.ts';

/**
 * Argo CD does not assess an Application's health by itself since 1.8; this check lets a wave
 * wait until the applications of the wave before it are Healthy.
 */
const applicationHealth = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/** Helm values of each add-on: small, and only what differs from the chart's defaults. */
export function addOnValues(env: EnvironmentConfig, name: AddOn): Record<string, unknown> {
  const ha = env.replicas > 1;
  switch (name) {
    case 'argo-cd':
      return {
        configs: {
          cm: { 'resource.customizations.health.argoproj.io_Application': applicationHealth },
        },
        'redis-ha': { enabled: ha },
        controller: { replicas: 1 },
        server: { replicas: env.replicas },
        repoServer: { replicas: env.replicas },
      };
    case 'cert-manager':
      return { crds: { enabled: true }, replicaCount: env.replicas };
    case 'keycloak':
      return {
        replicas: env.replicas,
        extraEnv: `- name: KC_HOSTNAME\n  value: https://id.${env.domain}\n`,
      };
    case 'openbao':
      return { server: { ha: { enabled: ha, replicas: env.replicas, raft: { enabled: ha } } } };
    case 'kube-prometheus-stack':
      return { prometheus: { prometheusSpec: { retention: ha ? '30d' : '7d' } } };
    case 'loki':
      return { deploymentMode: 'SimpleScalable', loki: { auth_enabled: true } };
    case 'opentelemetry-collector':
      return {
        mode: 'deployment',
        image: { repository: 'otel/opentelemetry-collector-contrib' },
        config: {
          exporters: {
            otlp: { endpoint: 'jaeger-collector.monitoring:4317', tls: { insecure: true } },
          },
          service: { pipelines: { traces: { exporters: ['otlp'] } } },
        },
      };
    case 'jaeger':
      return { provisionDataStore: { cassandra: false }, allInOne: { enabled: true } };
  }
}
