import type { CustomObjectsApi } from '@kubernetes/client-node';
import type { Edition, Tenant } from '../../api/v1alpha1/index.ts';
import type { PostgresAdmin } from '../../data/postgres.ts';
import type { Keycloak } from '../../identity/keycloak.ts';
import { describeError } from '../../runtime/errors.ts';
import type { Vault } from '../../secrets/vault.ts';
import { type Outcome, outcome } from '../types.ts';

/** A tenant under audit, with its edition when that exists. */
export interface Target {
  tenant: Tenant;
  edition?: Edition;
}

/** Where the live state is read. A source left out makes its checks "not evaluated". */
export interface Sources {
  kubernetes: CustomObjectsApi;
  postgres?: PostgresAdmin;
  vault?: Vault;
  keycloak?: Keycloak;
  /** Requests in flight at once per source. */
  concurrency: number;
  now: () => Date;
}

/**
 * One check: reads what it needs for every target at once (batched, so 1,000 tenants cost
 * few round trips), then judges each target from what it read.
 */
export interface Check {
  id: string;
  controls: string[];
  collect(sources: Sources, targets: Target[]): Promise<(target: Target) => Outcome>;
}

/** Runs `use` over `items`, at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  use: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await use(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads a value, keeping a failure as data so one unreachable object fails only its rows. */
export const settle = <T>(read: () => Promise<T>): Promise<T | Error> =>
  read().catch((error: unknown) => new Error(describeError(error)));

/** The outcome when the source a check reads is not configured or could not be read. */
export const notEvaluated = (summary: string, source: string, error?: Error): Outcome =>
  outcome('not-evaluated', summary, source, error ? { error: error.message } : {});

export const noEdition = (target: Target, source: string): Outcome =>
  notEvaluated(
    `edition ${target.tenant.spec.edition} not found: the check needs the edition's settings`,
    source,
  );
