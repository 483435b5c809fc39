import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation.js';
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import type RoleRepresentation from '@keycloak/keycloak-admin-client/lib/defs/roleRepresentation.js';
import { isConflict, type Keycloak } from './keycloak.ts';
import { type IdentityLocation, type IdentityPlan, tenantRoles } from './plan.ts';
import { drifted } from './realm-settings.ts';

/** What a pass changed: created or corrected objects, for the Event and the log. */
export type Changes = string[];

/** Creates, tolerating that a previous, interrupted pass already did. */
async function createOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}

/** Creates and returns the new object's id; if it exists already (409), finds it instead. */
async function createForId(
  what: string,
  create: () => Promise<{ id?: string }>,
  find: () => Promise<{ id?: string } | undefined>,
): Promise<string> {
  try {
    const { id } = await create();
    if (id) return id;
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const found = await find();
  if (!found?.id) throw new Error(`${what} was created but cannot be found`);
  return found.id;
}

/**
 * A new realm in one request: a tenant's own realm comes with its clients, roles and first
 * admin, which Keycloak makes in one transaction, several times faster than object by object.
 * The pass that follows finds them all in place.
 */
function newRealm(plan: IdentityPlan): RealmRepresentation {
  if (plan.mode !== 'realm') return { realm: plan.realm, ...plan.settings };
  return {
    realm: plan.realm,
    ...plan.settings,
    clients: [plan.clients.gateway, plan.clients.web],
    roles: { realm: tenantRoles.map((name) => ({ name, description: `Inopsio ${name}` })) },
    users: [
      {
        username: plan.admin.email,
        email: plan.admin.email,
        enabled: true,
        requiredActions: plan.admin.requiredActions,
        realmRoles: ['tenant-admin'],
      },
    ],
  };
}

/** The realm and its settings; true when it was made now (complete, for a tenant realm). */
async function ensureRealm(
  keycloak: Keycloak,
  kc: KeycloakAdminClient,
  plan: IdentityPlan,
  changes: Changes,
): Promise<boolean> {
  const realm = plan.realm;
  const found = await kc.realms.findOne({ realm });
  let created = false;
  if (!found) {
    await keycloak.exclusively(() => createOnce(() => kc.realms.create(newRealm(plan))));
    changes.push(`realm ${realm}`);
    created = true;
  } else {
    const fields = drifted(found, plan.settings);
    if (fields.length > 0) {
      await kc.realms.update({ realm }, plan.settings);
      changes.push(`realm ${realm} (${fields.join(', ')})`);
    }
  }
  // MFA: every user must set up a one-time password as a default required action.
  const totp = (await kc.authenticationManagement.getRequiredActionForAlias({
    realm,
    alias: 'CONFIGURE_TOTP',
  })) as { alias: string; enabled?: boolean; defaultAction?: boolean } | undefined;
  if (totp && (totp.defaultAction ?? false) !== plan.mfa) {
    await kc.authenticationManagement.updateRequiredAction(
      { realm, alias: 'CONFIGURE_TOTP' },
      { ...totp, enabled: true, defaultAction: plan.mfa },
    );
    changes.push(`OTP ${plan.mfa ? 'required' : 'optional'}`);
  }
  return created;
}

async function ensureClient(
  kc: KeycloakAdminClient,
  realm: string,
  wanted: ClientRepresentation,
  changes: Changes,
): Promise<string> {
  const clientId = wanted.clientId as string;
  const find = async () => (await kc.clients.find({ realm, clientId }))[0];
  const found = await find();
  if (!found?.id) {
    changes.push(`client ${clientId}`);
    return createForId(
      `client ${clientId} of realm ${realm}`,
      () => kc.clients.create({ realm, ...wanted }),
      find,
    );
  }
  const fields = drifted(found, wanted);
  if (fields.length > 0) {
    await kc.clients.update({ realm, id: found.id }, { ...found, ...wanted });
    changes.push(`client ${clientId} (${fields.join(', ')})`);
  }
  return found.id;
}

/** The tenant's roles, where the plan puts them; returns them for role mappings. */
async function ensureRoles(
  kc: KeycloakAdminClient,
  plan: IdentityPlan,
  gatewayId: string,
  changes: Changes,
): Promise<RoleRepresentation[]> {
  const realm = plan.realm;
  const list = () =>
    plan.rolesOn === 'realm'
      ? kc.roles.find({ realm })
      : kc.clients.listRoles({ realm, id: gatewayId });
  const existing = await list();
  const missing = tenantRoles.filter((name) => !existing.some((role) => role.name === name));
  for (const name of missing) {
    const description = `Inopsio ${name}`;
    await createOnce(() =>
      plan.rolesOn === 'realm'
        ? kc.roles.create({ realm, name, description })
        : kc.clients.createRole({ realm, id: gatewayId, name, description }),
    );
    changes.push(`role ${name}`);
  }
  const roles = missing.length > 0 ? await list() : existing;
  return roles.filter((role) => (tenantRoles as readonly string[]).includes(role.name ?? ''));
}

async function ensureOrganization(kc: KeycloakAdminClient, plan: IdentityPlan, changes: Changes) {
  const organization = plan.organization;
  if (!organization) return undefined;
  const realm = plan.realm;
  const wanted = {
    name: organization.name,
    alias: organization.alias,
    description: organization.description,
    enabled: true,
    domains: organization.domains.map((name) => ({ name, verified: true })),
  };
  const find = async () =>
    (await kc.organizations.find({ realm, search: organization.name, exact: true })).find(
      (o) => o.alias === organization.alias,
    );
  const found = await find();
  if (!found?.id) {
    changes.push(`organization ${organization.alias}`);
    return createForId(
      `organization ${organization.alias}`,
      () => kc.organizations.create({ realm, ...wanted }),
      find,
    );
  }
  const fields = drifted(found, wanted);
  if (fields.length > 0) {
    await kc.organizations.updateById({ realm, id: found.id }, { ...found, ...wanted });
    changes.push(`organization ${organization.alias} (${fields.join(', ')})`);
  }
  return found.id;
}

/** The first admin: created once with required actions (set a password, verify the e-mail). */
async function ensureAdmin(
  kc: KeycloakAdminClient,
  plan: IdentityPlan,
  gatewayId: string,
  roles: RoleRepresentation[],
  organizationId: string | undefined,
  changes: Changes,
) {
  const realm = plan.realm;
  const { email, requiredActions } = plan.admin;
  const find = async () => (await kc.users.find({ realm, email, exact: true }))[0];
  const user = await find();
  let id = user?.id;
  if (!id) {
    changes.push(`admin user ${email}`);
    id = await createForId(
      `user ${email} of realm ${realm}`,
      () => kc.users.create({ realm, username: email, email, enabled: true, requiredActions }),
      find,
    );
  }
  const admin = roles.filter((role) => role.name === 'tenant-admin');
  const mapped =
    plan.rolesOn === 'realm'
      ? await kc.users.listRealmRoleMappings({ realm, id })
      : await kc.users.listClientRoleMappings({ realm, id, clientUniqueId: gatewayId });
  if (!mapped.some((role) => role.name === 'tenant-admin')) {
    const mapping = admin.map((role) => ({ id: role.id as string, name: role.name as string }));
    await (plan.rolesOn === 'realm'
      ? kc.users.addRealmRoleMappings({ realm, id, roles: mapping })
      : kc.users.addClientRoleMappings({ realm, id, clientUniqueId: gatewayId, roles: mapping }));
    changes.push(`${email} as tenant-admin`);
  }
  if (organizationId) {
    const members = await kc.organizations.listMembers({
      realm,
      orgId: organizationId,
      search: email,
    });
    if (!members.some((member) => member.id === id)) {
      await createOnce(() =>
        kc.organizations.addMember({ realm, orgId: organizationId, userId: id }),
      );
      changes.push(`${email} as a member of organization ${plan.organization?.alias}`);
    }
  }
}

/**
 * Makes Keycloak hold the plan: the realm and its settings, the organization (in a shared
 * realm), the gateway and web clients, the roles and the first admin. Each object is looked
 * up before it is made and compared before it is changed, so a pass after an interrupted one
 * completes it, a pass with nothing to do changes nothing, and hand edits are put back.
 */
export async function ensureIdentity(keycloak: Keycloak, plan: IdentityPlan): Promise<Changes> {
  const kc = await keycloak.admin();
  const changes: Changes = [];
  const created = await ensureRealm(keycloak, kc, plan, changes);
  // A tenant's realm is made complete in one request: nothing in it to look at yet.
  if (created && plan.mode === 'realm') return changes;
  const organizationId = await ensureOrganization(kc, plan, changes);
  const gatewayId = await ensureClient(kc, plan.realm, plan.clients.gateway, changes);
  await ensureClient(kc, plan.realm, plan.clients.web, changes);
  const roles = await ensureRoles(kc, plan, gatewayId, changes);
  await ensureAdmin(kc, plan, gatewayId, roles, organizationId, changes);
  return changes;
}

/**
 * Takes the tenant's identity away. `keep` (deletionPolicy Retain) disables it so nobody can
 * sign in and its users stay; otherwise the realm, or the organization and the tenant's
 * clients in the shared realm, are deleted. Idempotent.
 */
export async function removeIdentity(
  keycloak: Keycloak,
  made: IdentityLocation,
  keep: boolean,
): Promise<void> {
  const kc = await keycloak.admin();
  const realm = made.realm;
  if (!(await kc.realms.findOne({ realm }))) return;
  if (made.mode === 'realm') {
    await (keep
      ? kc.realms.update({ realm }, { enabled: false })
      : keycloak.exclusively(() => kc.realms.del({ realm })));
    return;
  }
  const alias = made.organization;
  const organization = (await kc.organizations.find({ realm, search: alias, exact: true })).find(
    (o) => o.alias === alias,
  );
  if (organization?.id) {
    await (keep
      ? kc.organizations.updateById(
          { realm, id: organization.id },
          { ...organization, enabled: false },
        )
      : kc.organizations.delById({ realm, id: organization.id }));
  }
  for (const clientId of made.clientIds) {
    const [found] = await kc.clients.find({ realm, clientId });
    if (!found?.id) continue;
    await (keep
      ? kc.clients.update({ realm, id: found.id }, { ...found, enabled: false })
      : kc.clients.del({ realm, id: found.id }));
  }
}
