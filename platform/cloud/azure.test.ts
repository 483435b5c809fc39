import { beforeAll, describe, expect, it } from 'vitest';
import { expectTagged, type MockedResource, mockStack, ofType, one } from './test/mock-stack.ts';

describe('prod-azure-westeurope under mocks', () => {
  let graph: MockedResource[];
  beforeAll(async () => {
    graph = await mockStack('prod-azure-westeurope');
  });

  it('PostgreSQL 15 Flexible Server is zone-redundant, private, with 35 days of geo backups', () => {
    expect(one(graph, 'azure-native:dbforpostgresql:Server').inputs).toMatchObject({
      version: '15',
      highAvailability: { mode: 'ZoneRedundant' },
      backup: { backupRetentionDays: 35, geoRedundantBackup: 'Enabled' },
      network: { publicNetworkAccess: 'Disabled' },
    });
  });

  it('AKS is private, spread over three zones, without local accounts', () => {
    const aks = one(graph, 'azure-native:containerservice:ManagedCluster').inputs as {
      agentPoolProfiles: { availabilityZones: string[]; enableNodePublicIP: boolean }[];
    };
    expect(aks).toMatchObject({
      disableLocalAccounts: true,
      apiServerAccessProfile: { enablePrivateCluster: true },
    });
    expect(aks.agentPoolProfiles[0]).toMatchObject({
      availabilityZones: ['1', '2', '3'],
      enableNodePublicIP: false,
    });
  });

  it('Redis, storage and Event Hubs are reached through private endpoints only', () => {
    expect(one(graph, 'azure-native:redis:Redis').inputs).toMatchObject({
      publicNetworkAccess: 'Disabled',
      enableNonSslPort: false,
      zones: ['1', '2', '3'],
    });
    expect(one(graph, 'azure-native:storage:StorageAccount').inputs).toMatchObject({
      publicNetworkAccess: 'Disabled',
      allowBlobPublicAccess: false,
      sku: { name: 'Standard_GZRS' },
      encryption: { requireInfrastructureEncryption: true },
    });
    expect(one(graph, 'azure-native:eventhub:Namespace').inputs).toMatchObject({
      kafkaEnabled: true,
      zoneRedundant: true,
      publicNetworkAccess: 'Disabled',
    });
    expect(ofType(graph, 'azure-native:network:PrivateEndpoint')).toHaveLength(3);
  });

  it('blobs are versioned and soft-deleted for the retention', () => {
    expect(one(graph, 'azure-native:storage:BlobServiceProperties').inputs).toMatchObject({
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 35 },
    });
  });

  it('every taggable resource carries the stack tags', () => {
    expectTagged(
      graph,
      { environment: 'prod-azure-westeurope', 'data-classification': 'confidential' },
      8,
    );
  });
});
