import type { Home } from './homes.ts';
import { ident, literal, type PostgresAdmin } from './postgres.ts';

export async function roleExists(admin: PostgresAdmin, role: string): Promise<boolean> {
  const { rowCount } = await admin.query('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [
    role,
  ]);
  return Boolean(rowCount);
}

export async function databaseExists(admin: PostgresAdmin, database: string): Promise<boolean> {
  const { rowCount } = await admin.query(
    'postgres',
    'SELECT 1 FROM pg_database WHERE datname = $1',
    [database],
  );
  return Boolean(rowCount);
}

export async function schemaExists(admin: PostgresAdmin, home: Home): Promise<boolean> {
  if (!(await databaseExists(admin, home.database))) return false;
  const { rowCount } = await admin.query(
    home.database,
    'SELECT 1 FROM pg_namespace WHERE nspname = $1',
    [home.schema],
  );
  return Boolean(rowCount);
}

/**
 * The tenant's login role. It can log in and nothing more: no superuser, no role or database
 * creation, no inheritance, no bypassing row-level security. Its password is (re)set only when
 * asked, since a SCRAM verifier cannot be compared with a password.
 */
export async function ensureRole(
  admin: PostgresAdmin,
  role: string,
  password: string,
  setPassword: boolean,
): Promise<void> {
  const attributes =
    'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 50';
  const verb = !(await roleExists(admin, role)) ? 'CREATE' : setPassword ? 'ALTER' : undefined;
  if (verb)
    await admin.query(
      'postgres',
      `${verb} ROLE ${ident(role)} ${attributes} PASSWORD ${literal(password)}`,
    );
}

/** The role may connect to the home's database and read and write the tables of its schema. */
export async function grantAccess(admin: PostgresAdmin, home: Home, role: string): Promise<void> {
  const [database, schema, who] = [ident(home.database), ident(home.schema), ident(role)];
  await admin.query('postgres', `GRANT CONNECT ON DATABASE ${database} TO ${who}`);
  await admin.query(home.database, `GRANT USAGE ON SCHEMA ${schema} TO ${who}`);
  await admin.query(
    home.database,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${who}`,
  );
  // Tools that connect as the tenant (psql, the services) land in the tenant's schema.
  await admin.query(
    'postgres',
    `ALTER ROLE ${who} IN DATABASE ${database} SET search_path TO ${schema}`,
  );
}

/**
 * Takes back what grantAccess gave, for a home the tenant has left or lost; the database
 * stays open to it when its new home (`now`) is in the same database. Idempotent.
 */
export async function revokeAccess(
  admin: PostgresAdmin,
  home: Home,
  role: string,
  now?: Home,
): Promise<void> {
  const [database, schema, who] = [ident(home.database), ident(home.schema), ident(role)];
  if (!(await roleExists(admin, role))) return;
  if (await schemaExists(admin, home)) {
    await admin.query(home.database, `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${who}`);
    await admin.query(home.database, `REVOKE ALL ON SCHEMA ${schema} FROM ${who}`);
  }
  if (now?.database === home.database || !(await databaseExists(admin, home.database))) return;
  await admin.query('postgres', `REVOKE ALL ON DATABASE ${database} FROM ${who}`);
  await admin.query('postgres', `ALTER ROLE ${who} IN DATABASE ${database} RESET ALL`);
}

/** The role can no longer log in (its data stays); its open sessions end. */
export async function disableLogin(admin: PostgresAdmin, role: string): Promise<void> {
  if (!(await roleExists(admin, role))) return;
  await admin.query('postgres', `ALTER ROLE ${ident(role)} NOLOGIN`);
  await admin.query(
    'postgres',
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
    [role],
  );
}

/** Drops the role and whatever privileges it still holds. Idempotent. */
export async function dropRole(admin: PostgresAdmin, home: Home, role: string): Promise<void> {
  if (!(await roleExists(admin, role))) return;
  await disableLogin(admin, role);
  // Privileges in the home's database and on shared objects (databases) go with DROP OWNED.
  if (await databaseExists(admin, home.database)) {
    await admin.query(home.database, `DROP OWNED BY ${ident(role)}`);
  }
  await admin.query('postgres', `DROP OWNED BY ${ident(role)}`);
  await admin.query('postgres', `DROP ROLE ${ident(role)}`);
}
