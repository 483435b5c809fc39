import { ConditionType } from '../conditions.ts';
import { namespaceStep } from './namespace.ts';
import type { PendingStep, Step } from './step.ts';
import { workloadsStep } from './workloads.ts';

/** The built steps, in the order they run (see docs/adr on the reconcile pipeline). */
export const steps: Step[] = [namespaceStep, workloadsStep];

/** Steps of the design not built yet; their conditions say so. */
export const pendingSteps: PendingStep[] = [
  {
    name: 'secrets',
    condition: ConditionType.SecretsReady,
    description: "the tenant's Vault path, policy and Kubernetes-auth role",
  },
  {
    name: 'database',
    condition: ConditionType.DatabaseReady,
    description: "the tenant's PostgreSQL schema, database or pooled rows and migrations",
  },
  {
    name: 'identity',
    condition: ConditionType.IdentityReady,
    description: "the tenant's Keycloak realm or organization, clients and first admin",
  },
  {
    name: 'policy',
    condition: ConditionType.PolicyCompliant,
    description: "the tenant's PolicyReport from the OPA policies",
  },
];
