import type { Edition, Tenant } from '../api/v1alpha1/index.ts';

const domainsOf = (object: object) =>
  ((object as Tenant).spec?.domains ?? []).map((domain) => domain.toLowerCase());

/**
 * The other Tenants an admission rule can need about `object`: for a Tenant, those claiming
 * one of its domains; for an Edition, the tenants on it. Handing the wasm only these, not the
 * whole fleet, keeps an evaluation at a fraction of a millisecond with thousands of tenants
 * (bench/policy). A rule that needs more must widen this, with a test.
 */
export function relevantTenants(kind: string, object: object, tenants: object[]): object[] {
  const name = (object as { metadata?: { name?: string } }).metadata?.name;
  const others = tenants.filter((t) => (t as Tenant).metadata?.name !== name || kind !== 'Tenant');
  if (kind === 'Edition') return others.filter((t) => (t as Tenant).spec?.edition === name);
  const claimed = new Set(domainsOf(object));
  return others.filter((t) => domainsOf(t).some((domain) => claimed.has(domain)));
}

/** The Editions a rule can need about `object`: all but itself (there are few). */
export const otherEditions = (kind: string, object: object, editions: object[]): object[] =>
  kind === 'Edition'
    ? editions.filter((e) => (e as Edition).metadata?.name !== (object as Edition).metadata?.name)
    : editions;
