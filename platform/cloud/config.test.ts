import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { stackValues } from './test/mock-stack.ts';

const secret = pulumi.secret('example-only-password');

/** Parses prod-aws-eu-west-1's configuration with `overrides` (undefined removes a key). */
const parse = (overrides: Record<string, unknown>, withPassword = true) => {
  const values = stackValues('prod-aws-eu-west-1', overrides);
  const password = withPassword ? secret : undefined;
  return () => parseConfig('prod-aws-eu-west-1', (key) => values[key], password);
};

describe('stack configuration', () => {
  it('reads the typed configuration of a stack file', () => {
    expect(parse({})()).toMatchObject({
      provider: 'aws',
      tier: 'production',
      highAvailability: true,
      rpoMinutes: 5,
      backupRetentionDays: 35,
      kubernetes: { version: '1.34', minNodes: 6, maxNodes: 30 },
      kafka: { brokers: 6 },
      apiAllowedCidrs: [],
    });
  });

  it.each([
    [{ provider: undefined }, "'inopsio:provider' must be one of aws, azure, ovh; got nothing"],
    [{ provider: 'gcp' }, '\'inopsio:provider\' must be one of aws, azure, ovh; got "gcp"'],
    [{ tier: 'prod' }, "'inopsio:tier' must be one of dev, staging, production"],
    [{ highAvailability: 'yes' }, "'inopsio:highAvailability' must be true or false"],
    [{ rpoMinutes: '0' }, "'inopsio:rpoMinutes' must be a whole number from 1 to 1440"],
    [
      { backupRetentionDays: '90' },
      "'inopsio:backupRetentionDays' must be a whole number from 0 to 35",
    ],
    [{ networkCidr: '10.0.0.0' }, "'inopsio:networkCidr' must be an IPv4 CIDR block"],
    [{ apiAllowedCidrs: '["0.0.0.0"]' }, "'inopsio:apiAllowedCidrs' must be a list of IPv4 CIDR"],
    [{ kubernetes: undefined }, "'inopsio:kubernetes' must be an object"],
    [
      { kubernetes: '{"version":"1.34","nodeSize":"m7i.large","minNodes":3}' },
      "'inopsio:kubernetes.maxNodes' must be a whole number from 1 to 500; got nothing",
    ],
    [{ postgres: '{"size":"db.r7g.large","storageGb":5}' }, "'inopsio:postgres.storageGb'"],
    [{ tags: '{"owner":"x"}' }, "'inopsio:tags.cost-center' must be set"],
    [{ replicaRegion: 'eu-west-1' }, "'inopsio:replicaRegion' must differ from region"],
  ])('refuses %o before any resource is declared', (overrides, message) => {
    expect(parse(overrides)).toThrow(pulumi.ResourceError);
    expect(parse(overrides)).toThrow(message);
  });

  it('requires the PostgreSQL password as a secret on AWS and Azure', () => {
    expect(parse({}, false)).toThrow(
      "'inopsio:postgresAdminPassword' must be set as a secret: pulumi config set --secret",
    );
  });

  it('holds Azure to its backup retention of 7 to 35 days', () => {
    const values = stackValues('prod-azure-westeurope', { backupRetentionDays: '3' });
    expect(() => parseConfig('x', (key) => values[key], secret)).toThrow(
      "'inopsio:backupRetentionDays' must be from 7 to 35 on Azure; got 3",
    );
  });
});
