import * as pulumi from '@pulumi/pulumi';
import { Cluster } from './cluster.ts';
import type { CloudConfig } from './config.ts';
import { Dns } from './dns.ts';
import { Kafka } from './kafka.ts';
import { Network } from './network.ts';
import { ObjectStorage } from './object-storage.ts';
import { Postgres } from './postgres.ts';
import { Redis } from './redis.ts';

/**
 * Everything Inopsio needs from a cloud before Argo CD takes over: the network, the Kubernetes
 * cluster and the managed data services. In-cluster add-ons (Argo CD, Keycloak, OpenBao,
 * observability, the operator) are GitOps content in environments/, not Pulumi resources.
 */
export class InopsioPlatform extends pulumi.ComponentResource {
  readonly network: Network;
  readonly cluster: Cluster;
  readonly postgres: Postgres;
  readonly redis: Redis;
  readonly storage: ObjectStorage;
  readonly kafka: Kafka;
  readonly dns: Dns;

  constructor(name: string, config: CloudConfig, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:platform:Platform', name, {}, opts);
    const parent = { parent: this };
    this.network = new Network('network', { config }, parent);
    const args = { config, network: this.network };
    this.cluster = new Cluster('cluster', args, parent);
    this.postgres = new Postgres('postgres', args, parent);
    this.redis = new Redis('redis', args, parent);
    this.storage = new ObjectStorage('storage', args, parent);
    this.kafka = new Kafka('kafka', args, parent);
    this.dns = new Dns('dns', args, parent);
    this.registerOutputs({
      cluster: this.cluster.name,
      postgresHost: this.postgres.host,
      redisHost: this.redis.host,
      bucket: this.storage.bucket,
      kafkaBootstrap: this.kafka.bootstrap,
      dnsZone: this.dns.zone,
    });
  }
}
