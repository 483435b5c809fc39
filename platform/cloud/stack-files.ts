/** The stack files in environments/stacks/, read as Pulumi hands them to the program. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const root = join(import.meta.dirname, '../..');
export const stacksDir = join(root, 'environments/stacks');
export const stackNames = [
  'dev',
  'staging',
  'prod-aws-eu-west-1',
  'prod-azure-westeurope',
  'prod-ovh-gra',
] as const;

/** A stack file's `config:`, every value a string (objects as JSON), as Pulumi passes them. */
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
