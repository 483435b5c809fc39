/** What the operator is told at start, by flags or environment variables (see main.ts). */
export interface OperatorConfig {
  /** The namespace of the api-gateway; the only one allowed into tenant namespaces. */
  gatewayNamespace: string;
  /** The namespace of shared platform services tenants' workloads may reach. */
  platformNamespace: string;
  /** Where the leader Lease lives, and its name. */
  leaseNamespace: string;
  leaseName: string;
  /**
   * A label selector of the Tenants this operator serves; empty for all. Operators with
   * disjoint selectors (and lease names) share a cluster; only an unsharded operator keeps
   * Edition status, which counts all tenants.
   */
  tenantSelector: string;
  /** Where Events about cluster-scoped objects (Tenants, Editions) go. */
  eventNamespace: string;
  workers: number;
  resyncMs: number;
}

export const defaultConfig: OperatorConfig = {
  gatewayNamespace: 'inopsio-gateway',
  platformNamespace: 'inopsio-system',
  leaseNamespace: 'inopsio-system',
  leaseName: 'inopsio-operator',
  tenantSelector: '',
  eventNamespace: 'default',
  workers: 4,
  resyncMs: 10 * 60_000,
};
