import { createHash } from 'node:crypto';

/** PostgreSQL truncates identifiers to 63 bytes; ours never reach it. */
const maxLength = 63;

/**
 * A safe PostgreSQL identifier for a tenant, made deterministically from its name: lower-case
 * letters, digits and `_` only, with a prefix. A name that is not already in that form (or too
 * long) gets a short hash of the original, so two different names never map to one
 * identifier. Kubernetes names (DNS labels) map to `<prefix>_<name with - as _>`.
 */
export function safeIdentifier(prefix: string, name: string): string {
  const plain = name.replaceAll('-', '_');
  if (
    /^[a-z0-9_]+$/.test(plain) &&
    prefix.length + 1 + plain.length <= maxLength &&
    !name.includes('_')
  ) {
    return `${prefix}_${plain}`;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxLength - prefix.length - hash.length - 2);
  return `${prefix}_${cleaned ? `${cleaned}_` : ''}${hash}`;
}

/** The tenant's login role: the same in every home, so its rows (tenant_id) follow it. */
export const tenantRole = (tenant: string) => safeIdentifier('tenant', tenant);

/**
 * The login role of one version of the tenant's database credential: `<role>_v<id>`, made
 * unique with a hash of the role when that would pass PostgreSQL's limit.
 */
export function loginRole(role: string, id: number): string {
  const suffix = `_v${id}`;
  if (role.length + suffix.length <= maxLength) return `${role}${suffix}`;
  const hash = createHash('sha256').update(role).digest('hex').slice(0, 8);
  return `${role.slice(0, maxLength - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}
