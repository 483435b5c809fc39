import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Edition, ModuleName, Tenant } from '../operator/api/v1alpha1/index.ts';
import { defaultConfig } from '../operator/controller/config.ts';
import { loadRelease } from '../operator/controller/release.ts';
import { renderModuleWorkload } from '../operator/controller/render/module-workload.ts';
import { renderNamespaceObjects } from '../operator/controller/render/namespace-objects.ts';
import { PolicyEngine, type RuleResult } from './engine.ts';

// What the operator ships and renders must pass the policies that will guard it.
const samplesDir = join(import.meta.dirname, '../operator/samples');
const shipped = readdirSync(samplesDir).map(
  (file) => parse(readFileSync(join(samplesDir, file), 'utf8')) as Edition | Tenant,
);
const editions = shipped.filter((o): o is Edition => o.kind === 'Edition');
const tenants = shipped.filter((o): o is Tenant => o.kind === 'Tenant');

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.load();
});

const failures = (rows: RuleResult[]) => rows.filter((r) => r.result === 'fail');

/** Everything the operator renders for `tenant`: its namespace objects and every module. */
function rendered(tenant: Tenant) {
  const edition = editions.find((e) => e.metadata.name === tenant.spec.edition) as Edition;
  return [
    ...renderNamespaceObjects(tenant, edition, defaultConfig),
    ...edition.spec.modules.flatMap((m: ModuleName) =>
      renderModuleWorkload(tenant, edition, m, loadRelease()),
    ),
  ];
}

describe('the operator samples and what the operator renders', () => {
  it.each(editions.map((e) => [e.metadata.name, e] as const))(
    'edition %s is admitted with its tenants',
    (_, edition) => {
      expect(
        failures(engine.admission({ operation: 'UPDATE', object: edition, editions, tenants })),
      ).toEqual([]);
    },
  );

  it.each(tenants.map((t) => [t.metadata.name, t] as const))(
    'tenant %s is admitted beside the others',
    (_, tenant) => {
      const rows = engine.admission({ operation: 'CREATE', object: tenant, editions, tenants });
      expect(rows.length).toBeGreaterThan(0);
      expect(failures(rows)).toEqual([]);
    },
  );

  it.each(tenants.map((t) => [t.metadata.name, t] as const))(
    'the workloads of tenant %s are hardened; production asks for digests the release lacks',
    (_, tenant) => {
      const input = {
        tenant: tenant.metadata.name,
        allowedRegistries: ['ghcr.io/inopsio'],
        objects: rendered(tenant),
      };
      expect(failures(engine.workloads({ ...input, production: false }))).toEqual([]);
      const production = failures(engine.workloads({ ...input, production: true }));
      // release.json pins images by tag: a production release must pin them by digest.
      expect(new Set(production.map((r) => `${r.policy} ${r.rule}`))).toEqual(
        new Set(['workloads.images digest-pinned']),
      );
    },
  );
});
