import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl } from '@inopsio/operator/test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { argocdNamespace } from './app-of-apps.ts';
import { argoCdCrds } from './argo-crds.ts';
import { environments } from './config.ts';
import { environmentsDir, renderAll } from './render.ts';

const scratch = mkdtempSync(join(tmpdir(), 'inopsio-environments-'));
const establishedPath = 'jsonpath={.status.conditions[?(@.type=="Established")].status}';
const operatorCrds = join(environmentsDir, '../operator/config/crd');

/** Writes YAML documents to a file kubectl can read. */
function manifestFile(name: string, documents: string[]): string {
  const path = join(scratch, name);
  writeFileSync(path, documents.map((doc) => `---\n${doc}`).join('\n'));
  return path;
}

const yamlFiles = (dir: string) =>
  readdirSync(join(environmentsDir, dir))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => readFileSync(join(environmentsDir, dir, file), 'utf8'));

/** A server-side dry-run: the API server validates and admits, nothing is stored. */
const dryRun = (file: string) =>
  kubectl(
    'apply',
    '--server-side',
    '--dry-run=server',
    '--field-manager=inopsio-gitops',
    '-f',
    file,
  );

beforeAll(async () => {
  // CRDs are cluster-wide and shared with other tests: applied idempotently, never deleted.
  // The operator's go under the installer's field manager, so both owners agree.
  await kubectl('apply', '--server-side', '--field-manager=inopsio-install', '-f', operatorCrds);
  const argo = manifestFile('argo-cd-crds.yaml', await argoCdCrds());
  await kubectl('apply', '--server-side', '--field-manager=inopsio-gitops', '-f', argo);
  for (const crd of [
    'applications.argoproj.io',
    'appprojects.argoproj.io',
    'editions.platform.inopsio.io',
    'tenants.platform.inopsio.io',
  ]) {
    // `kubectl wait` fails outright while a new CRD has no conditions yet: poll instead.
    await vi.waitFor(
      async () => {
        const established = await kubectl('get', 'crd', crd, '-o', establishedPath);
        expect(established).toBe('True');
      },
      { timeout: 60_000, interval: 200 },
    );
  }
  const namespace = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${argocdNamespace}\n`;
  await kubectl(
    'apply',
    '--server-side',
    '--field-manager=inopsio-gitops',
    '-f',
    manifestFile('namespace.yaml', [namespace]),
  );
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('server-side dry-run against the local API server', () => {
  const rendered = renderAll();

  it.each(environments.map((env) => env.name))(
    '%s: every rendered manifest, edition and tenant is admitted',
    async (name) => {
      const documents = [
        ...[...rendered].filter(([path]) => path.startsWith(`${name}/`)).map(([, text]) => text),
        ...yamlFiles('editions'),
        ...yamlFiles(`${name}/tenants`),
      ];
      const output = await dryRun(manifestFile(`${name}.yaml`, documents));
      const admitted = output.trim().split('\n');
      expect(admitted.every((line) => line.endsWith('serverside-applied (server dry run)'))).toBe(
        true,
      );
      const kinds = admitted.map((line) => line.split('/')[0]);
      expect(kinds).toContain('application.argoproj.io');
      expect(kinds).toContain('appproject.argoproj.io');
      expect(kinds).toContain('edition.platform.inopsio.io');
      expect(kinds).toContain('tenant.platform.inopsio.io');
    },
  );

  it('refuses a tenant the CRD does not allow, naming the field', async () => {
    const [tenant = ''] = yamlFiles('prod-aws-eu-west-1/tenants');
    const broken = tenant.replace('deletionPolicy: Snapshot', 'deletionPolicy: Forever');
    await expect(dryRun(manifestFile('broken-tenant.yaml', [broken]))).rejects.toThrow(
      /deletionPolicy/,
    );
  });

  it('refuses an Application the Argo CD CRD does not allow', async () => {
    const app = rendered.get('prod-aws-eu-west-1/rendered/apps/inopsio-tenants.yaml') ?? '';
    const broken = app.replace('selfHeal: true', 'selfHeal: always');
    await expect(dryRun(manifestFile('broken-app.yaml', [broken]))).rejects.toThrow(/selfHeal/);
  });
});
