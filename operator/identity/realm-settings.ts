import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import { durationMs, type EditionSpec } from '../api/v1alpha1/index.ts';

const seconds = (duration: string) => Math.round(durationMs(duration) / 1000);

/**
 * The realm settings an edition asks for: sign-in security (brute-force protection, the
 * password policy), session lifetimes and outgoing e-mail. Only these fields are compared
 * and corrected; anything else in the realm is Keycloak's or its admins'.
 */
export function realmSettings(
  identity: EditionSpec['identity'],
  displayName: string,
  smtp?: Record<string, string>,
): RealmRepresentation {
  return {
    displayName,
    enabled: true,
    bruteForceProtected: true,
    failureFactor: 5,
    permanentLockout: false,
    passwordPolicy: identity.passwordPolicy,
    ssoSessionIdleTimeout: seconds(identity.sessionIdleTimeout),
    ssoSessionMaxLifespan: seconds(identity.sessionMaxLifespan),
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    registrationAllowed: false,
    resetPasswordAllowed: true,
    ...(smtp ? { smtpServer: smtp } : {}),
  };
}

/** Whether `actual` holds every field of `wanted` (arrays as sets of values, objects by field). */
export function holds(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || actual.length !== wanted.length) return false;
    const rest = [...actual];
    return wanted.every((w) => {
      const at = rest.findIndex((a) => holds(a, w));
      return at >= 0 && rest.splice(at, 1).length === 1;
    });
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([key, value]) =>
      holds((actual as Record<string, unknown>)[key], value),
    );
  }
  return actual === wanted;
}

/** The fields of `wanted` that `actual` does not hold, for the drift message. */
export const drifted = (actual: object, wanted: object) =>
  Object.keys(wanted).filter(
    (key) =>
      !holds((actual as Record<string, unknown>)[key], (wanted as Record<string, unknown>)[key]),
  );
