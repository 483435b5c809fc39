import { ConditionType } from '../conditions.ts';
import { type DataPlane, databaseStep } from './database.ts';
import { namespaceStep } from './namespace.ts';
import type { PendingStep, Step } from './step.ts';
import { workloadsStep } from './workloads.ts';

const secrets: PendingStep = {
  name: 'secrets',
  condition: ConditionType.SecretsReady,
  description: "the tenant's Vault path, policy and Kubernetes-auth role",
};
const identity: PendingStep = {
  name: 'identity',
  condition: ConditionType.IdentityReady,
  description: "the tenant's Keycloak realm or organization, clients and first admin",
};
const policy: PendingStep = {
  name: 'policy',
  condition: ConditionType.PolicyCompliant,
  description: "the tenant's PolicyReport from the OPA policies",
};

/**
 * The steps in the order they run (DESIGN.md: namespace, secrets, database, identity,
 * workloads, policy), and those not built yet, which conditions report as such. The database
 * step needs PostgreSQL; without it, it is reported as not configured.
 */
export function pipeline(data?: DataPlane): { steps: Step[]; pending: PendingStep[] } {
  const database: PendingStep = {
    name: 'database',
    condition: ConditionType.DatabaseReady,
    description: 'no PostgreSQL is configured for the operator (set INOPSIO_POSTGRES_URL)',
  };
  return {
    steps: [namespaceStep, ...(data ? [databaseStep(data)] : []), workloadsStep],
    pending: [secrets, ...(data ? [] : [database]), identity, policy],
  };
}
