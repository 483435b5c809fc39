import { isKeycloakUnavailable, type Keycloak } from '../../identity/keycloak.ts';
import { identityLocation, planIdentity } from '../../identity/plan.ts';
import { ensureIdentity, removeIdentity } from '../../identity/provision.ts';
import { ConditionType } from '../conditions.ts';
import { type Step, StepError, whileAvailable } from './step.ts';

/** Keycloak being down is a condition reason of its own. */
const guarded = <T>(keycloak: Keycloak, run: () => Promise<T>) =>
  whileAvailable(
    {
      reason: 'KeycloakUnavailable',
      what: `Keycloak at ${keycloak.settings.url}`,
      isUnavailable: isKeycloakUnavailable,
    },
    run,
  );

/**
 * The tenant's sign-in: a Keycloak realm of its own, or an organization in its edition's
 * shared realm; the gateway (confidential, its secret from Vault) and web (public, PKCE)
 * clients for the tenant's domains; the roles tenant-admin, member and auditor; the first
 * admin. Every pass compares Keycloak with the plan, so hand edits are put back.
 */
export function identityStep(keycloak: Keycloak, smtp?: Record<string, string>): Step {
  return {
    name: 'identity',
    condition: ConditionType.IdentityReady,
    async reconcile(ctx) {
      const gateway = ctx.credentials.gateway;
      if (!gateway) {
        throw new StepError('CredentialsMissing', 'the secrets step gave no gateway client secret');
      }
      const plan = planIdentity(ctx.tenant, ctx.edition, gateway.current.value, smtp);
      const changes = await guarded(keycloak, () => ensureIdentity(keycloak, plan));
      if (changes.length > 0 && ctx.tenant.status?.identity) {
        // Made before and changed now: someone edited Keycloak, or the spec changed.
        await ctx.record({
          type: 'Normal',
          reason: 'IdentityCorrected',
          action: 'Reconcile',
          note: `Keycloak brought back to the tenant's plan: ${changes.join('; ')}`,
        });
      }
      if (changes.length > 0) ctx.log.info({ changes }, 'identity reconciled');
      const issuerURL = keycloak.issuer(plan.realm);
      ctx.report.identity = {
        mode: plan.mode,
        realm: plan.realm,
        ...(plan.organization ? { organization: plan.organization.alias } : {}),
        issuerURL,
      };
      return {
        done: true,
        reason: 'Provisioned',
        message:
          plan.mode === 'realm'
            ? `realm ${plan.realm} issues tokens as ${issuerURL}`
            : `organization ${plan.organization?.alias} in the shared realm ${plan.realm} (${issuerURL})`,
      };
    },
    async finalize(ctx) {
      const recorded = ctx.tenant.status?.identity;
      if (!recorded) return { done: true, reason: 'Deleting', message: 'no identity was made' };
      const made = identityLocation(ctx.tenant.metadata.name, recorded);
      const keep = ctx.tenant.spec.deletionPolicy === 'Retain';
      await guarded(keycloak, () => removeIdentity(keycloak, made, keep));
      const what =
        made.mode === 'realm' ? `realm ${made.realm}` : `organization ${made.organization}`;
      return {
        done: true,
        reason: 'Deleting',
        message: keep ? `${what} disabled (deletionPolicy Retain)` : `${what} deleted`,
      };
    },
  };
}
