import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MockedResource,
  mockStack,
  stackNames,
} from '../../platform/cloud/test/mock-stack.ts';
import { evaluateCloudPolicies, policiesDir, policyInput } from '../tools/cloud-policies.ts';
import { obtainOpa } from '../tools/opa.ts';

const policies = policiesDir;
const run = promisify(execFile);

/** Every cloud policy's denials for a stack's mocked resource graph. */
const denials = (stack: string, resources: MockedResource[], overrides = {}) =>
  evaluateCloudPolicies(policyInput(stack, resources, overrides));

const scratch = mkdtempSync(join(tmpdir(), 'inopsio-cloud-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => obtainOpa(), 600_000);

// Formatting, strict compilation, their own tests and metadata: policies/policies.test.ts.
describe('the cloud policies', () => {
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

  it('check a `pulumi preview --json` plan from the command line, failing on a denial', async () => {
    const overrides = { highAvailability: 'false' };
    const graph = await mockStack('prod-aws-eu-west-1', overrides);
    const urn = (r: MockedResource) =>
      `urn:pulumi:prod-aws-eu-west-1::inopsio::${r.type}::${r.name}`;
    const plan = {
      steps: graph.map((r) => ({
        op: 'create',
        urn: urn(r),
        newState: { urn: urn(r), type: r.type, inputs: r.inputs },
      })),
    };
    const planFile = join(scratch, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const cli = join(policies, 'tools/cloud-policies.ts');
    const asStaging = await run(process.execPath, [cli, 'staging', planFile]).catch(
      (error: { code: number; stdout: string }) => error,
    );
    // Staging tolerates one zone; the same plan checked as production is refused.
    expect(asStaging).toMatchObject({ stdout: expect.stringContaining('staging: 0 denial(s)') });
    const asProduction = await run(process.execPath, [cli, 'prod-aws-eu-west-1', planFile]).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(asProduction).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(
        'denied: prod-aws-eu-west-1-postgres: database is not Multi-AZ',
      ),
    });
  });
});
