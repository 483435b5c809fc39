import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { resourceName, tagsOf } from './shared.ts';

/** A customer-managed KMS key per purpose, rotated yearly, so access can be revoked per service. */
export function kmsKey(
  parent: pulumi.Resource,
  config: CloudConfig,
  purpose: string,
  provider?: aws.Provider,
): aws.kms.Key {
  return new aws.kms.Key(
    resourceName(config, `${purpose}-key`),
    {
      description: `Inopsio ${config.stack}: ${purpose}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: tagsOf(config),
    },
    { parent, provider },
  );
}

/** A security group that admits `port` from inside the VPC only. */
export function vpcOnlySecurityGroup(
  parent: pulumi.Resource,
  config: CloudConfig,
  network: Network,
  purpose: string,
  port: number,
  toPort = port,
): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    resourceName(config, `${purpose}-sg`),
    {
      vpcId: network.id,
      description: `Inopsio ${purpose}: from inside the VPC only`,
      ingress: [
        {
          protocol: 'tcp',
          fromPort: port,
          toPort,
          cidrBlocks: [network.cidr],
          description: purpose,
        },
      ],
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: [network.cidr] }],
      tags: tagsOf(config),
    },
    { parent },
  );
}

/** An IAM role that `service` (e.g. eks.amazonaws.com) may assume, with managed policies. */
export function serviceRole(
  parent: pulumi.Resource,
  config: CloudConfig,
  part: string,
  service: string,
  policies: string[],
): aws.iam.Role {
  const role = new aws.iam.Role(
    resourceName(config, part),
    {
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      }),
      tags: tagsOf(config),
    },
    { parent },
  );
  policies.forEach((policy, index) => {
    new aws.iam.RolePolicyAttachment(
      resourceName(config, `${part}-${index}`),
      { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` },
      { parent },
    );
  });
  return role;
}
