import * as pulumi from '@pulumi/pulumi';

/** The clouds a stack can run on; each component has one implementation per provider. */
export const providers = ['aws', 'azure', 'ovh'] as const;
export type Provider = (typeof providers)[number];

/** Production stacks are held to the safety policies (multi-AZ, backups meeting the RPO). */
export const tiers = ['dev', 'staging', 'production'] as const;
export type Tier = (typeof tiers)[number];

/** Every stack's resources carry these tags, for cost and ownership (ISO 27001 A.5.9). */
export const requiredTags = ['owner', 'cost-center', 'data-classification'] as const;

/** The typed stack configuration: keys under the `inopsio:` namespace of a Pulumi stack. */
export interface CloudConfig {
  /** The stack's name: a prefix of resource names and the `environment` tag. */
  stack: string;
  provider: Provider;
  tier: Tier;
  /** The provider's region (AWS, OVH) or location (Azure). */
  region: string;
  /** Spread across three zones; one zone otherwise (dev). */
  highAvailability: boolean;
  /** Recovery point objective in minutes: backups must allow a restore this close. */
  rpoMinutes: number;
  backupRetentionDays: number;
  /** The DNS zone Inopsio's gateway and tenants' hosts live under. */
  domain: string;
  networkCidr: string;
  /** Who may reach the Kubernetes API from outside; empty keeps it private. */
  apiAllowedCidrs: string[];
  kubernetes: { version: string; nodeSize: string; minNodes: number; maxNodes: number };
  postgres: { size: string; storageGb: number };
  redis: { size: string };
  kafka: { size: string; brokers: number };
  /** The S3 region (AWS) objects are replicated to; storage elsewhere is zone-redundant. */
  replicaRegion?: string;
  /** The OVH Public Cloud project (its service name). */
  ovhProject?: string;
  tags: Record<string, string>;
  /** PostgreSQL administrator password; a Pulumi config secret, never plaintext. */
  postgresAdminPassword: pulumi.Output<string>;
}

/** Reads a raw value by key (without the `inopsio:` prefix). */
export type ConfigSource = (key: string) => unknown;

const fail = (key: string, message: string): never => {
  throw new pulumi.ResourceError(`stack config 'inopsio:${key}' ${message}`, undefined);
};

const show = (value: unknown) => JSON.stringify(value) ?? 'nothing';

function oneOf<T extends string>(read: ConfigSource, key: string, allowed: readonly T[]): T {
  const value = read(key);
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(key, `must be one of ${allowed.join(', ')}; got ${show(value)}`);
  }
  return value as T;
}

function text(read: ConfigSource, key: string, pattern: RegExp, describe: string): string {
  const value = read(key);
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(key, `must be ${describe}; got ${show(value)}`);
  }
  return value as string;
}

function integer(read: ConfigSource, key: string, min: number, max: number): number {
  const raw = read(key);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(key, `must be a whole number from ${min} to ${max}; got ${show(raw)}`);
  }
  return value as number;
}

function flag(read: ConfigSource, key: string): boolean {
  const value = read(key);
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fail(key, `must be true or false; got ${show(value)}`);
}

/** A nested object given as YAML in the stack file (Pulumi passes it as a JSON string). */
function object(read: ConfigSource, key: string): ConfigSource {
  let value = read(key);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {}
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(key, `must be an object; got ${show(value)}`);
  }
  const record = value as Record<string, unknown>;
  return (inner) => record[inner];
}

const cidr = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const dnsName = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
const size = /^[A-Za-z0-9._-]+$/;
const region = /^[A-Za-z0-9-]+$/;

/** Reads `prefix.key` from a nested object, so errors name the full key. */
function prefixed(read: ConfigSource, prefix: string): ConfigSource {
  const inner = object(read, prefix);
  return (key) => inner(key.slice(prefix.length + 1));
}

function cidrList(read: ConfigSource, key: string): string[] {
  let value = read(key) ?? [];
  if (typeof value === 'string') value = JSON.parse(value);
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string' && cidr.test(item))
  ) {
    fail(key, `must be a list of IPv4 CIDR blocks such as 203.0.113.0/24; got ${show(value)}`);
  }
  return value as string[];
}

function tagMap(read: ConfigSource): Record<string, string> {
  const tags = object(read, 'tags');
  const result: Record<string, string> = {};
  for (const name of requiredTags) {
    const value = tags(name);
    if (typeof value !== 'string' || value === '') {
      fail(
        `tags.${name}`,
        `must be set; every stack tags its resources with ${requiredTags.join(', ')}`,
      );
    }
    result[name] = value as string;
  }
  return result;
}

/**
 * Checks the stack configuration before any resource is declared. A missing or invalid key
 * throws `pulumi.ResourceError` naming the key and what it accepts.
 */
export function parseConfig(
  stack: string,
  read: ConfigSource,
  postgresAdminPassword: pulumi.Output<string> | undefined,
): CloudConfig {
  const provider = oneOf(read, 'provider', providers);
  const tier = oneOf(read, 'tier', tiers);
  const k8s = prefixed(read, 'kubernetes');
  const pg = prefixed(read, 'postgres');
  const redis = prefixed(read, 'redis');
  const kafka = prefixed(read, 'kafka');
  const config: CloudConfig = {
    stack,
    provider,
    tier,
    region: text(read, 'region', region, 'a region name such as eu-west-1, westeurope or GRA'),
    highAvailability: flag(read, 'highAvailability'),
    rpoMinutes: integer(read, 'rpoMinutes', 1, 1440),
    backupRetentionDays: integer(read, 'backupRetentionDays', 0, 35),
    domain: text(read, 'domain', dnsName, 'a DNS name such as inopsio.example.com'),
    networkCidr: text(read, 'networkCidr', cidr, 'an IPv4 CIDR block such as 10.20.0.0/16'),
    apiAllowedCidrs: cidrList(read, 'apiAllowedCidrs'),
    kubernetes: {
      version: text(k8s, 'kubernetes.version', /^1\.\d{2}$/, 'a Kubernetes minor such as 1.34'),
      nodeSize: text(k8s, 'kubernetes.nodeSize', size, 'a node size of the provider'),
      minNodes: integer(k8s, 'kubernetes.minNodes', 1, 100),
      maxNodes: integer(k8s, 'kubernetes.maxNodes', 1, 500),
    },
    postgres: {
      size: text(pg, 'postgres.size', size, 'an instance size of the provider'),
      storageGb: integer(pg, 'postgres.storageGb', 20, 16384),
    },
    redis: { size: text(redis, 'redis.size', size, 'a cache size of the provider') },
    kafka: {
      size: text(kafka, 'kafka.size', size, 'a broker size of the provider'),
      brokers: integer(kafka, 'kafka.brokers', 1, 30),
    },
    tags: tagMap(read),
    postgresAdminPassword: postgresAdminPassword ?? pulumi.secret(''),
  };
  if (config.kubernetes.maxNodes < config.kubernetes.minNodes) {
    fail(
      'kubernetes.maxNodes',
      `must be at least kubernetes.minNodes (${config.kubernetes.minNodes})`,
    );
  }
  if (provider === 'aws') {
    config.replicaRegion = text(read, 'replicaRegion', region, 'an AWS region other than region');
    if (config.replicaRegion === config.region) fail('replicaRegion', 'must differ from region');
  }
  if (provider === 'azure' && config.backupRetentionDays < 7) {
    fail('backupRetentionDays', `must be from 7 to 35 on Azure; got ${config.backupRetentionDays}`);
  }
  if (provider === 'ovh') {
    config.ovhProject = text(
      read,
      'ovhProject',
      /^[a-f0-9]{32}$/,
      'an OVH Public Cloud project id',
    );
  }
  if (provider !== 'ovh' && postgresAdminPassword === undefined) {
    fail(
      'postgresAdminPassword',
      'must be set as a secret: pulumi config set --secret inopsio:postgresAdminPassword',
    );
  }
  return config;
}

/** Pulumi's own record of which keys were set with `--secret` (not in its typings). */
const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean })
  .isConfigSecret;

/** The stack's configuration as Pulumi hands it to the program. */
export function loadConfig(): CloudConfig {
  const config = new pulumi.Config('inopsio');
  const passwordKey = 'inopsio:postgresAdminPassword';
  if (
    pulumi.runtime.getConfig(passwordKey) !== undefined &&
    isConfigSecret?.(passwordKey) === false
  ) {
    fail(
      'postgresAdminPassword',
      'is in plaintext: set it again with pulumi config set --secret inopsio:postgresAdminPassword',
    );
  }
  return parseConfig(
    pulumi.getStack(),
    (key) => config.get(key),
    config.getSecret('postgresAdminPassword'),
  );
}
