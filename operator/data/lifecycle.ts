import { databaseExists, dropRole, ensureRole, grantAccess, revokeAccess } from './access.ts';
import type { Home } from './homes.ts';
import { type Migration, migrate } from './migrations.ts';
import { unfreeze } from './moves.ts';
import { ident, type PostgresAdmin } from './postgres.ts';
import { deleteRows } from './tables.ts';

export interface Provisioned {
  /** Migrations applied now (empty when the home was up to date). */
  applied: string[];
}

/**
 * Makes a tenant's home ready and reachable: the tenant's role, the database, the schema with
 * the tenancy rules and every module migration, and the role's grants. Idempotent.
 */
export async function provisionHome(
  admin: PostgresAdmin,
  home: Home,
  role: string,
  /** Lets the tenant's role log in itself; without it, the tenant uses ensureLogins. */
  login: { password: string; set: boolean } | undefined,
  migrations: Migration[],
): Promise<Provisioned> {
  await ensureRole(admin, role, login);
  await admin.ensureDatabase(home.database);
  const applied = await migrate(admin, home, migrations);
  await grantAccess(admin, home, role);
  return { applied };
}

/**
 * Removes a tenant's copy of its data from a home: its rows, schema or database. `now` is the
 * tenant's current home, if it has one, whose access must survive.
 */
export async function removeFromHome(
  admin: PostgresAdmin,
  home: Home,
  role: string,
  now?: Home,
): Promise<void> {
  switch (home.isolation) {
    case 'pooled':
      await revokeAccess(admin, home, role, now);
      await deleteRows(admin, home, role);
      await unfreeze(admin, home, role);
      return;
    case 'schema':
      await revokeAccess(admin, home, role, now);
      await admin.query(home.database, `DROP SCHEMA IF EXISTS ${ident(home.schema)} CASCADE`);
      return;
    case 'database':
      await admin.dropDatabase(home.database);
  }
}

/** Deletes everything of a tenant: its data wherever it lives, then its role. Idempotent. */
export async function deleteTenantData(
  admin: PostgresAdmin,
  home: Home,
  role: string,
): Promise<void> {
  if (await databaseExists(admin, home.database)) await removeFromHome(admin, home, role);
  await dropRole(admin, home, role);
}
