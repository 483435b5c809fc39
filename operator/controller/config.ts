/** What the operator is told at start, by flags or environment variables (see main.ts). */
export interface OperatorConfig {
  /** The namespace of the api-gateway; the only one allowed into tenant namespaces. */
  gatewayNamespace: string;
  /** The namespace of shared platform services tenants' workloads may reach. */
  platformNamespace: string;
  /** Where the leader Lease lives. */
  leaseNamespace: string;
  /** Where Events about cluster-scoped objects (Tenants, Editions) go. */
  eventNamespace: string;
  workers: number;
  resyncMs: number;
}

export const defaultConfig: OperatorConfig = {
  gatewayNamespace: 'inopsio-gateway',
  platformNamespace: 'inopsio-system',
  leaseNamespace: 'inopsio-system',
  eventNamespace: 'default',
  workers: 4,
  resyncMs: 10 * 60_000,
};
