import { createHash } from 'node:crypto';
import { sameQuantity } from './quantity.ts';

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/**
 * Whether every field of `desired` has the same value in `actual`. Fields the API server
 * added (defaults, status) do not matter; quantities compare by amount, as the server
 * rewrites their spelling ("1024Mi" becomes "1Gi"); an empty list or map equals a missing one.
 */
export function isSubset(desired: unknown, actual: unknown): boolean {
  if (isEmpty(desired)) return isEmpty(actual);
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((item, i) => isSubset(item, actual[i]))
    );
  }
  if (typeof desired === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([key, value]) =>
      isSubset(value, record[key]),
    );
  }
  if (desired === actual) return true;
  if (typeof desired === 'string' && typeof actual === 'string')
    return sameQuantity(desired, actual);
  // The API server may store an integer-or-string given as "1" as 1.
  return String(desired) === String(actual);
}

/** JSON with object keys sorted, so equal objects always give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const contentHash = (value: unknown) =>
  createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);
