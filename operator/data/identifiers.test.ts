import { describe, expect, it } from 'vitest';
import { safeIdentifier, tenantRole } from './identifiers.ts';

describe('safe identifiers', () => {
  it('maps a Kubernetes name plainly', () => {
    expect(tenantRole('acme')).toBe('tenant_acme');
    expect(tenantRole('acme-eu-2')).toBe('tenant_acme_eu_2');
  });

  it('maps any other name to letters, digits and _ with a hash, deterministically', () => {
    const nasty = 'x"; DROP TABLE crm_account; --';
    const id = tenantRole(nasty);
    expect(id).toMatch(/^tenant_[a-z0-9_]+$/);
    expect(id).toBe(tenantRole(nasty));
    expect(tenantRole("o'brien")).toMatch(/^tenant_o_brien_[0-9a-f]{10}$/);
    expect(tenantRole('Ünïcode 名前')).toMatch(/^tenant_[a-z0-9_]+$/);
  });

  it('never maps two names to one identifier', () => {
    // a_b cannot be a Kubernetes name, so it is hashed and differs from a-b.
    expect(tenantRole('a_b')).not.toBe(tenantRole('a-b'));
    expect(tenantRole('A')).not.toBe(tenantRole('a'));
  });

  it("stays within PostgreSQL's 63 bytes", () => {
    expect(tenantRole('a'.repeat(56))).toHaveLength(63);
    expect(tenantRole('a'.repeat(200)).length).toBeLessThanOrEqual(63);
    expect(safeIdentifier('tenant', '')).toMatch(/^tenant_[0-9a-f]{10}$/);
  });
});
