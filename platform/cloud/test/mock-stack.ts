/**
 * Runs the platform under Pulumi's mocks (no CLI, no cloud) and returns the resource graph it
 * declared. `setMocks` is called before the program's modules are first imported.
 */
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'vitest';
import { stackValues } from '../stack-files.ts';

export { readStackConfig, root, stackNames, stackValues } from '../stack-files.ts';

export interface MockedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
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
