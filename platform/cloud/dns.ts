import * as ovh from '@ovhcloud/pulumi-ovh';
import * as aws from '@pulumi/aws';
import * as azure from '@pulumi/azure-native';
import * as pulumi from '@pulumi/pulumi';
import { groupOf } from './azure-shared.ts';
import type { CloudConfig } from './config.ts';
import type { Network } from './network.ts';
import { type ComponentArgs, resourceName, tagsOf } from './shared.ts';

export interface DnsArgs extends ComponentArgs {
  network: Network;
}

/** Only these certificate authorities may issue for the domain (a CAA record). */
export const certificateAuthorities = ['letsencrypt.org', 'amazon.com'];

/**
 * The public DNS zone of the gateway and tenants' hosts, and TLS: a CAA record naming the
 * only authorities allowed to issue; on AWS a wildcard ACM certificate validated by DNS for the
 * load balancer. In-cluster certificates come from cert-manager (declared in environments/).
 */
export class Dns extends pulumi.ComponentResource {
  readonly zone: pulumi.Output<string>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('inopsio:dns:Dns', name, {}, opts);
    const { config, network } = args;
    this.zone = { aws: awsDns, azure: azureDns, ovh: ovhDns }[config.provider](
      this,
      config,
      network,
    );
    this.registerOutputs({ zone: this.zone });
  }
}

const caa = certificateAuthorities.map((authority) => `0 issue "${authority}"`);

function awsDns(parent: Dns, config: CloudConfig) {
  const opts = { parent };
  const zone = new aws.route53.Zone(
    resourceName(config, 'zone'),
    { name: config.domain, tags: tagsOf(config) },
    opts,
  );
  new aws.route53.Record(
    resourceName(config, 'caa'),
    { zoneId: zone.zoneId, name: config.domain, type: 'CAA', ttl: 3600, records: caa },
    opts,
  );
  const certificate = new aws.acm.Certificate(
    resourceName(config, 'tls'),
    {
      domainName: `*.${config.domain}`,
      subjectAlternativeNames: [config.domain],
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      tags: tagsOf(config),
    },
    opts,
  );
  const option = certificate.domainValidationOptions.apply((options) => options?.[0]);
  const validation = new aws.route53.Record(
    resourceName(config, 'tls-validation'),
    {
      zoneId: zone.zoneId,
      name: option.apply((o) => o?.resourceRecordName ?? ''),
      type: option.apply((o) => o?.resourceRecordType ?? 'CNAME'),
      records: [option.apply((o) => o?.resourceRecordValue ?? '')],
      ttl: 300,
    },
    opts,
  );
  new aws.acm.CertificateValidation(
    resourceName(config, 'tls'),
    { certificateArn: certificate.arn, validationRecordFqdns: [validation.fqdn] },
    opts,
  );
  return zone.zoneId;
}

function azureDns(parent: Dns, config: CloudConfig, network: Network) {
  const opts = { parent };
  const resourceGroupName = groupOf(network);
  const zone = new azure.dns.Zone(
    resourceName(config, 'zone'),
    { resourceGroupName, location: 'global', zoneName: config.domain, tags: tagsOf(config) },
    opts,
  );
  new azure.dns.RecordSet(
    resourceName(config, 'caa'),
    {
      resourceGroupName,
      zoneName: zone.name,
      relativeRecordSetName: '@',
      recordType: 'CAA',
      ttl: 3600,
      caaRecords: certificateAuthorities.map((value) => ({ flags: 0, tag: 'issue', value })),
    },
    opts,
  );
  return zone.name;
}

/** OVH: the zone is the customer's own domain at OVH; the stack adds its records to it. */
function ovhDns(parent: Dns, config: CloudConfig) {
  certificateAuthorities.forEach((authority, index) => {
    new ovh.domain.ZoneRecord(
      resourceName(config, `caa-${index}`),
      { zone: config.domain, fieldtype: 'CAA', ttl: 3600, target: `0 issue "${authority}"` },
      { parent },
    );
  });
  return pulumi.output(config.domain);
}
