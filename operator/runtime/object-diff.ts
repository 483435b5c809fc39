import { createHash } from 'node:crypto';
import { sameQuantity } from './quantity.ts';

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/**
 * The first field of `desired` whose value `actual` does not have, as a path such as
 * `.spec.replicas`, or undefined when `actual` has them all. Fields the API server added
 * (defaults, status) do not matter; quantities compare by amount, as the server rewrites their
 * spelling ("1024Mi" becomes "1Gi"); an empty list or map, 0, false and '' equal a missing
 * field, as the server leaves those out.
 */
export function firstDifference(desired: unknown, actual: unknown, path = ''): string | undefined {
  if (isEmpty(desired)) return isEmpty(actual) ? undefined : path;
  if (actual === undefined) {
    return desired === 0 || desired === false || desired === '' ? undefined : path;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return path;
    for (const [i, item] of desired.entries()) {
      const difference = firstDifference(item, actual[i], `${path}[${i}]`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (typeof desired === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return path;
    const record = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(desired as Record<string, unknown>)) {
      const difference = firstDifference(value, record[key], `${path}.${key}`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (desired === actual) return undefined;
  if (typeof desired === 'string' && typeof actual === 'string') {
    return sameQuantity(desired, actual) ? undefined : path;
  }
  // The API server may store an integer-or-string given as "1" as 1.
  return String(desired) === String(actual) ? undefined : path;
}

/** Whether `actual` has every field of `desired` (see firstDifference). */
export const isSubset = (desired: unknown, actual: unknown) =>
  firstDifference(desired, actual) === undefined;

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
