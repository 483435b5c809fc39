import { tenantNamespace } from '../controller/constants.ts';
import type { KubernetesAuthRole } from './vault.ts';

/** The tenant's folder in the KV mount: `<name>/`. */
export const tenantFolder = (tenant: string) => `${tenant}/`;

/** The Vault policy and Kubernetes-auth role of a tenant share one name. */
export const tenantAccessName = (tenant: string) => `tenant-${tenant}`;

/**
 * Secrets the operator generates in the tenant's folder, and whether they rotate. The
 * gateway's client secret does not yet: Keycloak keeps one secret per client unless its
 * preview feature client-secret-rotation is on, so replacing it would cut the gateway off
 * (ADR 0010).
 */
export const credentials = { database: { rotates: true }, gateway: { rotates: false } } as const;
export type CredentialName = keyof typeof credentials;

/**
 * A policy that can read the tenant's folder and nothing else (KV version 2 keeps data and
 * metadata under separate prefixes). Tenant names are DNS labels: no glob or quote can appear.
 */
export function tenantPolicy(mount: string, tenant: string): string {
  return [
    `# Inopsio tenant ${tenant}: read its own secrets only.`,
    `path "${mount}/data/${tenant}/*" {`,
    '  capabilities = ["read"]',
    '}',
    `path "${mount}/metadata/${tenant}/*" {`,
    '  capabilities = ["read", "list"]',
    '}',
    '',
  ].join('\n');
}

/** Any service account of the tenant's namespace may log in, and gets the tenant's policy. */
export const tenantKubernetesRole = (tenant: string): KubernetesAuthRole => ({
  boundServiceAccountNames: ['*'],
  boundServiceAccountNamespaces: [tenantNamespace(tenant)],
  policies: [tenantAccessName(tenant)],
  ttlSeconds: 3600,
});

export const sameRole = (a: KubernetesAuthRole, b: KubernetesAuthRole) =>
  JSON.stringify(a) === JSON.stringify(b);
