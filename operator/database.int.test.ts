/**
 * The database step through the real operator, API server and PostgreSQL: provisioning by
 * isolation model, live moves between models, deletion policies, a failing migration and
 * PostgreSQL going away and coming back.
 */
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  freePort,
  resolveSettings,
  silentReport,
  up as startPlatform,
  down as stopPlatform,
} from '@inopsio/platform/local';
import { PatchStrategy, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { group, type Tenant, version } from './api/v1alpha1/index.ts';
import { type Home, parseLocation } from './data/homes.ts';
import { tenantRole } from './data/identifiers.ts';
import { servicesDir } from './data/migrations.ts';
import { PostgresAdmin } from './data/postgres.ts';
import { type Fingerprint, fingerprint, tablesOf } from './data/tables.ts';
import {
  condition,
  core,
  createEdition,
  createTenant,
  custom,
  deleteEdition,
  deleteTenant,
  editionSpec,
  endpoints,
  getTenant,
  objects,
  patchSpec,
  readyTenant,
  tenantGone,
  tenantSpec,
  testRun,
  uniqueId,
} from './test/cluster.ts';
import { type OperatorProcess, prepareOperator, startOperator } from './test/operator-process.ts';

const id = uniqueId();
const run = testRun(`database-${id}`);
const admin = new PostgresAdmin(endpoints.postgres.url);
const wait = { timeout: 60_000, interval: 250 };
const plan = `db-${id}-plan`;
const restoreCommand = fileURLToPath(new URL('data/cli.ts', import.meta.url));
const fillModules = fileURLToPath(new URL('test/fill-modules.sql', import.meta.url));

const homeOf = (tenant: Tenant): Home =>
  parseLocation(
    tenant.status?.database?.isolation ?? 'schema',
    tenant.status?.database?.location ?? '',
  );

async function secretOf(name: string): Promise<Record<string, string>> {
  const secret = (await core.readNamespacedSecret({
    name: 'tenant-database',
    namespace: `tenant-${name}`,
  })) as V1Secret;
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
}

/** A connection as the tenant, from its Secret, as its workloads would make it. */
async function connectWithSecret(name: string): Promise<pg.Client> {
  const secret = await secretOf(name);
  const client = new pg.Client({ connectionString: secret.url });
  await client.connect();
  return client;
}

async function contents(tenant: Tenant): Promise<Record<string, Fingerprint>> {
  const home = homeOf(tenant);
  const role = tenant.status?.database?.role ?? '';
  const tables = await tablesOf(admin, home);
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await fingerprint(admin, home, t, role)])),
  );
}

describe('the database step', () => {
  let kubeconfig: string;
  let operator: OperatorProcess;
  const tenants: string[] = [];
  const tenant = async (suffix: string, spec = tenantSpec(plan)) => {
    const name = `db-${id}-${suffix}`;
    tenants.push(name);
    await createTenant(name, spec, run.labels);
    return name;
  };

  beforeAll(async () => {
    kubeconfig = await prepareOperator();
    await createEdition(plan, editionSpec({ modules: ['crm', 'erp'], isolation: 'schema' }));
    operator = await startOperator(kubeconfig, `db-${id}`, run.operatorArgs);
  });
  afterAll(async () => {
    for (const name of tenants) await deleteTenant(name).catch(() => undefined);
    for (const name of tenants) await tenantGone(name).catch(() => undefined);
    await deleteEdition(plan).catch(() => undefined);
    await operator.stop();
    await admin.end();
  });

  it('gives a tenant its migrated home, a role of its own and working credentials in a Secret', async () => {
    const name = await tenant('a');
    const ready = await readyTenant(name);
    expect(ready.status?.database).toMatchObject({
      isolation: 'schema',
      location: `inopsio_tenants/${tenantRole(name)}`,
      role: tenantRole(name),
      secret: 'tenant-database',
    });
    expect(condition(ready, 'DatabaseReady')?.message).toContain(
      'with the crm, erp schemas migrated',
    );
    const client = await connectWithSecret(name);
    await client.query(await readFile(fillModules, 'utf8'));
    const { rows } = await client.query('SELECT count(*)::int AS n FROM erp_journal_line');
    expect(rows[0].n).toBe(40);
    await client.end();
  });

  it.each([['database'], ['pooled'], ['schema']] as const)(
    'moves the data when the edition changes to %s isolation, without losing a row',
    async (isolation) => {
      const name = `db-${id}-a`;
      const before = await contents(await getTenant(name));
      // Every table has rows to move.
      expect(Object.values(before).every((table) => table.rows > 0)).toBe(true);
      expect(Object.keys(before)).toHaveLength(14);
      await patchSpec('editions', plan, { isolation });
      const moved = await readyTenant(name, (t) =>
        expect(t.status?.database?.isolation).toBe(isolation),
      );
      expect(await contents(moved)).toEqual(before);
      const lastMove = moved.status?.database?.lastMove;
      expect(lastMove?.rows).toBe(
        Object.values(before).reduce((sum, table) => sum + table.rows, 0),
      );
      expect(lastMove?.readOnlyMilliseconds).toBeGreaterThan(0);
      // The tenant's credentials now lead to the new home, and it can write there.
      const client = await connectWithSecret(name);
      await client.query("INSERT INTO crm_lead (name) VALUES ('after the move')");
      await client.query("DELETE FROM crm_lead WHERE name = 'after the move'");
      await client.end();
      const { items } = await objects.list('events.k8s.io/v1', 'Event', 'default');
      expect(
        (items as { regarding?: { name?: string }; reason?: string; note?: string }[]).some(
          (e) =>
            e.regarding?.name === name &&
            e.reason === 'DataMoved' &&
            e.note?.includes(`to ${moved.status?.database?.location}`),
        ),
      ).toBe(true);
    },
  );

  it('keeps the old copy, out of reach, when a Retain tenant moves', async () => {
    const edition = `${plan}-retain`;
    await createEdition(edition, editionSpec({ modules: ['crm'], isolation: 'schema' }));
    const name = await tenant('keeps', tenantSpec(edition, { deletionPolicy: 'Retain' }));
    const before = await readyTenant(name);
    const client = await connectWithSecret(name);
    await client.query("INSERT INTO crm_account (name) VALUES ('kept')");
    await client.end();
    await patchSpec('editions', edition, { isolation: 'database' });
    const after = await readyTenant(name, (t) =>
      expect(t.status?.database?.isolation).toBe('database'),
    );
    const old = homeOf(before);
    expect((await fingerprint(admin, old, 'crm_account', tenantRole(name))).rows).toBe(1);
    const { rows } = await admin.query(
      old.database,
      'SELECT has_schema_privilege($1, $2, $3) AS usable',
      [tenantRole(name), old.schema, 'USAGE'],
    );
    expect(rows).toEqual([{ usable: false }]);
    await deleteTenant(name);
    await tenantGone(name);
    await deleteEdition(edition);
    // Retained twice over (the move and the deletion): cleaned up by hand.
    await admin.query(old.database, `DROP SCHEMA ${old.schema} CASCADE`);
    await admin.dropDatabase(homeOf(after).database);
    await admin.query('postgres', `DROP ROLE ${tenantRole(name)}`);
  });

  it('keeps the data and locks the role out when a Retain tenant is deleted', async () => {
    const name = await tenant('retain', tenantSpec(plan, { deletionPolicy: 'Retain' }));
    const ready = await readyTenant(name);
    const client = await connectWithSecret(name);
    await client.query("INSERT INTO crm_account (name) VALUES ('kept')");
    await client.end();
    await deleteTenant(name);
    await tenantGone(name);
    const role = tenantRole(name);
    expect((await fingerprint(admin, homeOf(ready), 'crm_account', role)).rows).toBe(1);
    const { rows } = await admin.query(
      'postgres',
      'SELECT rolcanlogin FROM pg_roles WHERE rolname = $1',
      [role],
    );
    expect(rows).toEqual([{ rolcanlogin: false }]);
    await admin.query(homeOf(ready).database, `DROP SCHEMA ${role} CASCADE`);
    await admin
      .query('postgres', `DROP OWNED BY ${role}; DROP ROLE ${role}`)
      .catch(() => undefined);
  });

  it('removes the data and the role when a Delete tenant is deleted', async () => {
    const name = await tenant('delete', tenantSpec(plan, { deletionPolicy: 'Delete' }));
    const ready = await readyTenant(name);
    await deleteTenant(name);
    await tenantGone(name);
    const role = tenantRole(name);
    expect(
      (await admin.query('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount,
    ).toBe(0);
    const schema = homeOf(ready).schema;
    expect(
      (
        await admin.query('inopsio_tenants', 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [
          schema,
        ])
      ).rowCount,
    ).toBe(0);
  });

  it('writes a snapshot when a Snapshot tenant is deleted, which restores into the tenant made again', async () => {
    const name = await tenant('snap', tenantSpec(plan, { deletionPolicy: 'Snapshot' }));
    await readyTenant(name);
    const client = await connectWithSecret(name);
    await client.query(
      "INSERT INTO crm_account (name) SELECT 'snap ' || n FROM generate_series(1, 50) n",
    );
    await client.end();
    const before = await contents(await getTenant(name));
    await deleteTenant(name);
    await tenantGone(name);
    const folders = (await readdir(join(tmpdir(), 'inopsio-test-snapshots'))).filter((f) =>
      f.startsWith(`${name}-`),
    );
    expect(folders).toHaveLength(1);
    const folder = join(tmpdir(), 'inopsio-test-snapshots', folders[0] as string);
    expect(JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')).tables).toContainEqual(
      expect.objectContaining({ table: 'crm_account', rows: 50 }),
    );
    await createTenant(name, tenantSpec(plan, { deletionPolicy: 'Delete' }), run.labels);
    const again = await readyTenant(name);
    expect((await contents(again)).crm_account?.rows).toBe(0);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [restoreCommand, 'restore', folder],
      {
        env: {
          ...process.env,
          KUBECONFIG: endpoints.kubernetes.kubeconfig,
          INOPSIO_POSTGRES_URL: endpoints.postgres.url,
        },
      },
    );
    expect(stdout).toMatch(/restored 50 rows of \d+ tables.* every table matches the snapshot/);
    expect(await contents(again)).toEqual(before);
  });

  it('reports a failing migration by name with the SQL error, and touches nothing else', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'inopsio-broken-'));
    await cp(servicesDir, broken, {
      recursive: true,
      filter: (source) => !source.includes('node_modules') && !source.includes('generated'),
    });
    await mkdir(join(broken, 'crm', 'prisma', 'migrations', '9999_broken'), { recursive: true });
    await writeFile(
      join(broken, 'crm', 'prisma', 'migrations', '9999_broken', 'migration.sql'),
      'ALTER TABLE crm_account ADD COLUMN rating int; ALTER TABLE crm_nowhere ADD COLUMN x int;',
    );
    const brokenRun = testRun(`broken-${id}`);
    const other = await startOperator(kubeconfig, `broken-${id}`, [
      ...brokenRun.operatorArgs,
      '--migrations-dir',
      broken,
    ]);
    const name = `db-${id}-broken`;
    tenants.push(name);
    await createTenant(name, tenantSpec(plan), brokenRun.labels);
    try {
      const failed = await vi.waitFor(async () => {
        const t = await getTenant(name);
        expect(condition(t, 'DatabaseReady')).toMatchObject({
          status: 'False',
          reason: 'MigrationFailed',
        });
        return t;
      }, wait);
      expect(condition(failed, 'DatabaseReady')?.message).toMatch(
        /migration crm\/9999_broken failed in inopsio_tenants\/tenant_db_\w+_broken: relation "crm_nowhere" does not exist/,
      );
      expect(failed.status?.phase).toBe('Failed');
      const schema = tenantRole(name);
      const { rows } = await admin.query(
        'inopsio_tenants',
        `SELECT module || '/' || name AS id FROM ${schema}.inopsio_migrations ORDER BY 1`,
      );
      // The run stops at the failure: erp's migrations, after crm's, wait for it.
      expect(rows.map((r) => r.id)).toEqual(['crm/0001_init']);
      const column = await admin.query(
        'inopsio_tenants',
        `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'rating'`,
        [schema],
      );
      expect(column.rowCount).toBe(0);
    } finally {
      await other.stop();
      await rm(broken, { recursive: true, force: true });
      // Handed to this file's operator, which serves it with the release's migrations.
      await custom.patchClusterCustomObject(
        { group, version, plural: 'tenants', name, body: { metadata: { labels: run.labels } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
    await readyTenant(name);
  });
});

describe('PostgreSQL going away', () => {
  it('turns DatabaseReady False with reason PostgresUnavailable, and recovers by itself when it is back', async () => {
    // A PostgreSQL of its own, so that stopping it disturbs no other test.
    const stateDir = await mkdtemp(join(tmpdir(), 'inopsio-pg-outage-'));
    // Run by root, PostgreSQL runs as the postgres user, which must be able to enter it.
    await chmod(stateDir, 0o755);
    const settings = resolveSettings(
      { ...process.env, INOPSIO_STATE_DIR: stateDir },
      { postgres: String(await freePort()) },
    );
    const { endpoints: local } = await startPlatform(settings, silentReport, ['postgres']);
    const outage = testRun(`outage-${id}`);
    const kubeconfig = await prepareOperator();
    const operator = await startOperator(kubeconfig, `outage-${id}`, outage.operatorArgs, {
      INOPSIO_POSTGRES_URL: local.postgres.url,
    });
    const name = `db-${id}-outage`;
    try {
      await createEdition(`${plan}-outage`, editionSpec({ modules: ['crm'], isolation: 'schema' }));
      await createTenant(name, tenantSpec(`${plan}-outage`), outage.labels);
      await readyTenant(name);
      await stopPlatform(settings, silentReport);
      // A change to the tenant makes the step talk to PostgreSQL again.
      await patchSpec('tenants', name, { displayName: 'During the outage' });
      const failing = await vi.waitFor(async () => {
        const t = await getTenant(name);
        expect(condition(t, 'DatabaseReady')).toMatchObject({
          status: 'False',
          reason: 'PostgresUnavailable',
        });
        return t;
      }, wait);
      expect(condition(failing, 'DatabaseReady')?.message).toMatch(
        /PostgreSQL at 127\.0\.0\.1:\d+ cannot be reached/,
      );
      expect(condition(failing, 'Ready')).toMatchObject({
        status: 'False',
        reason: 'PostgresUnavailable',
      });
      await startPlatform(settings, silentReport, ['postgres']);
      await readyTenant(name);
    } finally {
      await deleteTenant(name).catch(() => undefined);
      await tenantGone(name).catch(() => undefined);
      await deleteEdition(`${plan}-outage`).catch(() => undefined);
      await operator.stop();
      await stopPlatform(settings, silentReport);
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
