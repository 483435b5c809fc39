import { editionRealm, tenantRealm } from '../../identity/plan.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, mapLimit, noEdition, notEvaluated, settle, type Target } from './check.ts';

/** The CONFIGURE_TOTP required action of a realm, as Keycloak reports it. */
export interface TotpAction {
  enabled: boolean;
  defaultAction: boolean;
}

/** The realm a tenant signs in through: its status first, else where the operator makes it. */
export function realmOf({ tenant, edition }: Target): string {
  const recorded = tenant.status?.identity?.realm;
  if (recorded) return recorded;
  return edition?.spec.identity.mode === 'organization'
    ? editionRealm(edition.metadata.name)
    : tenantRealm(tenant.metadata.name);
}

/**
 * Pass when the realm's one-time-password setup matches the edition: with `mfa: required`,
 * CONFIGURE_TOTP must be an enabled default action (every user must set up OTP); with
 * `mfa: optional` nothing is demanded, and the check passes with the realm's setting as
 * evidence.
 */
export function judgeRealmMfa(
  realm: string,
  required: boolean,
  totp: TotpAction | undefined,
  source: string,
): Outcome {
  const evidence = {
    realm,
    editionMfa: required ? 'required' : 'optional',
    configureTotp: totp ?? 'absent',
  };
  const enforced = Boolean(totp?.enabled && totp.defaultAction);
  if (!required) {
    return outcome(
      'pass',
      `MFA optional by the edition; OTP ${enforced ? 'required' : 'not required'} in realm ${realm}`,
      source,
      evidence,
    );
  }
  return enforced
    ? outcome('pass', `OTP set-up required of every user of realm ${realm}`, source, evidence)
    : outcome(
        'fail',
        `the edition requires MFA but realm ${realm} does not make CONFIGURE_TOTP an enabled default action: set it in Keycloak (the operator does on its next reconcile)`,
        source,
        evidence,
      );
}

/** Reads each realm once: organization-mode tenants share their edition's realm. */
export const realmMfa: Check = {
  id: 'realm-mfa',
  controls: ['A.8.5'],
  async collect(sources, targets) {
    const { keycloak } = sources;
    const realms = [...new Set(targets.map(realmOf))];
    const found = new Map<string, TotpAction | undefined | Error>();
    if (keycloak) {
      await mapLimit(realms, sources.concurrency, async (realm) => {
        const action = await settle(async () => {
          const kc = await keycloak.admin();
          return (await kc.authenticationManagement.getRequiredActionForAlias({
            realm,
            alias: 'CONFIGURE_TOTP',
          })) as TotpAction | null | undefined;
        });
        found.set(
          realm,
          action instanceof Error || !action
            ? (action ?? undefined)
            : { enabled: Boolean(action.enabled), defaultAction: Boolean(action.defaultAction) },
        );
      });
    }
    return (target) => {
      const realm = realmOf(target);
      const source = `keycloak realm ${realm} (required action CONFIGURE_TOTP)`;
      if (!target.edition) return noEdition(target, source);
      if (!keycloak) return notEvaluated('Keycloak not configured', source);
      const totp = found.get(realm);
      if (totp instanceof Error)
        return notEvaluated(`realm ${realm} could not be read`, source, totp);
      return judgeRealmMfa(realm, target.edition.spec.identity.mfa === 'required', totp, source);
    };
  },
};
