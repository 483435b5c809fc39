import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey, serviceRole } from './aws-shared.ts';
import { groupOf, privateEndpoint } from './azure-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { type ComponentArgs, compactName, resourceName, tagsOf } from './shared.ts';

export interface ObjectStorageArgs extends ComponentArgs {
  network: Network;
}

/** OVH storage regions are the Public Cloud region without its number: GRA11 stores in GRA. */
const ovhStorageRegion = (region: string) => region.replace(/\d+$/, '');
/** OVH replicates buckets from GRA to SBG, and from elsewhere to GRA. */
const ovhReplicaRegion = (region: string) => (ovhStorageRegion(region) === 'GRA' ? 'SBG' : 'GRA');

/**
 * Tenant files, mail attachments and the operator's snapshots: versioned, encrypted, never
 * public, replicated to a second region (AWS, OVH) or geo-zone-redundant (Azure).
 */
export class ObjectStorage extends pulumi.ComponentResource {
  readonly bucket: pulumi.Output<string>;

  constructor(name: string, args: ObjectStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:storage:ObjectStorage', name, {}, opts);
    const { config, network } = args;
    this.bucket = { aws: awsStorage, azure: azureStorage, ovh: ovhStorage }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ bucket: this.bucket });
  }
}

/** A private, versioned bucket encrypted with its own key, readable over TLS only. */
function awsBucket(
  parent: ObjectStorage,
  config: CloudConfig,
  part: string,
  provider?: aws.Provider,
) {
  const opts = { parent, provider };
  const bucket = new aws.s3.Bucket(
    resourceName(config, part),
    { forceDestroy: false, tags: tagsOf(config) },
    opts,
  );
  const versioning = new aws.s3.BucketVersioning(
    resourceName(config, part),
    { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
    opts,
  );
  const key = kmsKey(parent, config, part, provider);
  new aws.s3.BucketServerSideEncryptionConfiguration(
    resourceName(config, part),
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
          bucketKeyEnabled: true,
        },
      ],
    },
    opts,
  );
  new aws.s3.BucketPublicAccessBlock(
    resourceName(config, part),
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  new aws.s3.BucketPolicy(
    resourceName(config, part),
    {
      bucket: bucket.id,
      policy: bucket.arn.apply((arn) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TlsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arn, `${arn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      ),
    },
    opts,
  );
  return { bucket, versioning, key };
}

function awsStorage(parent: ObjectStorage, config: CloudConfig) {
  const primary = awsBucket(parent, config, 'objects');
  const replicaProvider = new aws.Provider(
    resourceName(config, 'replica-region'),
    { region: config.replicaRegion as aws.Region },
    { parent },
  );
  const replica = awsBucket(parent, config, 'objects-replica', replicaProvider);
  const role = serviceRole(parent, config, 's3-replication', 's3.amazonaws.com', []);
  new aws.iam.RolePolicy(
    resourceName(config, 's3-replication'),
    {
      role: role.id,
      policy: pulumi
        .all([primary.bucket.arn, replica.bucket.arn, primary.key.arn, replica.key.arn])
        .apply(([source, target, sourceKey, targetKey]) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
                Resource: source,
              },
              {
                Effect: 'Allow',
                Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'],
                Resource: `${source}/*`,
              },
              {
                Effect: 'Allow',
                Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
                Resource: `${target}/*`,
              },
              { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: sourceKey },
              { Effect: 'Allow', Action: ['kms:Encrypt'], Resource: targetKey },
            ],
          }),
        ),
    },
    { parent },
  );
  new aws.s3.BucketReplicationConfig(
    resourceName(config, 'objects'),
    {
      bucket: primary.bucket.id,
      role: role.arn,
      rules: [
        {
          id: 'everything',
          status: 'Enabled',
          filter: {},
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replica.bucket.arn,
            encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
          },
        },
      ],
    },
    { parent, dependsOn: [primary.versioning, replica.versioning] },
  );
  return primary.bucket.bucket;
}

function azureStorage(parent: ObjectStorage, config: CloudConfig, network: Network) {
  const opts = { parent };
  const resourceGroupName = groupOf(network);
  const account = new azure.storage.StorageAccount(
    resourceName(config, 'objects'),
    {
      resourceGroupName,
      location: config.region,
      accountName: compactName(config, 'objects'),
      kind: 'StorageV2',
      // Zone- and geo-redundant: copies in three zones and in the paired region.
      sku: { name: config.highAvailability ? 'Standard_GZRS' : 'Standard_LRS' },
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Disabled',
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      encryption: {
        keySource: 'Microsoft.Storage',
        requireInfrastructureEncryption: true,
        services: { blob: { enabled: true, keyType: 'Account' } },
      },
      tags: tagsOf(config),
    },
    opts,
  );
  new azure.storage.BlobServiceProperties(
    resourceName(config, 'objects'),
    {
      resourceGroupName,
      accountName: account.name,
      blobServicesName: 'default',
      isVersioningEnabled: true,
      changeFeed: { enabled: true },
      deleteRetentionPolicy: { enabled: true, days: Math.max(config.backupRetentionDays, 7) },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    },
    opts,
  );
  new azure.storage.BlobContainer(
    resourceName(config, 'objects'),
    {
      resourceGroupName,
      accountName: account.name,
      containerName: 'inopsio',
      publicAccess: 'None',
    },
    opts,
  );
  privateEndpoint(parent, config, network, 'objects', account.id, 'blob');
  return account.name;
}

function ovhStorage(parent: ObjectStorage, config: CloudConfig) {
  const replica = ovhReplicaRegion(config.region);
  const name = resourceName(config, 'objects');
  const bucket = new ovh.cloudproject.Storage(
    name,
    {
      serviceName: config.ovhProject,
      regionName: ovhStorageRegion(config.region),
      name,
      encryption: { sseAlgorithm: 'AES256' },
      versioning: { status: 'enabled' },
      replication: {
        rules: [
          {
            id: 'everything',
            priority: 1,
            status: 'enabled',
            deleteMarkerReplication: 'enabled',
            destination: { name: `${name}-${replica.toLowerCase()}`, region: replica },
          },
        ],
      },
    },
    { parent },
  );
  return bucket.name;
}
