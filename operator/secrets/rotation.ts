/** One version of a generated credential. */
export interface CredentialVersion {
  /** 1, 2, 3, ...: names what the consumer makes of it (a login role, a client secret). */
  id: number;
  value: string;
  createdAt: string;
}

/**
 * A generated credential as kept in Vault: the current version, and during a rotation's
 * overlap the version before it, still valid until `expiresAt`.
 */
export interface RotatedCredential {
  current: CredentialVersion;
  previous?: CredentialVersion & { expiresAt: string };
}

export interface RotationPolicy {
  intervalMs: number;
  overlapMs: number;
}

export interface RotationOutcome {
  credential: RotatedCredential;
  /** What happened now, if anything: written back to Vault when not `kept`. */
  change: 'created' | 'rotated' | 'expired' | 'kept';
  /** When to look again: the next rotation or the end of the overlap. */
  nextCheckMs: number;
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * The next state of a credential at `now`. A new version replaces the current one after the
 * rotation interval; the replaced one stays valid for the overlap and is then dropped, so
 * workloads that still hold it are never cut off. A rotation that falls due during an overlap
 * waits for it to end: at most two versions are ever valid.
 */
export function rotate(
  stored: RotatedCredential | undefined,
  policy: RotationPolicy,
  now: Date,
  generate: () => string,
): RotationOutcome {
  const at = now.getTime();
  const fresh = (id: number): CredentialVersion => ({
    id,
    value: generate(),
    createdAt: now.toISOString(),
  });
  let credential: RotatedCredential;
  let change: RotationOutcome['change'] = 'kept';
  if (!stored) {
    credential = { current: fresh(1) };
    change = 'created';
  } else if (stored.previous && ms(stored.previous.expiresAt) <= at) {
    credential = { current: stored.current };
    change = 'expired';
  } else if (!stored.previous && at - ms(stored.current.createdAt) >= policy.intervalMs) {
    credential = {
      current: fresh(stored.current.id + 1),
      previous: { ...stored.current, expiresAt: new Date(at + policy.overlapMs).toISOString() },
    };
    change = 'rotated';
  } else {
    credential = stored;
  }
  const dueAt = credential.previous
    ? ms(credential.previous.expiresAt)
    : ms(credential.current.createdAt) + policy.intervalMs;
  return { credential, change, nextCheckMs: Math.max(0, dueAt - at) };
}

/** Every version valid now, newest first. */
export const validVersions = (credential: RotatedCredential): CredentialVersion[] =>
  credential.previous ? [credential.current, credential.previous] : [credential.current];
