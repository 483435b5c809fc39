/**
 * Every version the environments pin, in one table: the Helm charts of the in-cluster add-ons
 * and the Argo CD release whose CRDs the manifests are validated against. Production pins
 * exact versions; a bump is a pull request that changes this file and `npm run render`.
 */
export const argoCdVersion = '3.5.7';

export interface Chart {
  /** The Helm repository. */
  repoURL: string;
  chart: string;
  version: string;
  namespace: string;
}

export const charts = {
  'argo-cd': {
    repoURL: 'https://argoproj.github.io/argo-helm',
    chart: 'argo-cd',
    version: '9.4.1',
    namespace: 'argocd',
  },
  'cert-manager': {
    repoURL: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    version: 'v1.19.1',
    namespace: 'cert-manager',
  },
  keycloak: {
    repoURL: 'https://codecentric.github.io/helm-charts',
    chart: 'keycloakx',
    version: '7.1.3',
    namespace: 'keycloak',
  },
  openbao: {
    repoURL: 'https://openbao.github.io/openbao-helm',
    chart: 'openbao',
    version: '0.19.0',
    namespace: 'openbao',
  },
  'kube-prometheus-stack': {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '79.5.0',
    namespace: 'monitoring',
  },
  loki: {
    repoURL: 'https://grafana.github.io/helm-charts',
    chart: 'loki',
    version: '6.46.0',
    namespace: 'monitoring',
  },
  'opentelemetry-collector': {
    repoURL: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
    chart: 'opentelemetry-collector',
    version: '0.139.1',
    namespace: 'monitoring',
  },
  jaeger: {
    repoURL: 'https://jaegertracing.github.io/helm-charts',
    chart: 'jaeger',
    version: '3.4.1',
    namespace: 'monitoring',
  },
} as const satisfies Record<string, Chart>;

export type AddOn = keyof typeof charts;
