import { beforeAll, describe, expect, it } from 'vitest';
import { type MockedResource, mockStack, ofType, one } from './test/mock-stack.ts';

const database = (graph: MockedResource[], engine: string) =>
  ofType(graph, 'ovh:CloudProject/database:Database').find((r) => r.inputs.engine === engine)
    ?.inputs;

describe('prod-ovh-gra under mocks', () => {
  let graph: MockedResource[];
  beforeAll(async () => {
    graph = await mockStack('prod-ovh-gra');
  });

  it('managed Kubernetes sits in the private network, its API restricted', () => {
    expect(one(graph, 'ovh:CloudProject/kube:Kube').inputs).toMatchObject({
      region: 'GRA11',
      version: '1.34',
    });
    expect(
      one(graph, 'ovh:CloudProject/kubeIpRestrictions:KubeIpRestrictions').inputs,
    ).toMatchObject({
      ips: ['10.50.0.0/16', '198.51.100.0/24'],
    });
    expect(one(graph, 'ovh:CloudProject/kubeNodePool:KubeNodePool').inputs).toMatchObject({
      attachFloatingIps: { enabled: false },
    });
  });

  it('PostgreSQL 15 runs on two nodes of the Business plan, reachable from the network only', () => {
    const postgres = database(graph, 'postgresql');
    expect(postgres).toMatchObject({
      version: '15',
      plan: 'business',
      deletionProtection: true,
      ipRestrictions: [{ ip: '10.50.0.0/16' }],
    });
    expect(postgres?.nodes).toHaveLength(2);
  });

  it('objects are encrypted, versioned and replicated from GRA to SBG', () => {
    expect(one(graph, 'ovh:CloudProject/storage:Storage').inputs).toMatchObject({
      regionName: 'GRA',
      encryption: { sseAlgorithm: 'AES256' },
      versioning: { status: 'enabled' },
      replication: { rules: [{ status: 'enabled', destination: { region: 'SBG' } }] },
    });
  });

  it('Valkey and Kafka are managed databases restricted to the private network', () => {
    for (const engine of ['valkey', 'kafka']) {
      expect(database(graph, engine), engine).toMatchObject({
        ipRestrictions: [{ ip: '10.50.0.0/16' }],
      });
    }
  });
});

describe('dev under mocks', () => {
  it('runs in one zone on the smallest plans', async () => {
    const graph = await mockStack('dev');
    expect(database(graph, 'postgresql')).toMatchObject({ plan: 'essential' });
    expect(database(graph, 'postgresql')?.nodes).toHaveLength(1);
  });
});
