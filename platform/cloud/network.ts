import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import type { CloudConfig } from './config.ts';
import { type ComponentArgs, resourceName, subnet, tagsOf, zonesOf } from './shared.ts';

/** Subnets are /19 of a /16: private ones first, public ones (load balancers, NAT) from 4. */
const subnetBits = 3;
const publicOffset = 4;

/**
 * The private network everything else lives in: a VPC over the zones with private subnets
 * and NAT (AWS), a VNet with subnets for the cluster, PostgreSQL and private endpoints
 * (Azure), or a vRack private network (OVH).
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC, VNet or OVH private network. */
  readonly id: pulumi.Output<string>;
  /** One subnet per zone for nodes and data services. */
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly cidr: string;
  /** Azure: the resource group of the stack. */
  readonly resourceGroupName?: pulumi.Output<string>;
  /** Azure: the subnet delegated to PostgreSQL Flexible Server. */
  readonly databaseSubnetId?: pulumi.Output<string>;
  /** Azure: the subnet of private endpoints (Redis, Storage, Event Hubs). */
  readonly endpointSubnetId?: pulumi.Output<string>;
  /** OVH: the OpenStack id of the private network in the stack's region. */
  readonly regionalNetworkId?: pulumi.Output<string>;

  constructor(name: string, args: ComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:network:Network', name, {}, opts);
    const { config } = args;
    this.cidr = config.networkCidr;
    const built = { aws: awsNetwork, azure: azureNetwork, ovh: ovhNetwork }[config.provider](
      this,
      config,
    );
    this.id = built.id;
    this.privateSubnetIds = built.privateSubnetIds;
    this.resourceGroupName = built.resourceGroupName;
    this.databaseSubnetId = built.databaseSubnetId;
    this.endpointSubnetId = built.endpointSubnetId;
    this.regionalNetworkId = built.regionalNetworkId;
    this.registerOutputs({ id: this.id, privateSubnetIds: this.privateSubnetIds });
  }
}

type Built = Pick<
  Network,
  | 'id'
  | 'privateSubnetIds'
  | 'resourceGroupName'
  | 'databaseSubnetId'
  | 'endpointSubnetId'
  | 'regionalNetworkId'
>;

function awsNetwork(parent: Network, config: CloudConfig): Built {
  const opts = { parent };
  const tags = tagsOf(config);
  const vpc = new aws.ec2.Vpc(
    resourceName(config, 'vpc'),
    {
      cidrBlock: config.networkCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...tags, Name: resourceName(config, 'vpc') },
    },
    opts,
  );
  // The default security group allows all traffic between its members: empty it.
  new aws.ec2.DefaultSecurityGroup(
    resourceName(config, 'default-sg'),
    { vpcId: vpc.id, tags },
    opts,
  );
  const gateway = new aws.ec2.InternetGateway(
    resourceName(config, 'igw'),
    { vpcId: vpc.id, tags },
    opts,
  );
  const publicRoutes = new aws.ec2.RouteTable(
    resourceName(config, 'public'),
    { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }], tags },
    opts,
  );
  const privateSubnetIds = zonesOf(config).map((zone, index) => {
    const publicSubnet = new aws.ec2.Subnet(
      resourceName(config, `public-${zone}`),
      {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: subnet(config.networkCidr, subnetBits, publicOffset + index),
        mapPublicIpOnLaunch: false,
        tags: { ...tags, 'kubernetes.io/role/elb': '1' },
      },
      opts,
    );
    new aws.ec2.RouteTableAssociation(
      resourceName(config, `public-${zone}`),
      { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
      opts,
    );
    const ip = new aws.ec2.Eip(resourceName(config, `nat-${zone}`), { domain: 'vpc', tags }, opts);
    const nat = new aws.ec2.NatGateway(
      resourceName(config, `nat-${zone}`),
      { allocationId: ip.id, subnetId: publicSubnet.id, tags },
      opts,
    );
    const privateSubnet = new aws.ec2.Subnet(
      resourceName(config, `private-${zone}`),
      {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: subnet(config.networkCidr, subnetBits, index),
        tags: { ...tags, 'kubernetes.io/role/internal-elb': '1' },
      },
      opts,
    );
    const routes = new aws.ec2.RouteTable(
      resourceName(config, `private-${zone}`),
      { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags },
      opts,
    );
    new aws.ec2.RouteTableAssociation(
      resourceName(config, `private-${zone}`),
      { subnetId: privateSubnet.id, routeTableId: routes.id },
      opts,
    );
    return privateSubnet.id;
  });
  return { id: vpc.id, privateSubnetIds };
}

function azureNetwork(parent: Network, config: CloudConfig): Built {
  const opts = { parent };
  const tags = tagsOf(config);
  const group = new azure.resources.ResourceGroup(
    resourceName(config, 'rg'),
    { location: config.region, tags },
    opts,
  );
  const vnet = new azure.network.VirtualNetwork(
    resourceName(config, 'vnet'),
    {
      resourceGroupName: group.name,
      location: config.region,
      addressSpace: { addressPrefixes: [config.networkCidr] },
      tags,
    },
    opts,
  );
  const addSubnet = (
    part: string,
    index: number,
    extra: Partial<azure.network.SubnetArgs> = {},
  ): azure.network.Subnet =>
    new azure.network.Subnet(
      resourceName(config, part),
      {
        resourceGroupName: group.name,
        virtualNetworkName: vnet.name,
        addressPrefix: subnet(config.networkCidr, subnetBits, index),
        defaultOutboundAccess: false,
        ...extra,
      },
      { parent, dependsOn: [vnet] },
    );
  const nodes = addSubnet('nodes', 0);
  const database = addSubnet('postgres', 1, {
    delegations: [{ name: 'postgres', serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' }],
  });
  const endpoints = addSubnet('endpoints', 2, { privateEndpointNetworkPolicies: 'Enabled' });
  return {
    id: vnet.id,
    privateSubnetIds: [nodes.id],
    resourceGroupName: group.name,
    databaseSubnetId: database.id,
    endpointSubnetId: endpoints.id,
  };
}

function ovhNetwork(parent: Network, config: CloudConfig): Built {
  const opts = { parent };
  const serviceName = config.ovhProject;
  const network = new ovh.cloudproject.NetworkPrivate(
    resourceName(config, 'net'),
    { serviceName, name: resourceName(config, 'net'), regions: [config.region], vlanId: 42 },
    opts,
  );
  const range = subnet(config.networkCidr, subnetBits, 0);
  const [address = ''] = range.split('/');
  const prefix = address.split('.').slice(0, 2).join('.');
  const privateSubnet = new ovh.cloudproject.NetworkPrivateSubnet(
    resourceName(config, 'nodes'),
    {
      serviceName,
      networkId: network.id,
      region: config.region,
      network: range,
      start: `${prefix}.0.10`,
      end: `${prefix}.31.250`,
      dhcp: true,
      noGateway: false,
    },
    opts,
  );
  // Nodes reach the internet through a managed gateway, not public IPs of their own.
  new ovh.cloudproject.Gateway(
    resourceName(config, 'gateway'),
    {
      serviceName,
      name: resourceName(config, 'gateway'),
      model: 's',
      region: config.region,
      networkId: network.regionsAttributes.apply((regions) => regions?.[0]?.openstackid ?? ''),
      subnetId: privateSubnet.id,
    },
    opts,
  );
  return {
    id: network.id,
    privateSubnetIds: [privateSubnet.id],
    regionalNetworkId: network.regionsAttributes.apply(
      (regions) => regions?.[0]?.openstackid ?? '',
    ),
  };
}
