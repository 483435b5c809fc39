import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, parseConfig } from './config.ts';
import { mockStack, readStackConfig, root, stackNames, stackValues } from './test/mock-stack.ts';

const project = parse(readFileSync(join(root, 'Pulumi.yaml'), 'utf8')) as {
  runtime: { name: string };
  main: string;
  stackConfigDir: string;
};

describe('the Pulumi project', () => {
  it('is a nodejs project whose main and stack configs are in the repository', () => {
    expect(project.runtime.name).toBe('nodejs');
    expect(existsSync(join(root, project.main))).toBe(true);
    for (const stack of stackNames) {
      expect(existsSync(join(root, project.stackConfigDir, `Pulumi.${stack}.yaml`)), stack).toBe(
        true,
      );
    }
  });

  it.each(stackNames)('stack %s has a valid configuration', (stack) => {
    const values = stackValues(stack);
    const config = parseConfig(stack, (key) => values[key], pulumi.secret('x'));
    expect(config.stack).toBe(stack);
    if (stack.startsWith('prod-')) expect(config.tier).toBe('production');
    // The provider's own region setting must agree, or zones and endpoints would not match.
    const providerRegion = { aws: 'aws:region', azure: 'azure-native:location', ovh: undefined }[
      config.provider
    ];
    if (providerRegion) expect(readStackConfig(stack)[providerRegion]).toBe(config.region);
  });

  it('keeps no secret in plaintext: secret keys are absent or `secure:` ciphertext', () => {
    for (const stack of stackNames) {
      const text = readFileSync(join(root, project.stackConfigDir, `Pulumi.${stack}.yaml`), 'utf8');
      const config = (parse(text) as { config: Record<string, unknown> }).config;
      for (const [key, value] of Object.entries(config)) {
        if (/password|secret|token|key$/i.test(key)) {
          expect(value, `${stack}: ${key}`).toMatchObject({ secure: expect.any(String) });
        }
      }
    }
  });

  it('the program entry reads the stack configuration Pulumi passes it', async () => {
    const stack = 'staging';
    pulumi.runtime.setAllConfig(
      { ...readStackConfig(stack), 'inopsio:postgresAdminPassword': 'example-only-password' },
      ['inopsio:postgresAdminPassword'],
    );
    // mockStack sets the mocks first; the entry module is imported after them.
    await mockStack(stack);
    const program = await import('./index.ts');
    const name = await new Promise((resolve) => program.clusterName.apply(resolve));
    await pulumi.runtime.disconnect();
    expect(name).toBe('staging-eks');
  });

  it('refuses a PostgreSQL password that was set in plaintext', () => {
    pulumi.runtime.setAllConfig(
      { ...readStackConfig('staging'), 'inopsio:postgresAdminPassword': 'oops' },
      [],
    );
    expect(() => loadConfig()).toThrow(
      "'inopsio:postgresAdminPassword' is in plaintext: set it again with pulumi config set --secret",
    );
  });
});
