import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { ApiObject, App, Chart } from 'cdk8s';
import { policyReportModule } from '../operator/deploy/policy-report-crds.ts';
import type { EnvironmentConfig } from './config.ts';
import { addOnValues } from './values.ts';
import { type AddOn, charts } from './versions.ts';

export const argocdNamespace = 'argocd';
export const projectName = 'inopsio';
const inCluster = 'https://kubernetes.default.svc';

/**
 * Sync waves of the child applications: infrastructure first, then the operator's CRDs, the
 * operator, the editions and last the tenants that refer to them.
 */
export const waves = {
  project: -1,
  infrastructure: 0,
  crds: 1,
  operator: 2,
  editions: 3,
  tenants: 4,
} as const;

type Source = NonNullable<Application['spec']['source']>;

interface ChildApp {
  name: string;
  wave: number;
  namespace: string;
  sources: Source[];
  /** Pruning a CRD would delete every Edition and Tenant with it: never automatic. */
  prune?: boolean;
}

const syncOptions = ['CreateNamespace=true', 'ServerSideApply=true', 'PruneLast=true'];

function application(env: EnvironmentConfig, app: ChildApp): Application {
  const [single] = app.sources;
  return new Application({
    metadata: {
      name: app.name,
      namespace: argocdNamespace,
      annotations: { 'argocd.argoproj.io/sync-wave': String(app.wave) },
      labels: { 'inopsio.io/environment': env.name },
      // Deleting the Application deletes what it made, in reverse waves.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: projectName,
      ...(app.sources.length === 1 && single ? { source: single } : { sources: app.sources }),
      destination: { server: inCluster, namespace: app.namespace },
      syncPolicy: {
        automated: { prune: app.prune ?? true, selfHeal: true },
        syncOptions,
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    },
  });
}

/** The PolicyReport CRDs the operator writes, from upstream at the commit it is tested with. */
const policyReportCrds: Source = {
  repoURL: 'https://github.com/kubernetes-sigs/wg-policy-prototypes.git',
  targetRevision: policyReportModule.commit,
  path: policyReportModule.folder,
};

const fromRepo = (env: EnvironmentConfig, path: string): Source => ({
  repoURL: env.repoURL,
  targetRevision: env.revision,
  path,
});

function addOn(env: EnvironmentConfig, name: AddOn): ChildApp {
  const chart = charts[name];
  return {
    name,
    wave: waves.infrastructure,
    namespace: chart.namespace,
    sources: [
      {
        repoURL: chart.repoURL,
        chart: chart.chart,
        targetRevision: chart.version,
        helm: { releaseName: name, valuesObject: addOnValues(env, name) },
      },
    ],
  };
}

/** The child applications of an environment, in wave order. */
export function childApps(env: EnvironmentConfig): ChildApp[] {
  const addOns = (Object.keys(charts) as AddOn[]).filter((name) => !env.without.includes(name));
  return [
    ...addOns.map((name) => addOn(env, name)),
    {
      name: 'inopsio-crds',
      wave: waves.crds,
      namespace: 'inopsio-system',
      sources: [fromRepo(env, 'operator/config/crd'), policyReportCrds],
      prune: false,
    },
    {
      name: 'inopsio-operator',
      wave: waves.operator,
      namespace: 'inopsio-system',
      sources: [fromRepo(env, 'operator/config/rbac'), fromRepo(env, 'operator/config/manager')],
    },
    {
      name: 'inopsio-editions',
      wave: waves.editions,
      namespace: 'inopsio-system',
      sources: [fromRepo(env, 'environments/editions')],
    },
    {
      name: 'inopsio-tenants',
      wave: waves.tenants,
      namespace: 'inopsio-system',
      sources: [fromRepo(env, `environments/${env.name}/tenants`)],
    },
  ];
}

/** The project the child applications belong to: which repositories and where they deploy. */
function project(env: EnvironmentConfig): AppProject {
  return new AppProject({
    metadata: {
      name: projectName,
      namespace: argocdNamespace,
      annotations: { 'argocd.argoproj.io/sync-wave': String(waves.project) },
    },
    spec: {
      description: `Inopsio ${env.name}`,
      sourceRepos: [
        env.repoURL,
        policyReportCrds.repoURL,
        ...new Set(Object.values(charts).map((c) => c.repoURL)),
      ],
      destinations: [{ server: inCluster, namespace: '*' }],
      // CRDs, Editions, Tenants and the operator's ClusterRole are cluster-scoped.
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      orphanedResources: { warn: true },
    },
  });
}

/** The root application: applied once by hand, it syncs every child application. */
export function rootApp(env: EnvironmentConfig): Application {
  return new Application({
    metadata: {
      name: 'inopsio-root',
      namespace: argocdNamespace,
      labels: { 'inopsio.io/environment': env.name },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: fromRepo(env, `environments/${env.name}/rendered/apps`),
      destination: { server: inCluster, namespace: argocdNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions },
    },
  });
}

export interface RenderedManifest {
  /** Relative to environments/. */
  path: string;
  objects: Record<string, unknown>[];
}

/** Every manifest of one environment, through cdk8s (each object validated by its model). */
export function renderEnvironment(env: EnvironmentConfig): RenderedManifest[] {
  const chart = new Chart(new App(), env.name);
  const add = (id: string, model: Application | AppProject) => {
    model.validate();
    return new ApiObject(chart, id, model.toJSON() as ConstructorParameters<typeof ApiObject>[2]);
  };
  const dir = `${env.name}/rendered`;
  const manifests: { path: string; objects: ApiObject[] }[] = [
    { path: `${dir}/root.yaml`, objects: [add('root', rootApp(env))] },
    { path: `${dir}/apps/project.yaml`, objects: [add('project', project(env))] },
    ...childApps(env).map((app) => ({
      path: `${dir}/apps/${app.name}.yaml`,
      objects: [add(app.name, application(env, app))],
    })),
  ];
  return manifests.map(({ path, objects }) => ({
    path,
    objects: objects.map((object) => object.toJson() as Record<string, unknown>),
  }));
}
