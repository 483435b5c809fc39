/**
 * Moving a tenant's rows between homes of every isolation model, and snapshots, on the real
 * PostgreSQL: no row is lost, writes are refused only while the copy runs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, endpoints, uniqueId } from '../test/cluster.ts';
import type { Home } from './homes.ts';
import { tenantRole } from './identifiers.ts';
import { deleteTenantData, provisionHome, removeFromHome } from './lifecycle.ts';
import { type Migration, readMigrations } from './migrations.ts';
import { copyTenant, unfreeze } from './moves.ts';
import { PostgresAdmin } from './postgres.ts';
import { restoreSnapshot, takeSnapshot } from './snapshots.ts';
import { type Fingerprint, fingerprint, tablesOf } from './tables.ts';

const admin = new PostgresAdmin(endpoints.postgres.url);
const id = uniqueId();
const tenant = `move-${id}`;
const role = tenantRole(tenant);
const password = `pw-${uniqueId()}`;
const bystander = tenantRole(`move-${id}-other`);
const homes: Record<string, Home> = {
  pooled: { isolation: 'pooled', database: `moves_${id}_shared`, schema: 'pooled' },
  schema: { isolation: 'schema', database: `moves_${id}_shared`, schema: role },
  database: { isolation: 'database', database: `moves_${id}_own`, schema: 'app' },
};
let dir: string;
let migrations: Migration[];

const connect = (home: Home) => connectAs(role, password, home.database);

async function contents(home: Home, who = role): Promise<Record<string, Fingerprint>> {
  const tables = await tablesOf(admin, home);
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await fingerprint(admin, home, t, who)])),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inopsio-moves-'));
  const folder = join(dir, 'shop', 'prisma', 'migrations', '0001_shop');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'migration.sql'),
    `CREATE TABLE shop_order (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL DEFAULT current_user,
       number int NOT NULL, placed_at timestamptz NOT NULL DEFAULT now(), UNIQUE (tenant_id, id));
     SELECT inopsio_protect('shop_order');
     CREATE TABLE shop_line (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL DEFAULT current_user,
       order_id uuid NOT NULL, item text NOT NULL, price numeric(14,2) NOT NULL,
       FOREIGN KEY (tenant_id, order_id) REFERENCES shop_order (tenant_id, id) ON DELETE CASCADE);
     SELECT inopsio_protect('shop_line');`,
  );
  migrations = readMigrations(['shop'], dir);
  await provisionHome(admin, homes.pooled as Home, role, { password, set: true }, migrations);
  const client = await connect(homes.pooled as Home);
  await client.query(`INSERT INTO shop_order (number) SELECT n FROM generate_series(1, 300) n`);
  await client.query(
    `INSERT INTO shop_line (order_id, item, price) SELECT id, 'item ' || number, number * 1.5 FROM shop_order`,
  );
  await client.end();
  // Someone else's rows in the shared tables, which must not move or change.
  await admin.query(
    (homes.pooled as Home).database,
    `INSERT INTO pooled.shop_order (tenant_id, number) VALUES ($1, 1)`,
    [bystander],
  );
});
afterAll(async () => {
  await deleteTenantData(admin, homes.database as Home, role).catch(() => undefined);
  await admin.dropDatabase(`moves_${id}_shared`);
  await admin.dropDatabase(`moves_${id}_own`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

describe('moving a tenant between isolation models', () => {
  const steps: [string, string][] = [
    ['pooled', 'schema'],
    ['schema', 'database'],
    ['database', 'pooled'],
  ];

  it.each(steps)(
    'moves every row from %s to %s, verified, and removes the old copy',
    async (from, to) => {
      const [source, target] = [homes[from] as Home, homes[to] as Home];
      const before = await contents(source);
      expect(Object.values(before).reduce((n, t) => n + t.rows, 0)).toBe(600);
      await provisionHome(admin, target, role, { password, set: false }, migrations);
      const move = await copyTenant(admin, role, source, target);
      expect(move.rows).toBe(600);
      expect(await contents(target)).toEqual(before);
      await removeFromHome(admin, source, role, target);
      const left = await contents(source).catch(() => ({}));
      expect(Object.values(left).every((t) => t.rows === 0)).toBe(true);
      // The tenant works in its new home, and the neighbour of the pooled tables is untouched.
      const client = await connect(target);
      await client.query(`SET search_path TO ${pg.escapeIdentifier(target.schema)}`);
      expect((await client.query('SELECT count(*)::int AS n FROM shop_line')).rows[0].n).toBe(300);
      await client.end();
      expect((await fingerprint(admin, homes.pooled as Home, 'shop_order', bystander)).rows).toBe(
        1,
      );
    },
  );

  it('refuses writes, but not reads, while the copy runs, and lets them through again after', async () => {
    const [source, target] = [homes.pooled as Home, homes.schema as Home];
    await provisionHome(admin, target, role, { password, set: false }, migrations);
    const client = await connect(source);
    await client.query('SET search_path TO pooled');
    const move = await copyTenant(admin, role, source, target);
    // copyTenant leaves the source frozen until the caller switched the tenant over.
    expect((await client.query('SELECT count(*)::int AS n FROM shop_order')).rows[0].n).toBe(300);
    await expect(
      client.query('INSERT INTO shop_order (number) VALUES (301)'),
    ).rejects.toMatchObject({ code: '25006' });
    expect(move.frozenAt).toBeGreaterThanOrEqual(move.startedAt);
    await removeFromHome(admin, target, role, source);
    await unfreeze(admin, source, role);
    await client.query('INSERT INTO shop_order (number) VALUES (301)');
    await client.query('DELETE FROM shop_order WHERE number = 301');
    await client.end();
  });

  it('keeps the tenant where it was when the copy cannot be verified', async () => {
    const [source, target] = [homes.pooled as Home, homes.schema as Home];
    await provisionHome(admin, target, role, { password, set: false }, migrations);
    // A trigger that drops one line on the way in (even in replica mode) makes the copy differ.
    await admin.query(
      target.database,
      `CREATE FUNCTION ${target.schema}.lose_one() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.item = 'item 7' THEN RETURN NULL; END IF; RETURN NEW; END $$;
       CREATE TRIGGER lose_one BEFORE INSERT ON ${target.schema}.shop_line FOR EACH ROW EXECUTE FUNCTION ${target.schema}.lose_one();
       ALTER TABLE ${target.schema}.shop_line ENABLE ALWAYS TRIGGER lose_one;`,
    );
    await expect(copyTenant(admin, role, source, target)).rejects.toThrow(
      /table shop_line differs .*300 rows .* against 299/,
    );
    const client = await connect(source);
    await client.query('SET search_path TO pooled');
    await client.query('INSERT INTO shop_order (number) VALUES (302)');
    await client.query('DELETE FROM shop_order WHERE number = 302');
    await client.end();
    expect((await contents(target)).shop_line?.rows).toBe(0);
    await removeFromHome(admin, target, role, source);
  });
});

describe('snapshots', () => {
  it("write just the tenant's rows, and restore them exactly", async () => {
    const home = homes.pooled as Home;
    const before = await contents(home);
    const folder = await takeSnapshot(admin, home, tenant, role, dir);
    await admin.query(home.database, 'DELETE FROM pooled.shop_order WHERE tenant_id = $1', [role]);
    expect((await fingerprint(admin, home, 'shop_line', role)).rows).toBe(0);
    const manifest = await restoreSnapshot(admin, home, folder);
    expect(manifest.tables.map((t) => t.rows)).toEqual([300, 300]);
    expect(await contents(home)).toEqual(before);
    expect((await fingerprint(admin, home, 'shop_order', bystander)).rows).toBe(1);
  });
});
