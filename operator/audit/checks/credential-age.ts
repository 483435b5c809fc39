import { durationMs } from '../../api/v1alpha1/index.ts';
import type { RotatedCredential } from '../../secrets/rotation.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, mapLimit, noEdition, notEvaluated, settle } from './check.ts';

/** The database credential's versions without their values: what the evidence may hold. */
export interface CredentialDates {
  currentId: number;
  currentCreatedAt: string;
  previousExpiresAt?: string;
}

export const datesOf = (credential: RotatedCredential): CredentialDates => ({
  currentId: credential.current.id,
  currentCreatedAt: credential.current.createdAt,
  ...(credential.previous ? { previousExpiresAt: credential.previous.expiresAt } : {}),
});

/**
 * Pass when the current database credential is younger than the edition's rotation interval
 * plus its overlap (a rotation may wait for the previous overlap to end).
 */
export function judgeCredentialAge(
  dates: CredentialDates | undefined,
  rotation: { rotationInterval: string; overlap: string },
  now: Date,
  source: string,
): Outcome {
  if (!dates) return outcome('fail', 'no database credential in Vault', source);
  const ageMs = now.getTime() - new Date(dates.currentCreatedAt).getTime();
  const limitMs = durationMs(rotation.rotationInterval) + durationMs(rotation.overlap);
  const evidence = {
    ...dates,
    ageHours: Math.round((ageMs / 3_600_000) * 100) / 100,
    rotationInterval: rotation.rotationInterval,
    overlap: rotation.overlap,
  };
  if (Number.isNaN(ageMs)) {
    return outcome('fail', `createdAt '${dates.currentCreatedAt}' is not a time`, source, evidence);
  }
  return ageMs <= limitMs
    ? outcome(
        'pass',
        `database credential ${dates.currentId} is ${evidence.ageHours} h old, within the ${rotation.rotationInterval} rotation interval`,
        source,
        evidence,
      )
    : outcome(
        'fail',
        `database credential ${dates.currentId} is ${evidence.ageHours} h old, past the ${rotation.rotationInterval} rotation interval (+${rotation.overlap} overlap): check the operator's SecretsReady condition`,
        source,
        evidence,
      );
}

/** Reads each tenant's `<mount>/<tenant>/database` and keeps only its dates. */
export const credentialAge: Check = {
  id: 'credential-age',
  controls: ['A.5.17'],
  async collect(sources, targets) {
    const { vault } = sources;
    const found = new Map<string, CredentialDates | undefined | Error>();
    if (vault) {
      await mapLimit(targets, sources.concurrency, async ({ tenant }) => {
        const name = tenant.metadata.name;
        const read = await settle(() => vault.readSecret<RotatedCredential>(`${name}/database`));
        found.set(name, read instanceof Error || read === undefined ? read : datesOf(read));
      });
    }
    return (target) => {
      const name = target.tenant.metadata.name;
      const source = `vault ${vault?.settings.mount ?? 'tenants'}/${name}/database (current.createdAt)`;
      if (!target.edition) return noEdition(target, source);
      if (!vault) return notEvaluated('Vault not configured', source);
      const dates = found.get(name);
      if (dates instanceof Error)
        return notEvaluated('the credential could not be read', source, dates);
      return judgeCredentialAge(dates, target.edition.spec.secrets, sources.now(), source);
    };
  },
};
