import { beforeAll, describe, expect, it } from 'vitest';
import { type AdmissionInput, PolicyEngine, type WorkloadInput } from './engine.ts';
import { policiesDir } from './tools/build-bundles.ts';
import { obtainOpa, opaSources, runOpa } from './tools/opa.ts';
import { type Sample, samples } from './tools/samples.ts';

interface Violation {
  rule: string;
  message: string;
}

/** The sample's violations of its own policy, evaluated from the Rego sources by the OPA CLI. */
async function cliViolations({ group, policy, input }: Sample): Promise<Violation[]> {
  const query = `[v | some v in data.${group}.${policy}.violations]`;
  const args = [
    'eval',
    '--format=json',
    '--stdin-input',
    ...opaSources(group, { asData: true }),
    query,
  ];
  const { stdout } = await runOpa(args, { stdin: JSON.stringify(input), cwd: policiesDir });
  const result = JSON.parse(stdout) as { result: { expressions: { value: Violation[] }[] }[] };
  return result.result[0]?.expressions[0]?.value ?? [];
}

const byRuleAndMessage = (rows: Violation[]) =>
  rows
    .map(({ rule, message }) => ({ rule, message }))
    .sort((a, b) => (a.message < b.message ? -1 : 1));

let engine: PolicyEngine;
beforeAll(async () => {
  await obtainOpa();
  engine = await PolicyEngine.load();
}, 600_000);

const evaluate = (sample: Sample) =>
  sample.group === 'admission'
    ? engine.admission(sample.input as unknown as AdmissionInput)
    : engine.workloads(sample.input as unknown as WorkloadInput);

const wasmSamples = samples().filter((s) => s.group !== 'cloud');

describe('PolicyEngine', () => {
  it.each(wasmSamples.map((s) => [s.name, s] as const))(
    'agrees with the OPA CLI on %s',
    async (_, sample) => {
      const expected = await cliViolations(sample);
      if (sample.verdict === 'allowed') expect(expected).toEqual([]);
      else expect(expected.length).toBeGreaterThan(0);
      const id = `${sample.group}.${sample.policy}`;
      const rows = evaluate(sample).filter((r) => r.policy === id);
      const fails = rows.filter((r) => r.result === 'fail');
      expect(byRuleAndMessage(fails)).toEqual(byRuleAndMessage(expected));
      const [policy] = engine.policies().filter((p) => p.id === id);
      for (const row of fails) {
        expect(row).toMatchObject({ severity: policy?.severity, controls: policy?.controls });
        expect(row.resource).toMatchObject({ kind: expect.any(String), name: expect.any(String) });
      }
    },
  );

  it('reports a pass for each rule of each policy that checks the kind, and nothing for others', () => {
    const [tenant] = wasmSamples.filter(
      (s) => s.name === 'admission/placement/allowed/new-tenant.json',
    );
    const rows = evaluate(tenant as Sample);
    expect(rows.every((r) => r.result === 'pass')).toBe(true);
    expect(rows[0]?.resource).toEqual({
      apiVersion: 'platform.inopsio.io/v1alpha1',
      kind: 'Tenant',
      name: 'globex',
    });
    expect(rows.map((r) => `${r.policy} ${r.rule}`).sort()).toEqual([
      'admission.domains domain-unclaimed',
      'admission.edition_exists edition-exists',
      'admission.overrides rate-limit-bounded',
      'admission.overrides replicas-bounded',
      'admission.overrides replicas-module-in-edition',
      'admission.placement provider-allowed',
      'admission.placement region-allowed',
      'admission.reserved_names name-not-reserved',
    ]);
  });

  it('refuses the default reserved names when the input names none', () => {
    const [sample] = wasmSamples.filter(
      (s) => s.name === 'admission/reserved_names/denied/admin.json',
    );
    const { reservedNames: _, ...input } = (sample as Sample).input;
    const fails = engine
      .admission(input as unknown as AdmissionInput)
      .filter((r) => r.result === 'fail');
    expect(fails).toEqual([
      expect.objectContaining({
        policy: 'admission.reserved_names',
        rule: 'name-not-reserved',
        message:
          'metadata.name admin is reserved by the platform (admin): choose another tenant name',
        resource: { apiVersion: 'platform.inopsio.io/v1alpha1', kind: 'Tenant', name: 'admin' },
      }),
    ]);
  });

  it('lists the policies of every group and is loaded once', async () => {
    expect(new Set(engine.policies().map((p) => p.group))).toEqual(
      new Set(['admission', 'workloads', 'cloud']),
    );
    expect(await PolicyEngine.load()).toBe(engine);
  });
});
