/**
 * The data plane on the local platform's real PostgreSQL:
 *   1. onboarding (role, home, crm + erp migrations, grants) per isolation model, p50/p95;
 *   2. a pooled → schema move of a tenant with 100,000 rows: read-only window and total;
 *   3. a new migration rolled across 1,000 schema tenants.
 *
 *   npm run bench -- data [tenants-per-model=100] [rows=100000] [schema-tenants=1000]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copyTenant,
  type Home,
  migrate,
  PostgresAdmin,
  provisionHome,
  readMigrations,
  removeFromHome,
  servicesDir,
  tenantRole,
} from '@inopsio/operator/data';
import { endpoints, uniqueId } from '@inopsio/operator/test';
import { percentile, table } from './stats.ts';

const [perModel = 100, rows = 100_000, schemaTenants = 1000] = process.argv.slice(2).map(Number);
const admin = new PostgresAdmin(endpoints.postgres.url);
const id = uniqueId();
const migrations = readMigrations(['crm', 'erp']);
const password = { password: 'bench-password', set: true };
const roles: string[] = [];
const databases = new Set<string>();

/** The homes of this run, in databases of its own so that cleaning up is dropping them. */
function home(isolation: Home['isolation'], n: number): Home {
  const role = tenantRole(`bench-${id}-${isolation}-${n}`);
  roles.push(role);
  const shared = `bench_${id}_${isolation}`;
  const database = isolation === 'database' ? `bench_${id}_${n}` : shared;
  databases.add(database);
  return {
    isolation,
    database,
    schema: isolation === 'pooled' ? 'pooled' : isolation === 'schema' ? role : 'app',
  };
}

const ms = (v: number) => v.toFixed(0);
const timed = async (run: () => Promise<unknown>) => {
  const began = performance.now();
  await run();
  return performance.now() - began;
};

try {
  console.log(`1. onboarding ${perModel} tenants per isolation model`);
  const onboarding: (string | number)[][] = [];
  for (const isolation of ['pooled', 'schema', 'database'] as const) {
    const times: number[] = [];
    for (let n = 0; n < perModel; n++) {
      const target = home(isolation, n);
      times.push(
        await timed(() =>
          provisionHome(admin, target, roles.at(-1) as string, password, migrations),
        ),
      );
    }
    onboarding.push([
      isolation,
      ms(percentile(times, 50)),
      ms(percentile(times, 95)),
      ms(Math.max(...times)),
    ]);
  }
  console.log(`\nDatabaseReady work per tenant (ms), ${perModel} tenants each\n`);
  console.log(table(['isolation', 'p50', 'p95', 'max'], onboarding));

  console.log(`\n2. moving a tenant with ${rows} rows from pooled to schema`);
  const from = home('pooled', perModel);
  const role = roles.at(-1) as string;
  const to: Home = { isolation: 'schema', database: `bench_${id}_schema`, schema: role };
  await provisionHome(admin, from, role, password, migrations);
  await provisionHome(admin, to, role, password, migrations);
  const half = Math.floor(rows / 2);
  await admin.query(
    from.database,
    `INSERT INTO pooled.crm_account (tenant_id, name, domain, city)
     SELECT $1, 'account ' || n, 'a' || n || '.example', 'Lyon' FROM generate_series(1, $2) n`,
    [role, half],
  );
  await admin.query(
    from.database,
    `INSERT INTO pooled.crm_contact (tenant_id, account_id, first_name, last_name, email)
     SELECT tenant_id, id, 'Ada', 'Contact of ' || name, 'ada@' || domain FROM pooled.crm_account WHERE tenant_id = $1`,
    [role],
  );
  const began = performance.now();
  const move = await copyTenant(admin, role, from, to);
  // The switch (the Secret) is one apply; the window closes here.
  const readOnly = Date.now() - move.frozenAt;
  await removeFromHome(admin, from, role, to);
  const total = performance.now() - began;
  console.log(`\npooled → schema move of ${move.rows} rows\n`);
  console.log(
    table(['rows', 'read-only window (ms)', 'total (ms)'], [[move.rows, readOnly, ms(total)]]),
  );

  console.log(`\n3. ${schemaTenants} schema tenants, then a new crm migration rolled across them`);
  const tenants: Home[] = [];
  for (let n = 0; n < schemaTenants; n++) {
    const target = home('schema', 1000 + n);
    await provisionHome(admin, target, roles.at(-1) as string, password, readMigrations(['crm']));
    tenants.push(target);
    if ((n + 1) % 200 === 0) console.log(`provisioned ${n + 1}/${schemaTenants}`);
  }
  const services = await mkdtemp(join(tmpdir(), 'inopsio-bench-migrations-'));
  await cp(join(servicesDir, 'crm'), join(services, 'crm'), { recursive: true });
  await mkdir(join(services, 'crm', 'prisma', 'migrations', '0002_rating'), { recursive: true });
  await writeFile(
    join(services, 'crm', 'prisma', 'migrations', '0002_rating', 'migration.sql'),
    'ALTER TABLE crm_account ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);',
  );
  const next = readMigrations(['crm'], services);
  const perTenant: number[] = [];
  const rollBegan = performance.now();
  // Four at a time, as the operator's four workers would.
  const queue = [...tenants];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const t = target;
        perTenant.push(await timed(() => migrate(admin, t, next)));
      }
    }),
  );
  const roll = performance.now() - rollBegan;
  await rm(services, { recursive: true, force: true });
  console.log(`\nrolling 0002_rating across ${schemaTenants} schema tenants\n`);
  console.log(
    table(
      ['tenants', 'total (s)', 'per tenant p50 (ms)', 'p95 (ms)'],
      [
        [
          schemaTenants,
          (roll / 1000).toFixed(1),
          ms(percentile(perTenant, 50)),
          ms(percentile(perTenant, 95)),
        ],
      ],
    ),
  );
} finally {
  console.log('\ncleaning up…');
  for (const database of databases) await admin.dropDatabase(database).catch(() => undefined);
  for (const role of new Set(roles))
    await admin.query('postgres', `DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
  await admin.end();
}
