/**
 * The Pulumi program (`main` of Pulumi.yaml): reads the stack's configuration from
 * environments/stacks/Pulumi.<stack>.yaml, checks it, and declares the platform.
 */
import { loadConfig } from './config.ts';
import { InopsioPlatform } from './platform.ts';

const platform = new InopsioPlatform('inopsio', loadConfig());

export const clusterName = platform.cluster.name;
export const postgresHost = platform.postgres.host;
export const redisHost = platform.redis.host;
export const bucket = platform.storage.bucket;
export const kafkaBootstrap = platform.kafka.bootstrap;
export const dnsZone = platform.dns.zone;
