import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey, vpcOnlySecurityGroup } from './aws-shared.ts';
import { groupOf } from './azure-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { type ComponentArgs, resourceName, tagsOf } from './shared.ts';

export interface PostgresArgs extends ComponentArgs {
  network: Network;
}

export const postgresVersion = '15';
const adminUser = 'inopsio_admin';

/**
 * The PostgreSQL 15 server the operator places tenants' schemas and databases on: encrypted,
 * private, highly available across zones when the stack asks for it, with automated backups
 * and point-in-time recovery kept `backupRetentionDays`.
 */
export class Postgres extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:database:Postgres', name, {}, opts);
    const { config, network } = args;
    this.host = { aws: awsPostgres, azure: azurePostgres, ovh: ovhPostgres }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ host: this.host });
  }
}

function awsPostgres(parent: Postgres, config: CloudConfig, network: Network) {
  const opts = { parent };
  const tags = tagsOf(config);
  const subnets = new aws.rds.SubnetGroup(
    resourceName(config, 'postgres'),
    { subnetIds: network.privateSubnetIds, tags },
    opts,
  );
  const parameters = new aws.rds.ParameterGroup(
    resourceName(config, 'postgres15'),
    {
      family: 'postgres15',
      parameters: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_connections', value: '1' },
      ],
      tags,
    },
    opts,
  );
  const production = config.tier === 'production';
  const instance = new aws.rds.Instance(
    resourceName(config, 'postgres'),
    {
      engine: 'postgres',
      engineVersion: postgresVersion,
      instanceClass: config.postgres.size,
      allocatedStorage: config.postgres.storageGb,
      maxAllocatedStorage: config.postgres.storageGb * 4,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: kmsKey(parent, config, 'postgres').arn,
      multiAz: config.highAvailability,
      // Automated backups give point-in-time recovery to within 5 minutes for this many days.
      backupRetentionPeriod: config.backupRetentionDays,
      backupWindow: '02:00-03:00',
      maintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: production,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: resourceName(config, 'postgres-final'),
      publiclyAccessible: false,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [vpcOnlySecurityGroup(parent, config, network, 'postgres', 5432).id],
      parameterGroupName: parameters.name,
      username: adminUser,
      password: config.postgresAdminPassword,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      autoMinorVersionUpgrade: true,
      tags,
    },
    opts,
  );
  return instance.address;
}

function azurePostgres(parent: Postgres, config: CloudConfig, network: Network) {
  const opts = { parent };
  const tags = tagsOf(config);
  const resourceGroupName = groupOf(network);
  const zone = new azure.privatedns.PrivateZone(
    resourceName(config, 'postgres-dns'),
    {
      resourceGroupName,
      location: 'global',
      privateZoneName: `${config.stack}.private.postgres.database.azure.com`,
      tags,
    },
    opts,
  );
  const link = new azure.privatedns.VirtualNetworkLink(
    resourceName(config, 'postgres-dns'),
    {
      resourceGroupName,
      location: 'global',
      privateZoneName: zone.name,
      virtualNetwork: { id: network.id },
      registrationEnabled: false,
      tags,
    },
    opts,
  );
  const server = new azure.dbforpostgresql.Server(
    resourceName(config, 'postgres'),
    {
      resourceGroupName,
      location: config.region,
      version: postgresVersion,
      sku: { name: config.postgres.size, tier: 'GeneralPurpose' },
      storage: { storageSizeGB: config.postgres.storageGb, autoGrow: 'Enabled' },
      // Point-in-time restore over the whole retention; geo-redundant copies in production.
      backup: {
        backupRetentionDays: config.backupRetentionDays,
        geoRedundantBackup: config.tier === 'production' ? 'Enabled' : 'Disabled',
      },
      availabilityZone: '1',
      highAvailability: config.highAvailability
        ? { mode: 'ZoneRedundant', standbyAvailabilityZone: '2' }
        : { mode: 'Disabled' },
      network: {
        delegatedSubnetResourceId: network.databaseSubnetId,
        privateDnsZoneArmResourceId: zone.id,
        publicNetworkAccess: 'Disabled',
      },
      authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Enabled' },
      administratorLogin: adminUser,
      administratorLoginPassword: config.postgresAdminPassword,
      tags,
    },
    { parent, dependsOn: [link] },
  );
  return server.fullyQualifiedDomainName;
}

/** OVH plans: essential is one node; business two, enterprise three, both with PITR. */
export const ovhPlan = (config: CloudConfig) =>
  config.highAvailability ? { plan: 'business', nodes: 2 } : { plan: 'essential', nodes: 1 };

/** The nodes of an OVH managed database, all in the stack's private network. */
export const ovhNodes = (config: CloudConfig, network: Network, count: number) =>
  Array.from({ length: count }, () => ({
    region: config.region,
    networkId: network.regionalNetworkId,
    subnetId: network.privateSubnetIds[0],
  }));

function ovhPostgres(parent: Postgres, config: CloudConfig, network: Network) {
  const { plan, nodes } = ovhPlan(config);
  const database = new ovh.cloudproject.Database(
    resourceName(config, 'postgres'),
    {
      serviceName: config.ovhProject,
      description: resourceName(config, 'postgres'),
      engine: 'postgresql',
      version: postgresVersion,
      plan,
      flavor: config.postgres.size,
      diskSize: config.postgres.storageGb,
      nodes: ovhNodes(config, network, nodes),
      ipRestrictions: [{ ip: config.networkCidr, description: 'the private network only' }],
      backupTime: '02:00:00',
      backupRegions: [config.region],
      deletionProtection: config.tier === 'production',
    },
    { parent },
  );
  return database.endpoints.apply((endpoints) => endpoints?.[0]?.domain ?? '');
}
