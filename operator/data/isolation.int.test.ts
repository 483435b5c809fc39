/**
 * Tenant A's credentials against tenant B's data, in all three isolation models, on the real
 * PostgreSQL: every way in that SQL offers a connected tenant is refused or sees nothing.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, endpoints, uniqueId } from '../test/cluster.ts';
import type { Home, Isolation } from './homes.ts';
import { tenantRole } from './identifiers.ts';
import { deleteTenantData, provisionHome } from './lifecycle.ts';
import { readMigrations } from './migrations.ts';
import { PostgresAdmin } from './postgres.ts';

const admin = new PostgresAdmin(endpoints.postgres.url);
const id = uniqueId();
let servicesDir: string;

/** Homes of this test's own, shaped as the operator's are for each model. */
function homes(model: Isolation, a: string, b: string): [Home, Home] {
  const shared = `iso_${id}_${model}`;
  switch (model) {
    case 'pooled':
      return [
        { isolation: model, database: shared, schema: 'pooled' },
        { isolation: model, database: shared, schema: 'pooled' },
      ];
    case 'schema':
      return [
        { isolation: model, database: shared, schema: a },
        { isolation: model, database: shared, schema: b },
      ];
    case 'database':
      return [
        { isolation: model, database: `${shared}_a`, schema: 'app' },
        { isolation: model, database: `${shared}_b`, schema: 'app' },
      ];
  }
}

const sqlError = async (client: pg.Client, sql: string) => {
  try {
    await client.query(sql);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

beforeAll(async () => {
  servicesDir = await mkdtemp(join(tmpdir(), 'inopsio-isolation-'));
  const folder = join(servicesDir, 'notes', 'prisma', 'migrations', '0001_notes');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'migration.sql'),
    `CREATE TABLE notes_note (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL DEFAULT current_user, body text NOT NULL);
     SELECT inopsio_protect('notes_note');`,
  );
});
afterAll(async () => {
  await admin.end();
  await rm(servicesDir, { recursive: true, force: true });
});

describe.each<Isolation>(['pooled', 'schema', 'database'])('%s isolation', (model) => {
  const [nameA, nameB] = [`iso-${id}-${model}-a`, `iso-${id}-${model}-b`];
  const [roleA, roleB] = [tenantRole(nameA), tenantRole(nameB)];
  const [homeA, homeB] = homes(model, roleA, roleB);
  const passwords = { a: `pw-${uniqueId()}`, b: `pw-${uniqueId()}` };
  let a: pg.Client;
  let b: pg.Client;
  const connect = (role: string, password: string, home: Home) =>
    connectAs(role, password, home.database);

  beforeAll(async () => {
    const migrations = readMigrations(['notes'], servicesDir);
    await provisionHome(admin, homeA, roleA, { password: passwords.a, set: true }, migrations);
    await provisionHome(admin, homeB, roleB, { password: passwords.b, set: true }, migrations);
    a = await connect(roleA, passwords.a, homeA);
    b = await connect(roleB, passwords.b, homeB);
    await a.query("INSERT INTO notes_note (body) VALUES ('a secret')");
    await b.query("INSERT INTO notes_note (body) VALUES ('b secret')");
  });
  afterAll(async () => {
    await a.end();
    await b.end();
    await deleteTenantData(admin, homeA, roleA);
    await deleteTenantData(admin, homeB, roleB);
    if (model !== 'database') await admin.dropDatabase(homeA.database);
  });

  it('lets each tenant see its own rows, and only them, in its search path', async () => {
    expect((await a.query('SELECT body, tenant_id FROM notes_note')).rows).toEqual([
      { body: 'a secret', tenant_id: roleA },
    ]);
    expect((await b.query('SELECT body FROM notes_note')).rows).toEqual([{ body: 'b secret' }]);
  });

  it("gives A no way to read B's rows", async () => {
    const qualified = `SELECT body FROM ${pg.escapeIdentifier(homeB.schema)}.notes_note`;
    if (model === 'pooled') {
      expect((await a.query(`${qualified} WHERE tenant_id = '${roleB}'`)).rows).toEqual([]);
    } else if (model === 'schema') {
      expect(await sqlError(a, qualified)).toMatch(/permission denied for schema/);
    } else {
      await expect(connect(roleA, passwords.a, homeB)).rejects.toThrow(
        /permission denied for database/,
      );
    }
  });

  it("gives A no way to write B's rows", async () => {
    if (model === 'pooled') {
      expect(
        (await a.query(`UPDATE notes_note SET body = 'mine' WHERE tenant_id = '${roleB}'`))
          .rowCount,
      ).toBe(0);
      expect((await a.query(`DELETE FROM notes_note WHERE tenant_id = '${roleB}'`)).rowCount).toBe(
        0,
      );
      expect(
        await sqlError(a, `INSERT INTO notes_note (body, tenant_id) VALUES ('forged', '${roleB}')`),
      ).toMatch(/violates row-level security policy/);
      expect((await b.query('SELECT body FROM notes_note')).rows).toEqual([{ body: 'b secret' }]);
    } else if (model === 'schema') {
      expect(await sqlError(a, `DELETE FROM ${homeB.schema}.notes_note`)).toMatch(
        /permission denied for schema/,
      );
    }
  });

  it('refuses SET ROLE and set_config to become B', async () => {
    expect(await sqlError(a, `SET ROLE ${roleB}`)).toMatch(/permission denied to set role/);
    expect(await sqlError(a, `SELECT set_config('role', '${roleB}', false)`)).toMatch(
      /permission denied to set role/,
    );
    expect(await sqlError(a, `SET SESSION AUTHORIZATION ${roleB}`)).toMatch(
      /permission denied to set session authorization/,
    );
  });

  it("finds nothing of B's by moving its search_path", async () => {
    const { search_path: own } = (await a.query('SHOW search_path')).rows[0];
    await a.query(`SET search_path TO ${pg.escapeIdentifier(homeB.schema)}, public`);
    const result = await sqlError(a, 'SELECT body FROM notes_note');
    if (model === 'schema') {
      // PostgreSQL skips schemas the role may not use: B's table is simply not there.
      expect(result).toMatch(/permission denied for schema|does not exist/);
    } else {
      // Pooled homes share the schema and database homes name theirs alike: A finds its own.
      expect((await a.query('SELECT body FROM notes_note')).rows).toEqual([{ body: 'a secret' }]);
    }
    await a.query(`SET search_path TO ${own}`);
  });

  it('cannot make views, functions or temporary tables to get around the rules', async () => {
    expect(await sqlError(a, 'CREATE VIEW everything AS SELECT * FROM notes_note')).toMatch(
      /permission denied for schema/,
    );
    expect(
      await sqlError(
        a,
        "CREATE FUNCTION public.peek() RETURNS setof text LANGUAGE sql AS 'SELECT body FROM notes_note'",
      ),
    ).toMatch(/permission denied for schema/);
    expect(await sqlError(a, 'CREATE TEMP TABLE stash (x int)')).toMatch(
      /permission denied to create temporary tables/,
    );
  });

  it('cannot switch row-level security off', async () => {
    await a.query('SET row_security = off');
    expect(await sqlError(a, 'SELECT * FROM notes_note')).toMatch(
      /would be affected by row-level security policy/,
    );
    await a.query('RESET row_security');
  });
});

describe('tenant names that are not safe identifiers', () => {
  it('become roles and schemas that work and inject nothing', async () => {
    const hostile = `x"; DROP TABLE notes_note; -- ${id}`;
    const role = tenantRole(hostile);
    expect(role).toMatch(/^tenant_[a-z0-9_]+$/);
    const home: Home = { isolation: 'schema', database: `iso_${id}_names`, schema: role };
    const password = `pw-${uniqueId()}`;
    await provisionHome(
      admin,
      home,
      role,
      { password, set: true },
      readMigrations(['notes'], servicesDir),
    );
    const client = await connectAs(role, password, home.database);
    try {
      await client.query("INSERT INTO notes_note (body) VALUES ('still here')");
      expect((await client.query('SELECT body, tenant_id FROM notes_note')).rows).toEqual([
        { body: 'still here', tenant_id: role },
      ]);
    } finally {
      await client.end();
      await deleteTenantData(admin, home, role);
      await admin.dropDatabase(home.database);
    }
  });
});
