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
 * The tenant's role, which owns its identity in the data (tenant_id defaults to current_user)
 * and holds its grants. No superuser, no role or database creation, no inheritance, no
 * bypassing row-level security. Given a password it can log in itself (tools and tests);
 * without one it cannot, and the tenant logs in through rotating login roles (ensureLogins).
 * A password is (re)set only when asked, since a SCRAM verifier cannot be compared with one.
 */
export async function ensureRole(
  admin: PostgresAdmin,
  role: string,
  login?: { password: string; set: boolean },
): Promise<void> {
  const attributes = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS';
  const exists = await roleExists(admin, role);
  if (login) {
    const verb = !exists ? 'CREATE' : login.set ? 'ALTER' : undefined;
    if (verb)
      await admin.query(
        'postgres',
        `${verb} ROLE ${ident(role)} LOGIN ${attributes} CONNECTION LIMIT 50 PASSWORD ${literal(login.password)}`,
      );
  } else if (!exists) {
    await admin.query('postgres', `CREATE ROLE ${ident(role)} NOLOGIN ${attributes}`);
  } else if (await canLogIn(admin, role)) {
    await admin.query('postgres', `ALTER ROLE ${ident(role)} NOLOGIN PASSWORD NULL`);
  }
}

async function canLogIn(admin: PostgresAdmin, role: string): Promise<boolean> {
  const { rows } = await admin.query<{ rolcanlogin: boolean }>(
    'postgres',
    'SELECT rolcanlogin FROM pg_roles WHERE rolname = $1',
    [role],
  );
  return rows[0]?.rolcanlogin ?? false;
}

/** A login of the tenant: a password, valid until a time (or for good). */
export interface Login {
  name: string;
  password: string;
  validUntil?: string;
}

/** The login roles that act as the tenant's role, by name. */
export async function loginsOf(admin: PostgresAdmin, role: string): Promise<string[]> {
  const { rows } = await admin.query<{ rolname: string }>(
    'postgres',
    `SELECT m.rolname FROM pg_auth_members a
       JOIN pg_roles t ON t.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      WHERE t.rolname = $1 ORDER BY 1`,
    [role],
  );
  return rows.map((r) => r.rolname);
}

/**
 * Exactly these logins for the tenant: each can log in with its password until its time, and
 * becomes the tenant's role on login (`SET role`), so its rows, grants and row-level security
 * are the tenant's. Two are valid during a rotation's overlap; any other is dropped and its
 * sessions end. The search_path puts tools in the home's schema.
 */
export async function ensureLogins(
  admin: PostgresAdmin,
  role: string,
  home: Home,
  logins: Login[],
): Promise<void> {
  const existing = new Set(await loginsOf(admin, role));
  for (const login of logins) {
    const who = ident(login.name);
    const until = literal(login.validUntil ?? 'infinity');
    if (existing.has(login.name)) {
      await admin.query('postgres', `ALTER ROLE ${who} VALID UNTIL ${until}`);
    } else {
      await admin.query(
        'postgres',
        `CREATE ROLE ${who} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 50 PASSWORD ${literal(login.password)} VALID UNTIL ${until} IN ROLE ${ident(role)}`,
      );
      await admin.query('postgres', `ALTER ROLE ${who} SET role TO ${ident(role)}`);
    }
    // Connecting is checked before the login becomes the tenant's role: it needs its own grant.
    await grantConnect(admin, home.database, login.name);
    await admin.query(
      'postgres',
      `ALTER ROLE ${who} IN DATABASE ${ident(home.database)} SET search_path TO ${ident(home.schema)}`,
    );
  }
  const wanted = new Set(logins.map((l) => l.name));
  for (const name of existing) if (!wanted.has(name)) await dropLogin(admin, name);
}

async function dropLogin(admin: PostgresAdmin, name: string): Promise<void> {
  await admin.query('postgres', `ALTER ROLE ${ident(name)} NOLOGIN`);
  await admin.query(
    'postgres',
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
    [name],
  );
  // Its CONNECT grants go with DROP OWNED (shared objects); its settings go with the role.
  await admin.query('postgres', `DROP OWNED BY ${ident(name)}`);
  await admin.query('postgres', `DROP ROLE ${ident(name)}`);
}

/**
 * CONNECT on a database. Grants of many tenants' roles update one catalog row; PostgreSQL
 * refuses the loser of two at once ("tuple concurrently updated"), which simply goes again.
 */
async function grantConnect(admin: PostgresAdmin, database: string, role: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(
        'postgres',
        `GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(role)}`,
      );
      return;
    } catch (error) {
      if (attempt >= 5 || !/tuple concurrently updated/.test(String((error as Error).message)))
        throw error;
    }
  }
}

/** The role may connect to the home's database and read and write the tables of its schema. */
export async function grantAccess(admin: PostgresAdmin, home: Home, role: string): Promise<void> {
  const [database, schema, who] = [ident(home.database), ident(home.schema), ident(role)];
  await grantConnect(admin, home.database, role);
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
  for (const name of [role, ...(await loginsOf(admin, role))]) {
    await admin.query('postgres', `REVOKE ALL ON DATABASE ${database} FROM ${ident(name)}`);
    await admin.query('postgres', `ALTER ROLE ${ident(name)} IN DATABASE ${database} RESET ALL`);
  }
}

/** Neither the role nor its logins can log in any more (its data stays); sessions end. */
export async function disableLogin(admin: PostgresAdmin, role: string): Promise<void> {
  if (!(await roleExists(admin, role))) return;
  for (const login of await loginsOf(admin, role)) await dropLogin(admin, login);
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
