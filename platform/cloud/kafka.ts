import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey, vpcOnlySecurityGroup } from './aws-shared.ts';
import { groupOf, privateEndpoint } from './azure-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { ovhNodes } from './postgres.ts';
import { type ComponentArgs, resourceName, tagsOf, zonesOf } from './shared.ts';

export interface KafkaArgs extends ComponentArgs {
  network: Network;
}

export const kafkaVersion = '3.8.x';

/**
 * The event bus of tenant lifecycle events and the services: MSK, Event Hubs through its Kafka
 * endpoint, or OVH's managed Kafka; TLS and authenticated clients only, encrypted, private.
 */
export class Kafka extends pulumi.ComponentResource {
  readonly bootstrap: pulumi.Output<string>;

  constructor(name: string, args: KafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:events:Kafka', name, {}, opts);
    const { config, network } = args;
    const zones = zonesOf(config).length;
    if (config.provider === 'aws' && config.kafka.brokers % zones !== 0) {
      throw new pulumi.ResourceError(
        `stack config 'inopsio:kafka.brokers' must be a multiple of the ${zones} zone(s) on MSK, such as ${zones * 2}; got ${config.kafka.brokers}`,
        this,
      );
    }
    this.bootstrap = { aws: awsKafka, azure: azureKafka, ovh: ovhKafka }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ bootstrap: this.bootstrap });
  }
}

function awsKafka(parent: Kafka, config: CloudConfig, network: Network) {
  const cluster = new aws.msk.Cluster(
    resourceName(config, 'kafka'),
    {
      kafkaVersion,
      numberOfBrokerNodes: config.kafka.brokers,
      brokerNodeGroupInfo: {
        instanceType: config.kafka.size,
        clientSubnets: network.privateSubnetIds,
        securityGroups: [vpcOnlySecurityGroup(parent, config, network, 'kafka', 9092, 9098).id],
        storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: kmsKey(parent, config, 'kafka').arn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      tags: tagsOf(config),
    },
    { parent },
  );
  return cluster.bootstrapBrokersSaslIam;
}

function azureKafka(parent: Kafka, config: CloudConfig, network: Network) {
  const namespace = new azure.eventhub.Namespace(
    resourceName(config, 'events'),
    {
      resourceGroupName: groupOf(network),
      location: config.region,
      sku: { name: 'Premium', tier: 'Premium', capacity: config.kafka.brokers },
      kafkaEnabled: true,
      zoneRedundant: config.highAvailability,
      publicNetworkAccess: 'Disabled',
      minimumTlsVersion: '1.2',
      // Entra ID (workload identity) only; no shared access keys.
      disableLocalAuth: true,
      tags: tagsOf(config),
    },
    { parent },
  );
  privateEndpoint(parent, config, network, 'events', namespace.id, 'namespace');
  return pulumi.interpolate`${namespace.name}.servicebus.windows.net:9093`;
}

function ovhKafka(parent: Kafka, config: CloudConfig, network: Network) {
  const database = new ovh.cloudproject.Database(
    resourceName(config, 'kafka'),
    {
      serviceName: config.ovhProject,
      description: resourceName(config, 'kafka'),
      engine: 'kafka',
      version: '3.8',
      // Kafka on OVH always runs three brokers; business adds private networking.
      plan: 'business',
      flavor: config.kafka.size,
      nodes: ovhNodes(config, network, 3),
      ipRestrictions: [{ ip: config.networkCidr, description: 'the private network only' }],
      deletionProtection: config.tier === 'production',
    },
    { parent },
  );
  return database.endpoints.apply((endpoints) => endpoints?.[0]?.uri ?? '');
}
