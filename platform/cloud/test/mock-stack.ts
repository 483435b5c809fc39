/**
 * Runs the platform under Pulumi's mocks (no CLI, no cloud) and returns the resource graph it
 * declared. `setMocks` is called before the program's modules are first imported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'vitest';
import { parse } from 'yaml';

export const root = join(import.meta.dirname, '../../..');
export const stacksDir = join(root, 'environments/stacks');
export const stackNames = [
  'dev',
  'staging',
  'prod-aws-eu-west-1',
  'prod-azure-westeurope',
  'prod-ovh-gra',
] as const;

export interface MockedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** A stack file's `config:` as Pulumi hands it to a program: every value a string. */
export function readStackConfig(stack: string): Record<string, string> {
  const file = parse(readFileSync(join(stacksDir, `Pulumi.${stack}.yaml`), 'utf8')) as {
    config: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/** The stack's `inopsio:` keys without the prefix, with `overrides` applied. */
export function stackValues(stack: string, overrides: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(readStackConfig(stack))) {
    if (key.startsWith('inopsio:')) values[key.slice('inopsio:'.length)] = value;
  }
  return { ...values, ...overrides };
}

/** Declares the platform for `stack` under mocks and waits until every resource is registered. */
export async function mockStack(
  stack: string,
  overrides: Record<string, unknown> = {},
): Promise<MockedResource[]> {
  const resources: MockedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        // Outputs the cloud would compute: an id, a name and (on AWS) an ARN.
        const state = {
          arn: `arn:mock:${args.type}:${args.name}`,
          name: args.name,
          ...args.inputs,
        };
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    'inopsio',
    stack,
    false,
  );
  const { parseConfig } = await import('../config.ts');
  const { InopsioPlatform } = await import('../platform.ts');
  const values = stackValues(stack, overrides);
  new InopsioPlatform(
    'inopsio',
    parseConfig(stack, (key) => values[key], pulumi.secret('example-only-password')),
  );
  await pulumi.runtime.disconnect();
  return resources;
}

/** The resources of one type, e.g. `aws:rds/instance:Instance`. */
export const ofType = (resources: MockedResource[], type: string) =>
  resources.filter((resource) => resource.type === type);

/** The single resource of a type; fails when there is none or several. */
export function one(resources: MockedResource[], type: string): MockedResource {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as MockedResource;
}

/** Every resource that takes tags carries `tags`; at least `atLeast` such resources exist. */
export function expectTagged(
  resources: MockedResource[],
  tags: Record<string, string>,
  atLeast: number,
) {
  const tagged = resources.filter((resource) => resource.inputs.tags !== undefined);
  expect(tagged.length).toBeGreaterThanOrEqual(atLeast);
  for (const resource of tagged) expect(resource.inputs.tags, resource.name).toMatchObject(tags);
}
