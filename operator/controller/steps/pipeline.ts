import type { Keycloak } from '../../identity/keycloak.ts';
import { ConditionType } from '../conditions.ts';
import { type DataPlane, databaseStep } from './database.ts';
import { identityStep } from './identity.ts';
import { namespaceStep } from './namespace.ts';
import { type PolicyPlane, policyStep } from './policy.ts';
import { type SecretsPlane, secretsStep } from './secrets.ts';
import type { PendingStep, Step } from './step.ts';
import { workloadsStep } from './workloads.ts';

/** The platform services the steps work with; a step whose service is missing is pending. */
export interface Planes {
  secrets?: SecretsPlane;
  data?: DataPlane;
  identity?: { keycloak: Keycloak; smtp?: Record<string, string> };
  policy?: PolicyPlane;
}

const notConfigured = (name: string, condition: ConditionType, why: string): PendingStep => ({
  name,
  condition,
  reason: 'NotConfigured',
  message: `not configured: ${why}`,
});

/**
 * The steps in the order they run (DESIGN.md: namespace, secrets, database, identity,
 * workloads, policy), and those that cannot run, which conditions report as such. The
 * database and identity steps take their credentials from the secrets step, so they need
 * Vault as well as their own service.
 */
export function pipeline(planes: Planes = {}): { steps: Step[]; pending: PendingStep[] } {
  const { secrets, data, identity, policy } = planes;
  const steps: Step[] = [namespaceStep];
  const pending: PendingStep[] = [];
  if (secrets) steps.push(secretsStep(secrets));
  else
    pending.push(
      notConfigured(
        'secrets',
        ConditionType.SecretsReady,
        'no Vault (set INOPSIO_VAULT_ADDRESS and INOPSIO_VAULT_TOKEN)',
      ),
    );
  if (data && secrets) steps.push(databaseStep(data));
  else
    pending.push(
      notConfigured(
        'database',
        ConditionType.DatabaseReady,
        data ? 'it needs Vault for its credentials' : 'no PostgreSQL (set INOPSIO_POSTGRES_URL)',
      ),
    );
  if (identity && secrets) steps.push(identityStep(identity.keycloak, identity.smtp));
  else
    pending.push(
      notConfigured(
        'identity',
        ConditionType.IdentityReady,
        identity
          ? 'it needs Vault for the client secrets'
          : 'no Keycloak (set INOPSIO_KEYCLOAK_URL and INOPSIO_KEYCLOAK_ADMIN_PASSWORD)',
      ),
    );
  steps.push(workloadsStep);
  if (policy) steps.push(policyStep(policy));
  else pending.push(notConfigured('policy', ConditionType.PolicyCompliant, 'no policy engine'));
  return { steps, pending };
}
