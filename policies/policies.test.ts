import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const opa = (args: string[]) => runOpa(args, { cwd: policiesDir });

import controls from './controls.json' with { type: 'json' };
import {
  buildBundles,
  bundlesDir,
  policiesDir,
  policyGroups,
  wasmGroups,
} from './tools/build-bundles.ts';
import { obtainOpa, opaSources, runOpa } from './tools/opa.ts';
import { policyFolders } from './tools/samples.ts';

/** The least share of Rego lines the policies' own tests must cover. */
const coverageThreshold = 90;

let scratch: string;
beforeAll(async () => {
  await obtainOpa();
  scratch = await mkdtemp(join(tmpdir(), 'inopsio-policies-test-'));
}, 600_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the policies', () => {
  it('are formatted and compile in strict mode', async () => {
    expect((await opa(['fmt', '--list', '--fail', '.'])).stdout).toBe('');
    await opa(['check', '--strict', '.']);
  });

  it.each(policyGroups)('%s: pass their own tests, which cover enough of them', async (group) => {
    const tested = JSON.parse((await opa(['test', '--format=json', ...opaSources(group)])).stdout);
    const results = tested as { name: string; fail?: boolean; error?: unknown }[];
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => r.fail || r.error).map((r) => r.name)).toEqual([]);
    const covered = await opa(['test', '--coverage', '--format=json', ...opaSources(group)]);
    const report = JSON.parse(covered.stdout) as {
      coverage: number;
      files: Record<string, { coverage?: number; not_covered?: unknown }>;
    };
    const gaps = Object.entries(report.files).filter(([, f]) => f.not_covered);
    expect(report.coverage, `not covered: ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(
      coverageThreshold,
    );
  });

  it('each sit in a folder with its Rego, its tests and allowed and denied samples', () => {
    for (const { group, policy, dir } of policyFolders()) {
      const at = `${group}/${policy}`;
      expect(existsSync(join(dir, `${policy}.rego`)), at).toBe(true);
      expect(existsSync(join(dir, `${policy}_test.rego`)), at).toBe(true);
      expect(readFileSync(join(dir, `${policy}.rego`), 'utf8'), at).toContain(
        `package ${group}.${policy}\n`,
      );
      for (const verdict of ['allowed', 'denied']) {
        expect(
          readdirSync(join(dir, 'samples', verdict)).length,
          `${at} ${verdict}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('each carry an id, a version, a severity and known Annex A controls', async () => {
    const metadata = JSON.parse(readFileSync(join(bundlesDir, 'metadata.json'), 'utf8')) as {
      id: string;
      group: string;
      controls: string[];
      rules?: string[];
      kinds?: string[];
    }[];
    expect(metadata.map((p) => p.id).sort()).toEqual(
      policyFolders()
        .map((f) => `${f.group}.${f.policy}`)
        .sort(),
    );
    for (const policy of metadata) {
      expect(policy, policy.id).toMatchObject({
        title: expect.any(String),
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        severity: expect.stringMatching(/^(critical|high|medium|low|info)$/),
        controls: expect.arrayContaining([expect.any(String)]),
      });
      for (const control of policy.controls) expect(Object.keys(controls)).toContain(control);
      // The engine reports a pass for each rule, so the wasm-evaluated policies list them.
      if (policy.group !== 'cloud') expect(policy.rules?.length, policy.id).toBeGreaterThan(0);
      if (policy.group === 'admission') expect(policy.kinds?.length, policy.id).toBeGreaterThan(0);
    }
  });
});

describe('the wasm bundles', () => {
  it('are committed up to date with the sources (npm run build:policies)', async () => {
    await buildBundles(scratch);
    for (const file of [
      ...wasmGroups.map((g) => `${g}.wasm`),
      'metadata.json',
      'capabilities.json',
    ]) {
      const fresh = readFileSync(join(scratch, file));
      expect(fresh.equals(readFileSync(join(bundlesDir, file))), `${file} is stale`).toBe(true);
    }
  }, 120_000);

  it('refuse a built-in that opa-wasm does not evaluate', async () => {
    await writeFile(join(scratch, 'p.rego'), 'package p\n\nx := time.parse_duration_ns("1h")\n');
    const build = runOpa([
      'build',
      '--target=wasm',
      '--entrypoint=p/x',
      `--capabilities=${join(bundlesDir, 'capabilities.json')}`,
      `--output=${join(scratch, 'p.tar.gz')}`,
      join(scratch, 'p.rego'),
    ]);
    // OPA prints compile errors on stdout.
    const failure = await build.then(
      () => ({ stdout: 'built' }),
      (error: { stdout: string }) => error,
    );
    expect(failure.stdout).toContain('undefined function time.parse_duration_ns');
  });
});
