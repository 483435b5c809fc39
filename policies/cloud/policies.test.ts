import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type MockedResource,
  mockStack,
  stackNames,
  stackValues,
} from '../../platform/cloud/test/mock-stack.ts';
import { obtainOpa } from '../tools/opa.ts';

const policies = join(import.meta.dirname, '..');
const run = promisify(execFile);
let opa: string;

/** Runs the OPA CLI; `input` goes to its stdin. */
function opaRun(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const child = run(opa, args, { maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) child.child.stdin?.end(input);
  return child;
}

interface Denial {
  msg: string;
  details: Record<string, unknown>;
}

/** Every cloud policy's denials for a stack's resource graph, evaluated by the real OPA. */
async function denials(stack: string, resources: MockedResource[], overrides = {}) {
  const values = stackValues(stack, overrides);
  const input = {
    stack: {
      name: stack,
      tier: values.tier,
      provider: values.provider,
      rpoMinutes: Number(values.rpoMinutes),
    },
    resources,
  };
  const { stdout } = await opaRun(
    [
      'eval',
      '--format=json',
      '--stdin-input',
      '--data',
      policies,
      '[d | some name; some d in data.cloud[name].deny]',
    ],
    JSON.stringify(input),
  );
  const result = JSON.parse(stdout) as { result: { expressions: { value: Denial[] }[] }[] };
  return result.result[0]?.expressions[0]?.value ?? [];
}

beforeAll(async () => {
  opa = await obtainOpa();
}, 600_000);

describe('the cloud policies', () => {
  it('are formatted, compile in strict mode and pass their own tests', async () => {
    const formatted = await opaRun(['fmt', '--list', '--fail', policies]);
    expect(formatted.stdout).toBe('');
    await opaRun(['check', '--strict', policies]);
    const tested = await opaRun(['test', policies, '--format=json']);
    const results = JSON.parse(tested.stdout) as { name: string; fail?: boolean }[];
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => r.fail).map((r) => r.name)).toEqual([]);
  });

  it('each carries a version, a severity and ISO/IEC 27001:2022 Annex A controls', async () => {
    const { stdout } = await opaRun(['inspect', '--annotations', '--format=json', policies]);
    const inspected = JSON.parse(stdout) as {
      annotations: {
        path: { value: string }[];
        annotations: { custom?: Record<string, unknown> };
      }[];
    };
    const packages = inspected.annotations
      .map((a) => ({ name: a.path.map((p) => p.value).join('.'), custom: a.annotations.custom }))
      .filter((a) => a.name.startsWith('data.cloud.') && a.name !== 'data.cloud.lib');
    expect(packages.map((p) => p.name).sort()).toEqual([
      'data.cloud.backups',
      'data.cloud.encryption',
      'data.cloud.network',
      'data.cloud.redundancy',
      'data.cloud.tagging',
    ]);
    for (const { name, custom } of packages) {
      expect(custom, name).toMatchObject({
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        severity: expect.stringMatching(/^(critical|high|medium|low)$/),
      });
      for (const control of (custom?.controls ?? []) as string[]) {
        expect(control).toMatch(/^ISO\/IEC 27001:2022 A\.\d+\.\d+$/);
      }
    }
  });

  it.each(stackNames)('allow the mocked graph of stack %s', async (stack) => {
    expect(await denials(stack, await mockStack(stack))).toEqual([]);
  });

  it('refuse a production stack without multi-AZ and backups, with the rules’ messages', async () => {
    const overrides = { highAvailability: 'false', backupRetentionDays: '0', rpoMinutes: '2' };
    const graph = await mockStack('prod-aws-eu-west-1', overrides);
    const messages = (await denials('prod-aws-eu-west-1', graph, overrides)).map((d) => d.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'prod-aws-eu-west-1-postgres: database is not Multi-AZ',
        'prod-aws-eu-west-1-postgres: automated backups are off, so there is no point-in-time recovery',
        'prod-aws-eu-west-1-postgres: production keeps backups 0 days, fewer than 7',
        'prod-aws-eu-west-1-redis: cache is not Multi-AZ',
        'prod-aws-eu-west-1-redis: production cache keeps no snapshots',
        'stack prod-aws-eu-west-1: the network spans 1 availability zone',
        'stack prod-aws-eu-west-1: an RPO of 2 minutes is below the 5 minutes point-in-time recovery delivers',
      ]),
    );
  });

  it('refuse a production Azure or OVH stack in one zone', async () => {
    const overrides = { highAvailability: 'false' };
    const azure = await mockStack('prod-azure-westeurope', overrides);
    expect((await denials('prod-azure-westeurope', azure, overrides)).map((d) => d.msg)).toEqual(
      expect.arrayContaining([
        'prod-azure-westeurope-postgres: database is not zone-redundant',
        'prod-azure-westeurope-objects: storage is Standard_LRS, not zone-redundant',
      ]),
    );
    const ovh = await mockStack('prod-ovh-gra', overrides);
    expect((await denials('prod-ovh-gra', ovh, overrides)).map((d) => d.msg)).toEqual(
      expect.arrayContaining([
        'prod-ovh-gra-postgres: the Essential plan has no point-in-time recovery; use business or enterprise',
        'prod-ovh-gra-postgres: postgresql runs on one node',
      ]),
    );
  });
});
