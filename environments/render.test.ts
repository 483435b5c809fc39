import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { stackValues } from '../platform/cloud/test/mock-stack.ts';
import { waves } from './app-of-apps.ts';
import { environments } from './config.ts';
import { environmentsDir, renderAll, renderedFiles } from './render.ts';

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown> & {
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
    sources?: { path?: string }[];
    source?: { path?: string; targetRevision?: string };
    edition?: string;
    placement?: {
      provider: string;
      region: string;
      allowed?: { provider: string; regions: string[] }[];
    };
  };
}

const readYaml = (path: string) =>
  parseAllDocuments(readFileSync(join(environmentsDir, path), 'utf8')).map(
    (doc) => doc.toJS() as Manifest,
  );

const yamlIn = (dir: string) =>
  readdirSync(join(environmentsDir, dir))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => parse(readFileSync(join(environmentsDir, dir, file), 'utf8')) as Manifest);

describe('the rendered environments', () => {
  it('match their sources: run `npm run render` after changing environments/*.ts', async () => {
    const expected = renderAll();
    expect(await renderedFiles()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) {
      expect(readFileSync(join(environmentsDir, path), 'utf8'), path).toBe(content);
    }
  });

  it.each(environments.map((env) => env.name))(
    '%s syncs infrastructure, then CRDs, the operator, editions and tenants',
    (name) => {
      const apps = [...renderAll().keys()]
        .filter((path) => path.startsWith(`${name}/rendered/apps/`))
        .flatMap(readYaml)
        .filter((m) => m.kind === 'Application');
      const wave = (app: string) =>
        Number(
          apps.find((m) => m.metadata.name === app)?.metadata.annotations?.[
            'argocd.argoproj.io/sync-wave'
          ],
        );
      expect(wave('argo-cd')).toBe(waves.infrastructure);
      expect(wave('keycloak')).toBe(waves.infrastructure);
      expect(wave('openbao')).toBe(waves.infrastructure);
      expect(wave('inopsio-crds')).toBeGreaterThan(wave('keycloak'));
      expect(wave('inopsio-operator')).toBeGreaterThan(wave('inopsio-crds'));
      expect(wave('inopsio-editions')).toBeGreaterThan(wave('inopsio-operator'));
      expect(wave('inopsio-tenants')).toBeGreaterThan(wave('inopsio-editions'));
      for (const app of apps) {
        expect(app.spec.syncPolicy?.automated?.selfHeal, app.metadata.name).toBe(true);
        // Pruning a CRD would delete every Edition and Tenant: the one exception.
        expect(app.spec.syncPolicy?.automated?.prune, app.metadata.name).toBe(
          app.metadata.name !== 'inopsio-crds',
        );
      }
    },
  );

  it('production follows a release tag, with exact chart versions', () => {
    for (const env of environments.filter((e) => e.name.startsWith('prod-'))) {
      expect(env.revision).toMatch(/^release-/);
      const root = readYaml(`${env.name}/rendered/root.yaml`)[0];
      expect(root?.spec.source?.targetRevision).toBe(env.revision);
    }
    const argo = readYaml('prod-aws-eu-west-1/rendered/apps/argo-cd.yaml')[0];
    expect(JSON.stringify(argo?.spec)).toMatch(/"targetRevision":"\d+\.\d+\.\d+"/);
  });

  it.each(environments.map((env) => env.name))(
    "%s places its tenants on its own stack's cloud, in an edition that allows it",
    (name) => {
      const provider = stackValues(name).provider;
      const editions = new Map(yamlIn('editions').map((e) => [e.metadata.name, e]));
      for (const tenant of yamlIn(`${name}/tenants`)) {
        expect(tenant.kind).toBe('Tenant');
        expect(tenant.spec.placement?.provider, tenant.metadata.name).toBe(provider);
        const edition = editions.get(tenant.spec.edition ?? '');
        expect(edition, `edition ${tenant.spec.edition}`).toBeDefined();
        const allowed = edition?.spec.placement?.allowed?.find((a) => a.provider === provider);
        expect(allowed?.regions).toContain(tenant.spec.placement?.region);
      }
    },
  );
});
