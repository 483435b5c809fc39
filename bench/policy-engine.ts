/**
 * The policy engine's evaluation alone, in process: what the admission webhook and the
 * PolicyCompliant step pay per call on top of their transport. Every admission and workload
 * sample of the policies, evaluated round robin after a warm-up.
 *
 *   npm run bench -- policy-engine [evaluations=20000]
 */
import { performance } from 'node:perf_hooks';
import { type AdmissionInput, PolicyEngine, type WorkloadInput } from '../policies/engine.ts';
import { samples } from '../policies/tools/samples.ts';
import { percentile, table } from './stats.ts';

const [evaluations = 20_000] = process.argv.slice(2).map(Number);
const loadStart = performance.now();
const engine = await PolicyEngine.load();
const loadMs = performance.now() - loadStart;

const rows: (string | number)[][] = [];
for (const group of ['admission', 'workloads'] as const) {
  const inputs = samples()
    .filter((s) => s.group === group)
    .map((s) => s.input);
  const evaluate = (input: object) =>
    group === 'admission'
      ? engine.admission(input as AdmissionInput)
      : engine.workloads(input as WorkloadInput);
  for (let i = 0; i < 1000; i++) evaluate(inputs[i % inputs.length] as object);
  const times: number[] = [];
  for (let i = 0; i < evaluations; i++) {
    const start = performance.now();
    evaluate(inputs[i % inputs.length] as object);
    times.push(performance.now() - start);
  }
  rows.push([
    group,
    inputs.length,
    evaluations,
    percentile(times, 50).toFixed(3),
    percentile(times, 99).toFixed(3),
    Math.max(...times).toFixed(3),
  ]);
}
console.log(`loaded both bundles in ${loadMs.toFixed(0)} ms`);
console.log(table(['group', 'samples', 'evaluations', 'p50 ms', 'p99 ms', 'max ms'], rows));
