import * as azure from '@pulumi/azure-native';
import type * as pulumi from '@pulumi/pulumi';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { resourceName, tagsOf } from './shared.ts';

/** The stack's resource group (made by the network component). */
export const groupOf = (network: Network) => network.resourceGroupName as pulumi.Output<string>;

/** Reaches `target` from the VNet only: a private endpoint in the endpoints subnet. */
export function privateEndpoint(
  parent: pulumi.Resource,
  config: CloudConfig,
  network: Network,
  part: string,
  target: pulumi.Output<string>,
  groupId: string,
): azure.network.PrivateEndpoint {
  return new azure.network.PrivateEndpoint(
    resourceName(config, `${part}-pe`),
    {
      resourceGroupName: groupOf(network),
      location: config.region,
      subnet: { id: network.endpointSubnetId },
      privateLinkServiceConnections: [
        { name: part, privateLinkServiceId: target, groupIds: [groupId] },
      ],
      tags: tagsOf(config),
    },
    { parent },
  );
}
