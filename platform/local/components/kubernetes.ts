import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, Component, Context } from '../component.ts';
import { buildGoPrograms, isGoBuildCached } from '../obtain/go-build.ts';
import { expectOk } from '../probe.ts';
import { versions } from '../versions.ts';
import { etcdUrl } from './etcd.ts';

/** Kubernetes' staging modules; the wrapper module pins each to its published v0.x. */
const stagingModules = [
  'api',
  'apiextensions-apiserver',
  'apimachinery',
  'apiserver',
  'cli-runtime',
  'client-go',
  'cloud-provider',
  'cluster-bootstrap',
  'code-generator',
  'component-base',
  'component-helpers',
  'controller-manager',
  'cri-api',
  'cri-client',
  'csi-translation-lib',
  'dynamic-resource-allocation',
  'endpointslice',
  'externaljwt',
  'kms',
  'kube-aggregator',
  'kube-controller-manager',
  'kube-proxy',
  'kube-scheduler',
  'kubectl',
  'kubelet',
  'metrics',
  'mount-utils',
  'pod-security-admission',
  'sample-apiserver',
  'sample-cli-plugin',
  'sample-controller',
];

const commands = ['kube-apiserver', 'kube-controller-manager', 'kubectl'];

const build = (ctx: Context) => {
  const version = versions.kubernetes;
  const [major, minor, patch] = version.split('.');
  const versionPackage = 'k8s.io/component-base/version';
  return {
    component: 'kubernetes',
    dir: join(ctx.settings.cacheDir, 'kubernetes', version),
    tools: commands.map((command) => `k8s.io/kubernetes/cmd/${command}@v${version}`),
    replace: Object.fromEntries(
      stagingModules.map((module) => [`k8s.io/${module}`, `v0.${minor}.${patch}`]),
    ),
    binaries: Object.fromEntries(
      commands.map((command) => [command, `k8s.io/kubernetes/cmd/${command}`]),
    ),
    // Without these stamps /version reports v0.0.0 and clients mis-detect features.
    ldflags: [
      '-s -w',
      `-X ${versionPackage}.gitVersion=v${version}`,
      `-X ${versionPackage}.gitMajor=${major}`,
      `-X ${versionPackage}.gitMinor=${minor}`,
    ].join(' '),
    report: ctx.report,
  };
};

export const kubernetesArtifact: Artifact = {
  name: 'kubernetes',
  version: versions.kubernetes,
  isCached: (ctx) => isGoBuildCached(build(ctx)),
  obtain: (ctx) => buildGoPrograms(build(ctx)),
};

/** The folder holding kube-apiserver, kube-controller-manager and kubectl. */
export const kubernetesBinDir = (ctx: Context) => join(build(ctx).dir, 'bin');

const apiserverDir = (ctx: Context) => ctx.state.data('kube-apiserver');
/** kube-apiserver generates its serving certificate and CA here on first start. */
export const apiserverCaFile = (ctx: Context) => join(apiserverDir(ctx), 'certs', 'apiserver.crt');
/** Every write request the API server served, one JSON audit event per line. */
export const apiserverAuditLog = (ctx: Context) => ctx.state.log('kube-apiserver-audit');
export const apiserverUrl = (ctx: Context) =>
  `https://127.0.0.1:${ctx.settings.ports.kubeApiserver}`;

/** A kubeconfig for one bearer-token user of the local cluster. */
function kubeconfig(ctx: Context, user: string, token: string): string {
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'inopsio-local',
          cluster: { server: apiserverUrl(ctx), 'certificate-authority': apiserverCaFile(ctx) },
        },
      ],
      users: [{ name: user, user: { token } }],
      contexts: [{ name: 'inopsio-local', context: { cluster: 'inopsio-local', user } }],
      'current-context': 'inopsio-local',
    },
    null,
    2,
  );
}

export const kubeApiserver: Component = {
  name: 'kube-apiserver',
  artifact: kubernetesArtifact,
  needs: ['etcd'],
  ports: ['kubeApiserver'],
  startTimeoutMs: 120_000,
  async prepare(ctx) {
    const dir = apiserverDir(ctx);
    await mkdir(join(dir, 'certs'), { recursive: true, mode: 0o700 });
    const { kubeAdminToken, kubeControllerManagerToken } = ctx.credentials;
    await writeFile(
      join(dir, 'tokens.csv'),
      [
        `${kubeAdminToken},inopsio-admin,inopsio-admin,"system:masters"`,
        `${kubeControllerManagerToken},system:kube-controller-manager,system:kube-controller-manager`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    if (!existsSync(join(dir, 'service-account.key'))) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await writeFile(
        join(dir, 'service-account.key'),
        privateKey.export({ type: 'pkcs8', format: 'pem' }),
        { mode: 0o600 },
      );
      await writeFile(
        join(dir, 'service-account.pub'),
        publicKey.export({ type: 'spki', format: 'pem' }),
      );
    }
    // Writes only, at Metadata level: who changed what, for tests that count writes.
    await writeFile(
      join(dir, 'audit-policy.yaml'),
      [
        'apiVersion: audit.k8s.io/v1',
        'kind: Policy',
        'omitStages: [RequestReceived]',
        'rules:',
        '  - level: Metadata',
        '    verbs: [create, update, patch, delete, deletecollection]',
        '  - level: None',
        '',
      ].join('\n'),
    );
    await writeFile(ctx.state.kubeconfig, kubeconfig(ctx, 'inopsio-admin', kubeAdminToken), {
      mode: 0o600,
    });
  },
  process(ctx) {
    const dir = apiserverDir(ctx);
    return {
      command: join(kubernetesBinDir(ctx), 'kube-apiserver'),
      args: [
        `--etcd-servers=${etcdUrl(ctx)}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ctx.settings.ports.kubeApiserver}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${join(dir, 'service-account.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'service-account.key')}`,
        `--service-account-issuer=${apiserverUrl(ctx)}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--allow-privileged=true',
        // Pod templates are served straight from etcd (no watch cache), so that a watch from a
        // compacted resourceVersion really gets 410 Gone: the informer tests rely on it.
        '--watch-cache-sizes=podtemplates#0',
        `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${apiserverAuditLog(ctx)}`,
        '--audit-log-maxsize=200',
        '--audit-log-maxbackup=1',
      ],
    };
  },
  async probe(ctx) {
    if (!existsSync(apiserverCaFile(ctx))) throw new Error('no serving certificate yet');
    await expectOk(`${apiserverUrl(ctx)}/readyz`, {
      ca: readFileSync(apiserverCaFile(ctx), 'utf8'),
      token: ctx.credentials.kubeAdminToken,
    });
  },
};

const controllerManagerDir = (ctx: Context) => ctx.state.data('kube-controller-manager');

export const kubeControllerManager: Component = {
  name: 'kube-controller-manager',
  artifact: kubernetesArtifact,
  needs: ['kube-apiserver'],
  ports: ['kubeControllerManager'],
  startTimeoutMs: 60_000,
  async prepare(ctx) {
    const dir = controllerManagerDir(ctx);
    await mkdir(join(dir, 'certs'), { recursive: true, mode: 0o700 });
    await writeFile(
      join(dir, 'kubeconfig'),
      kubeconfig(ctx, 'system:kube-controller-manager', ctx.credentials.kubeControllerManagerToken),
      { mode: 0o600 },
    );
  },
  process(ctx) {
    const dir = controllerManagerDir(ctx);
    return {
      command: join(kubernetesBinDir(ctx), 'kube-controller-manager'),
      args: [
        `--kubeconfig=${join(dir, 'kubeconfig')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ctx.settings.ports.kubeControllerManager}`,
        `--cert-dir=${join(dir, 'certs')}`,
        '--leader-elect=false',
        // Only what a cluster without nodes needs: owner-reference garbage collection,
        // namespace deletion and each namespace's default service account.
        '--controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller',
        '--use-service-account-credentials=true',
      ],
    };
  },
  async probe(ctx) {
    const ca = join(controllerManagerDir(ctx), 'certs', 'kube-controller-manager.crt');
    if (!existsSync(ca)) throw new Error('no serving certificate yet');
    await expectOk(`https://127.0.0.1:${ctx.settings.ports.kubeControllerManager}/healthz`, {
      ca: readFileSync(ca, 'utf8'),
    });
  },
};
