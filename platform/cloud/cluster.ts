import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey, serviceRole } from './aws-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { type ComponentArgs, resourceName, tagsOf, zonesOf } from './shared.ts';

export interface ClusterArgs extends ComponentArgs {
  network: Network;
}

/**
 * The Kubernetes cluster Argo CD and Inopsio run in: EKS, AKS or OVH Managed Kubernetes, with
 * nodes spread over the zones, Kubernetes Secrets encrypted with a managed key and the API
 * reachable from the private network and the allowed CIDRs only.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:cluster:Cluster', name, {}, opts);
    const { config, network } = args;
    this.name = { aws: awsCluster, azure: azureCluster, ovh: ovhCluster }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ name: this.name });
  }
}

function awsCluster(parent: Cluster, config: CloudConfig, network: Network) {
  const opts = { parent };
  const tags = tagsOf(config);
  const role = serviceRole(parent, config, 'eks-cluster', 'eks.amazonaws.com', [
    'AmazonEKSClusterPolicy',
  ]);
  const key = kmsKey(parent, config, 'eks-secrets');
  const publicAccess = config.apiAllowedCidrs.length > 0;
  const cluster = new aws.eks.Cluster(
    resourceName(config, 'eks'),
    {
      roleArn: role.arn,
      version: config.kubernetes.version,
      vpcConfig: {
        subnetIds: network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: config.apiAllowedCidrs } : {}),
      },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ['secrets'] },
      accessConfig: { authenticationMode: 'API' },
      enabledClusterLogTypes: ['api', 'audit', 'authenticator'],
      deletionProtection: config.tier === 'production',
      tags,
    },
    opts,
  );
  const nodeRole = serviceRole(parent, config, 'eks-nodes', 'ec2.amazonaws.com', [
    'AmazonEKSWorkerNodePolicy',
    'AmazonEKS_CNI_Policy',
    'AmazonEC2ContainerRegistryReadOnly',
  ]);
  new aws.eks.NodeGroup(
    resourceName(config, 'nodes'),
    {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: network.privateSubnetIds,
      instanceTypes: [config.kubernetes.nodeSize],
      scalingConfig: {
        minSize: config.kubernetes.minNodes,
        desiredSize: config.kubernetes.minNodes,
        maxSize: config.kubernetes.maxNodes,
      },
      updateConfig: { maxUnavailable: 1 },
      tags,
    },
    opts,
  );
  return cluster.name;
}

function azureCluster(parent: Cluster, config: CloudConfig, network: Network) {
  const publicAccess = config.apiAllowedCidrs.length > 0;
  const cluster = new azure.containerservice.ManagedCluster(
    resourceName(config, 'aks'),
    {
      resourceGroupName: network.resourceGroupName as pulumi.Output<string>,
      location: config.region,
      dnsPrefix: resourceName(config, 'aks'),
      kubernetesVersion: config.kubernetes.version,
      identity: { type: 'SystemAssigned' },
      enableRBAC: true,
      // Sign-in through Entra ID only; no static admin certificate.
      disableLocalAccounts: true,
      aadProfile: { managed: true, enableAzureRBAC: true },
      agentPoolProfiles: [
        {
          name: 'system',
          mode: 'System',
          vmSize: config.kubernetes.nodeSize,
          enableAutoScaling: true,
          minCount: config.kubernetes.minNodes,
          maxCount: config.kubernetes.maxNodes,
          count: config.kubernetes.minNodes,
          availabilityZones: zonesOf(config),
          vnetSubnetID: network.privateSubnetIds[0],
          enableNodePublicIP: false,
          osDiskType: 'Managed',
        },
      ],
      networkProfile: {
        networkPlugin: 'azure',
        networkPolicy: 'cilium',
        networkDataplane: 'cilium',
      },
      apiServerAccessProfile: publicAccess
        ? { authorizedIPRanges: config.apiAllowedCidrs }
        : { enablePrivateCluster: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      oidcIssuerProfile: { enabled: true },
      sku: { name: 'Base', tier: config.tier === 'production' ? 'Standard' : 'Free' },
      tags: tagsOf(config),
    },
    { parent },
  );
  return cluster.name;
}

function ovhCluster(parent: Cluster, config: CloudConfig, network: Network) {
  const opts = { parent };
  const serviceName = config.ovhProject;
  const kube = new ovh.cloudproject.Kube(
    resourceName(config, 'kube'),
    {
      serviceName,
      name: resourceName(config, 'kube'),
      region: config.region,
      version: config.kubernetes.version,
      privateNetworkId: network.regionalNetworkId,
      nodesSubnetId: network.privateSubnetIds[0],
      privateNetworkConfiguration: {
        defaultVrackGateway: '',
        privateNetworkRoutingAsDefault: true,
      },
      updatePolicy: 'MINIMAL_DOWNTIME',
    },
    opts,
  );
  new ovh.cloudproject.KubeNodePool(
    resourceName(config, 'nodes'),
    {
      serviceName,
      kubeId: kube.id,
      name: 'nodes',
      flavorName: config.kubernetes.nodeSize,
      autoscale: true,
      minNodes: config.kubernetes.minNodes,
      maxNodes: config.kubernetes.maxNodes,
      desiredNodes: config.kubernetes.minNodes,
      antiAffinity: false,
      attachFloatingIps: { enabled: false },
    },
    opts,
  );
  // OVH's API endpoint is public: restrict it to the private network and the allowed CIDRs.
  new ovh.cloudproject.KubeIpRestrictions(
    resourceName(config, 'kube-ips'),
    { serviceName, kubeId: kube.id, ips: [config.networkCidr, ...config.apiAllowedCidrs] },
    opts,
  );
  return kube.name;
}
