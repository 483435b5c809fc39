import type { Edition, Tenant, TenantStatus } from '../../api/v1alpha1/index.ts';
import type { RecordedEvent } from '../../runtime/events.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { OwnedObjects } from '../../runtime/owned-objects.ts';
import type { RotatedCredential } from '../../secrets/rotation.ts';
import type { CredentialName } from '../../secrets/tenant-access.ts';
import type { ConditionType } from '../conditions.ts';
import type { OperatorConfig } from '../config.ts';
import type { Release } from '../release.ts';

/** What a step sees of the world. */
export interface StepContext {
  tenant: Tenant;
  edition: Edition;
  cluster: OwnedObjects;
  release: Release;
  config: OperatorConfig;
  log: Logger;
  /** Records an Event about the tenant. */
  record: (event: RecordedEvent) => Promise<void>;
  /** Status fields the step reports (namespace, workloads, ...), merged into the Tenant's status. */
  report: Partial<TenantStatus>;
  /** Generated credentials, filled by the secrets step for the steps after it. */
  credentials: Partial<Record<CredentialName, RotatedCredential>>;
}

/** A step failure with a reason of its own for the condition (PostgresUnavailable, ...). */
export class StepError extends Error {
  override name = 'StepError';
  readonly reason: string;

  constructor(reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A service a step needs, and how to tell that it is down rather than refusing. */
export interface Service {
  /** The condition reason when it is down: PostgresUnavailable, VaultUnavailable, ... */
  reason: string;
  /** Which and where, for the message: "Vault at http://...". */
  what: string;
  isUnavailable: (error: unknown) => boolean;
}

/**
 * Runs `run`; the service being down becomes a StepError with the service's own reason, so the
 * condition says what is missing. The work queue retries with backoff.
 */
export async function whileAvailable<T>(service: Service, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!service.isUnavailable(error)) throw error;
    throw new StepError(
      service.reason,
      `${service.what} cannot be reached (${(error as Error).message}); retrying with backoff`,
      { cause: error },
    );
  }
}

export type FinalizeContext = Omit<StepContext, 'edition'> & { edition?: Edition };

export interface StepOutcome {
  /** For reconcile: the step's condition holds. For finalize: the step is cleaned up. */
  done: boolean;
  reason: string;
  message: string;
  /** Look again after this long even if nothing changes (e.g. waiting on a deletion). */
  requeueAfterMs?: number;
}

/**
 * One provisioning concern of a tenant. Steps run in order; a step runs only when the ones
 * before it are done; `finalize` runs in reverse order when the tenant is deleted. Both are
 * idempotent: they compare what is with what should be and change only the difference.
 */
export interface Step {
  name: string;
  condition: ConditionType;
  reconcile(ctx: StepContext): Promise<StepOutcome>;
  /** The edition may be gone by the time its tenant is deleted. */
  finalize(ctx: FinalizeContext): Promise<StepOutcome>;
}

/**
 * A step that cannot run: not built yet, or its service is not configured. Reported plainly
 * in status, never faked.
 */
export interface PendingStep {
  name: string;
  condition: ConditionType;
  reason: 'NotImplemented' | 'NotConfigured';
  message: string;
}

/** Everything a step's rendering depends on, as a key: it changes when any of them does. */
export const renderInputs = ({ tenant, edition, release }: StepContext) =>
  [
    tenant.metadata.uid,
    tenant.metadata.generation,
    edition.metadata.uid,
    edition.metadata.generation,
    release.version,
  ].join('/');
