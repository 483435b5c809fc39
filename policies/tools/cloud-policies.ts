/**
 * Evaluates the cloud policies (policies/cloud/) over a stack's resources with the OPA CLI.
 * The tests feed it the graph of a stack under Pulumi's mocks; a customer's CI feeds it a real
 * plan: `pulumi preview --json --stack prod-aws-eu-west-1 > plan.json`, then
 * `npm run check:cloud -- prod-aws-eu-west-1 plan.json` (exits 1 on any denial).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stackValues } from '../../platform/cloud/stack-files.ts';
import { runOpa } from './opa.ts';

export const policiesDir = join(import.meta.dirname, '..');

export interface CloudResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface Denial {
  msg: string;
  details: Record<string, unknown>;
}

/** The policies' input: what the stack promises and what it declares. */
export function policyInput(stack: string, resources: CloudResource[], overrides = {}) {
  const values = stackValues(stack, overrides);
  return {
    stack: {
      name: stack,
      tier: values.tier,
      provider: values.provider,
      rpoMinutes: Number(values.rpoMinutes),
    },
    resources,
  };
}

interface PreviewStep {
  newState?: { urn: string; type: string; inputs?: Record<string, unknown> };
}

/** The resources a `pulumi preview --json` plan would leave, named by their URN's last part. */
export const fromPreview = (preview: { steps?: PreviewStep[] }): CloudResource[] =>
  (preview.steps ?? []).flatMap(({ newState }) =>
    newState
      ? [
          {
            type: newState.type,
            name: newState.urn.split('::').at(-1) ?? newState.urn,
            inputs: newState.inputs ?? {},
          },
        ]
      : [],
  );

/** Every cloud policy's denials for `input`, evaluated by the real OPA CLI. */
export async function evaluateCloudPolicies(input: object): Promise<Denial[]> {
  const { stdout } = await runOpa(
    [
      'eval',
      '--format=json',
      '--stdin-input',
      '--data',
      // Loaded under data.cloud, so the other groups' samples stay out.
      `cloud:${join(policiesDir, 'cloud')}`,
      '[d | some name; some d in data.cloud[name].deny]',
    ],
    { stdin: JSON.stringify(input) },
  );
  const result = JSON.parse(stdout) as { result?: { expressions: { value: Denial[] }[] }[] };
  return result.result?.[0]?.expressions[0]?.value ?? [];
}

async function main([stack, planFile]: string[]) {
  if (!stack || !planFile) {
    console.error('usage: npm run check:cloud -- <stack> <pulumi preview --json output>');
    process.exit(2);
  }
  const plan = JSON.parse(await readFile(planFile, 'utf8')) as { steps?: PreviewStep[] };
  const denials = await evaluateCloudPolicies(policyInput(stack, fromPreview(plan)));
  for (const denial of denials) console.log(`denied: ${denial.msg}`);
  console.log(`${stack}: ${denials.length} denial(s) by the cloud policies`);
  process.exit(denials.length > 0 ? 1 : 0);
}

if (import.meta.main) await main(process.argv.slice(2));
