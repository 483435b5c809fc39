import { beforeAll, describe, expect, it } from 'vitest';
import { expectTagged, type MockedResource, mockStack, ofType, one } from './test/mock-stack.ts';

describe('prod-aws-eu-west-1 under mocks', () => {
  let graph: MockedResource[];
  beforeAll(async () => {
    graph = await mockStack('prod-aws-eu-west-1');
  });

  it('declares each concern once under the platform', () => {
    for (const type of [
      'inopsio:platform:Platform',
      'inopsio:network:Network',
      'inopsio:cluster:Cluster',
      'inopsio:database:Postgres',
      'inopsio:cache:Redis',
      'inopsio:storage:ObjectStorage',
      'inopsio:events:Kafka',
      'inopsio:dns:Dns',
    ]) {
      expect(ofType(graph, type), type).toHaveLength(1);
    }
  });

  it('spreads the network over three zones with a NAT gateway each', () => {
    const subnets = ofType(graph, 'aws:ec2/subnet:Subnet');
    const zones = new Set(subnets.map((s) => s.inputs.availabilityZone));
    expect([...zones].sort()).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(ofType(graph, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch !== true)).toBe(true);
  });

  it('the database is PostgreSQL 15, encrypted, Multi-AZ, private, with 35 days of PITR', () => {
    const db = one(graph, 'aws:rds/instance:Instance').inputs;
    expect(db).toMatchObject({
      engine: 'postgres',
      engineVersion: '15',
      storageEncrypted: true,
      multiAz: true,
      publiclyAccessible: false,
      backupRetentionPeriod: 35,
      deletionProtection: true,
      skipFinalSnapshot: false,
    });
    expect(db.kmsKeyId).toBeTruthy();
  });

  it('the Kubernetes API is private and Secrets are encrypted with a KMS key', () => {
    const eks = one(graph, 'aws:eks/cluster:Cluster').inputs as {
      vpcConfig: Record<string, unknown>;
      encryptionConfig: { resources: string[] };
    };
    expect(eks.vpcConfig).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
    expect(eks.encryptionConfig.resources).toEqual(['secrets']);
  });

  it('the cache and Kafka encrypt at rest and in transit, across zones', () => {
    expect(one(graph, 'aws:elasticache/replicationGroup:ReplicationGroup').inputs).toMatchObject({
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      numCacheClusters: 3,
    });
    expect(one(graph, 'aws:msk/cluster:Cluster').inputs).toMatchObject({
      numberOfBrokerNodes: 6,
      encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } },
      brokerNodeGroupInfo: { connectivityInfo: { publicAccess: { type: 'DISABLED' } } },
    });
  });

  it('buckets are versioned, KMS-encrypted, never public and replicated to another region', () => {
    expect(ofType(graph, 'aws:s3/bucket:Bucket')).toHaveLength(2);
    for (const versioning of ofType(graph, 'aws:s3/bucketVersioning:BucketVersioning')) {
      expect(versioning.inputs).toMatchObject({ versioningConfiguration: { status: 'Enabled' } });
    }
    for (const block of ofType(graph, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')) {
      expect(block.inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    const replication = one(graph, 'aws:s3/bucketReplicationConfig:BucketReplicationConfig');
    expect(replication.inputs).toMatchObject({ rules: [{ status: 'Enabled' }] });
    const replicaProvider = one(graph, 'pulumi:providers:aws');
    expect(replicaProvider.inputs.region).toBe('eu-central-1');
  });

  it('every taggable resource carries the stack tags', () => {
    expectTagged(
      graph,
      {
        owner: 'platform-team',
        'cost-center': 'production',
        'data-classification': 'confidential',
        environment: 'prod-aws-eu-west-1',
      },
      20,
    );
  });

  it('no security group admits traffic from the internet', () => {
    for (const group of ofType(graph, 'aws:ec2/securityGroup:SecurityGroup')) {
      expect(JSON.stringify(group.inputs.ingress)).not.toContain('0.0.0.0/0');
    }
  });
});
