/**
 * Builds what the policy engine loads into `policies/bundles/` (`npm run build:policies`):
 * one wasm module per group (`admission.wasm`, `workloads.wasm`), compiled against
 * `capabilities.json` — OPA's built-ins restricted to those @open-policy-agent/opa-wasm
 * evaluates, so a policy using another built-in fails here rather than at evaluation — and
 * `metadata.json`, every policy's METADATA annotations. The files are committed; a test
 * rebuilds them and fails when they are stale.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { runOpa } from './opa.ts';

export const policiesDir = join(import.meta.dirname, '..');
export const bundlesDir = join(policiesDir, 'bundles');

/** The groups compiled to wasm, each with the entrypoint `entrypoints/<group>`. */
export const wasmGroups = ['admission', 'workloads'] as const;
export type WasmGroup = (typeof wasmGroups)[number];
export const policyGroups = [...wasmGroups, 'cloud'] as const;

/** Source files that are never compiled: tests and their samples. */
const ignored = ['--ignore=samples', '--ignore=*_test.rego'];

interface Capabilities {
  builtins: { name: string }[];
  wasm_abi_versions?: unknown;
}

/** OPA's current capabilities, keeping only the built-ins and ABI versions opa-wasm supports. */
export async function wasmCapabilities(): Promise<Capabilities> {
  const sdk = dirname(
    dirname(createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm')),
  );
  const supported = JSON.parse(
    await readFile(join(sdk, 'capabilities.json'), 'utf8'),
  ) as Capabilities;
  const names = new Set(supported.builtins.map((b) => b.name));
  const current = JSON.parse((await runOpa(['capabilities', '--current'])).stdout) as Capabilities;
  return {
    ...current,
    builtins: current.builtins.filter((b) => names.has(b.name)),
    wasm_abi_versions: supported.wasm_abi_versions,
  };
}

interface Inspected {
  annotations?: {
    path: { value: string }[];
    annotations: { scope: string; title?: string; custom?: Record<string, unknown> };
  }[];
}

/** The package-scope METADATA of the policies in a bundle that carry an `id`. */
async function metadataOf(bundle: string, group: string) {
  const { stdout } = await runOpa(['inspect', '--annotations', '--format=json', bundle]);
  return ((JSON.parse(stdout) as Inspected).annotations ?? [])
    .filter((a) => a.annotations.scope === 'package' && a.annotations.custom?.id)
    .map(({ annotations: { title, custom } }) => ({ ...custom, title, group }));
}

/** Writes the bundles and their metadata into `out` (default: policies/bundles/). */
export async function buildBundles(out = bundlesDir) {
  const scratch = await mkdtemp(join(tmpdir(), 'inopsio-policies-'));
  try {
    await mkdir(out, { recursive: true });
    const capabilities = join(out, 'capabilities.json');
    await writeFile(capabilities, `${JSON.stringify(await wasmCapabilities(), null, 2)}\n`);
    const metadata = [];
    for (const group of wasmGroups) {
      const bundle = join(scratch, `${group}.tar.gz`);
      // Paths relative to policies/, so the bytes do not depend on where the repository is.
      await runOpa(
        [
          'build',
          '--target=wasm',
          `--entrypoint=entrypoints/${group}`,
          `--capabilities=${capabilities}`,
          ...ignored,
          `--output=${bundle}`,
          group,
          'entrypoints',
        ],
        { cwd: policiesDir },
      );
      await promisify(execFile)('tar', ['-xzf', bundle, '-C', scratch, '/policy.wasm']);
      await writeFile(join(out, `${group}.wasm`), await readFile(join(scratch, 'policy.wasm')));
      metadata.push(...(await metadataOf(bundle, group)));
    }
    // The cloud policies run in the OPA CLI, not wasm; their metadata is listed all the same.
    const cloud = join(scratch, 'cloud.tar.gz');
    await runOpa(['build', ...ignored, `--output=${cloud}`, 'cloud'], { cwd: policiesDir });
    metadata.push(...(await metadataOf(cloud, 'cloud')));
    await writeFile(join(out, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  await buildBundles();
  console.log(
    `built ${wasmGroups.map((g) => `${g}.wasm`).join(', ')} and metadata.json in ${bundlesDir}`,
  );
}
