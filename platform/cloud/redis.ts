import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey, vpcOnlySecurityGroup } from './aws-shared.ts';
import { groupOf, privateEndpoint } from './azure-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { ovhNodes, ovhPlan } from './postgres.ts';
import { type ComponentArgs, resourceName, tagsOf, zonesOf } from './shared.ts';

export interface RedisArgs extends ComponentArgs {
  network: Network;
}

/**
 * The cache and rate-limit store of the gateway and the services: ElastiCache, Azure Cache for
 * Redis or OVH's managed Valkey; TLS only, encrypted at rest, private, replicated across zones
 * when highly available.
 */
export class Redis extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:cache:Redis', name, {}, opts);
    const { config, network } = args;
    if (config.provider === 'azure' && !/^P[1-5]$/.test(config.redis.size)) {
      throw new pulumi.ResourceError(
        `stack config 'inopsio:redis.size' must be a Premium size P1 to P5 on Azure (zones and private endpoints need Premium); got '${config.redis.size}'`,
        this,
      );
    }
    this.host = { aws: awsRedis, azure: azureRedis, ovh: ovhRedis }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ host: this.host });
  }
}

function awsRedis(parent: Redis, config: CloudConfig, network: Network) {
  const opts = { parent };
  const tags = tagsOf(config);
  const subnets = new aws.elasticache.SubnetGroup(
    resourceName(config, 'redis'),
    { subnetIds: network.privateSubnetIds, tags },
    opts,
  );
  const group = new aws.elasticache.ReplicationGroup(
    resourceName(config, 'redis'),
    {
      description: `Inopsio ${config.stack} cache`,
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: config.redis.size,
      numCacheClusters: zonesOf(config).length,
      preferredCacheClusterAzs: zonesOf(config),
      automaticFailoverEnabled: config.highAvailability,
      multiAzEnabled: config.highAvailability,
      atRestEncryptionEnabled: true,
      kmsKeyId: kmsKey(parent, config, 'redis').arn,
      transitEncryptionEnabled: true,
      snapshotRetentionLimit: Math.min(config.backupRetentionDays, 35),
      subnetGroupName: subnets.name,
      securityGroupIds: [vpcOnlySecurityGroup(parent, config, network, 'redis', 6379).id],
      tags,
    },
    opts,
  );
  return group.primaryEndpointAddress;
}

function azureRedis(parent: Redis, config: CloudConfig, network: Network) {
  const cache = new azure.redis.Redis(
    resourceName(config, 'redis'),
    {
      resourceGroupName: groupOf(network),
      location: config.region,
      sku: { name: 'Premium', family: 'P', capacity: Number(config.redis.size.slice(1)) },
      redisVersion: '6',
      zones: config.highAvailability ? zonesOf(config) : undefined,
      replicasPerPrimary: config.highAvailability ? 2 : 1,
      enableNonSslPort: false,
      minimumTlsVersion: '1.2',
      publicNetworkAccess: 'Disabled',
      // Entra ID tokens instead of shared access keys.
      disableAccessKeyAuthentication: true,
      redisConfiguration: { aadEnabled: 'true' },
      tags: tagsOf(config),
    },
    { parent },
  );
  privateEndpoint(parent, config, network, 'redis', cache.id, 'redisCache');
  return cache.hostName;
}

function ovhRedis(parent: Redis, config: CloudConfig, network: Network) {
  const { plan, nodes } = ovhPlan(config);
  const database = new ovh.cloudproject.Database(
    resourceName(config, 'valkey'),
    {
      serviceName: config.ovhProject,
      description: resourceName(config, 'valkey'),
      engine: 'valkey',
      version: '8.0',
      plan,
      flavor: config.redis.size,
      nodes: ovhNodes(config, network, nodes),
      ipRestrictions: [{ ip: config.networkCidr, description: 'the private network only' }],
      deletionProtection: config.tier === 'production',
    },
    { parent },
  );
  return database.endpoints.apply((endpoints) => endpoints?.[0]?.domain ?? '');
}
