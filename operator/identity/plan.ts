import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation.js';
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import type { Edition, Tenant } from '../api/v1alpha1/index.ts';
import { realmSettings } from './realm-settings.ts';

export const tenantRoles = ['tenant-admin', 'member', 'auditor'] as const;

/** A tenant's own realm (mode realm). */
export const tenantRealm = (tenant: string) => `tenant-${tenant}`;
/** The realm an organization-mode edition's tenants share: one per edition, with its settings. */
export const editionRealm = (edition: string) => `edition-${edition}`;

/** Everything a tenant's identity should be, derived from its spec, edition and secrets. */
export interface IdentityPlan {
  mode: 'realm' | 'organization';
  realm: string;
  /** The realm's settings (in organization mode, the shared realm's, from the edition). */
  settings: RealmRepresentation;
  /** Users must set up a one-time password. */
  mfa: boolean;
  /** In organization mode: the organization's alias (the tenant name). */
  organization?: { alias: string; name: string; description: string; domains: string[] };
  clients: { gateway: ClientRepresentation; web: ClientRepresentation };
  /**
   * Where the roles live: realm roles in a tenant realm; roles of the tenant's gateway client
   * in a shared realm, where realm roles would be everyone's.
   */
  rolesOn: 'realm' | 'gateway-client';
  admin: { email: string; requiredActions: string[] };
}

function clients(
  prefix: string,
  displayName: string,
  domains: string[],
  gatewaySecret: string,
): IdentityPlan['clients'] {
  const redirectUris = domains.map((domain) => `https://${domain}/*`).sort();
  const webOrigins = domains.map((domain) => `https://${domain}`).sort();
  const common = {
    enabled: true,
    protocol: 'openid-connect',
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    redirectUris,
    webOrigins,
  };
  return {
    gateway: {
      ...common,
      clientId: `${prefix}gateway`,
      name: `${displayName} API gateway`,
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      secret: gatewaySecret,
      serviceAccountsEnabled: true,
    },
    web: {
      ...common,
      clientId: `${prefix}web`,
      name: `${displayName} web apps`,
      publicClient: true,
      serviceAccountsEnabled: false,
      attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
    },
  };
}

export function planIdentity(
  tenant: Tenant,
  edition: Edition,
  gatewaySecret: string,
  smtp?: Record<string, string>,
): IdentityPlan {
  const { name } = tenant.metadata;
  const { identity } = edition.spec;
  const mfa = identity.mfa === 'required';
  const admin = {
    email: tenant.spec.admin.email.toLowerCase(),
    requiredActions: ['UPDATE_PASSWORD', 'VERIFY_EMAIL', ...(mfa ? ['CONFIGURE_TOTP'] : [])],
  };
  if (identity.mode === 'organization') {
    return {
      mode: 'organization',
      realm: editionRealm(edition.metadata.name),
      settings: {
        ...realmSettings(identity, edition.spec.displayName, smtp),
        organizationsEnabled: true,
      },
      mfa,
      organization: {
        alias: name,
        name,
        description: tenant.spec.displayName,
        domains: [...tenant.spec.domains].sort(),
      },
      clients: clients(`${name}-`, tenant.spec.displayName, tenant.spec.domains, gatewaySecret),
      rolesOn: 'gateway-client',
      admin,
    };
  }
  return {
    mode: 'realm',
    realm: tenantRealm(name),
    settings: realmSettings(identity, tenant.spec.displayName, smtp),
    mfa,
    clients: clients('', tenant.spec.displayName, tenant.spec.domains, gatewaySecret),
    rolesOn: 'realm',
    admin,
  };
}

/** Where a tenant's identity was made, as its status records it: enough to remove it. */
export interface IdentityLocation {
  mode: 'realm' | 'organization';
  realm: string;
  organization?: string;
  /** The tenant's own clients in a shared realm. */
  clientIds: string[];
}

export function identityLocation(
  tenant: string,
  recorded: { realm: string; organization?: string },
): IdentityLocation {
  // Judged by the realm's name, not a mode field: only the tenant's own realm is ever deleted.
  return recorded.realm === tenantRealm(tenant)
    ? { mode: 'realm', realm: recorded.realm, clientIds: [] }
    : {
        mode: 'organization',
        realm: recorded.realm,
        organization: recorded.organization ?? tenant,
        clientIds: [`${tenant}-gateway`, `${tenant}-web`],
      };
}
