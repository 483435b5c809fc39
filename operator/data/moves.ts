import { setTimeout as sleep } from 'node:timers/promises';
import { type Home, homeLocation } from './homes.ts';
import { ident, type PostgresAdmin } from './postgres.ts';
import { copyTable, deleteRows, type Fingerprint, fingerprint, tablesOf } from './tables.ts';

/** A copy whose destination does not match its source. */
export class MoveError extends Error {
  override name = 'MoveError';
  readonly reason = 'MoveFailed';
}

export interface Move {
  from: Home;
  to: Home;
  tables: (Fingerprint & { table: string })[];
  rows: number;
  /** When writes to the source stopped; the window ends when the tenant's credentials switch. */
  frozenAt: number;
  startedAt: number;
}

/** Makes a tenant's rows in a home read-only (writes fail with SQLSTATE 25006). */
export async function freeze(admin: PostgresAdmin, home: Home, tenant: string): Promise<void> {
  await admin.query(
    home.database,
    `INSERT INTO ${ident(home.schema)}.inopsio_frozen_tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING`,
    [tenant],
  );
}

export async function unfreeze(admin: PostgresAdmin, home: Home, tenant: string): Promise<void> {
  await admin.query(
    home.database,
    `DELETE FROM ${ident(home.schema)}.inopsio_frozen_tenants WHERE tenant_id = $1`,
    [tenant],
  );
}

/**
 * Waits (up to 2 s) for the tenant's transactions that began before the freeze to end, then
 * ends the ones still open: a write committed after the copy began would be lost.
 */
async function settleWriters(
  admin: PostgresAdmin,
  home: Home,
  tenant: string,
  since: Date,
): Promise<void> {
  const open = `SELECT pid FROM pg_stat_activity WHERE usename = $1 AND datname = $2 AND xact_start < $3`;
  for (let waited = 0; waited < 2000; waited += 50) {
    const { rowCount } = await admin.query('postgres', open, [tenant, home.database, since]);
    if (!rowCount) return;
    await sleep(50);
  }
  await admin.query('postgres', `SELECT pg_terminate_backend(pid) FROM (${open}) stragglers`, [
    tenant,
    home.database,
    since,
  ]);
}

/**
 * Copies a tenant's rows from one home to another (already migrated) while the source is
 * read-only, then checks every table's count and checksum on both sides. On any failure the
 * source becomes writable again and the destination loses the partial copy: the tenant stays
 * where it was. On success the source stays frozen until the caller has switched the tenant
 * over and removed the old copy.
 */
export async function copyTenant(
  admin: PostgresAdmin,
  tenant: string,
  from: Home,
  to: Home,
): Promise<Move> {
  const startedAt = Date.now();
  const destination = new Set(await tablesOf(admin, to));
  const tables = (await tablesOf(admin, from)).filter((table) => destination.has(table));
  // Rows left by an earlier, interrupted move.
  await deleteRows(admin, to, tenant);
  const since = new Date();
  await freeze(admin, from, tenant);
  const frozenAt = Date.now();
  try {
    await settleWriters(admin, from, tenant, since);
    for (const table of tables) await copyTable(admin, from, to, table, tenant);
    const fingerprints = [];
    for (const table of tables) {
      const [source, copy] = await Promise.all([
        fingerprint(admin, from, table, tenant),
        fingerprint(admin, to, table, tenant),
      ]);
      if (source.rows !== copy.rows || source.checksum !== copy.checksum) {
        throw new MoveError(
          `table ${table} differs after copying from ${homeLocation(from)} to ${homeLocation(to)}: ${source.rows} rows (${source.checksum}) against ${copy.rows} (${copy.checksum})`,
        );
      }
      fingerprints.push({ table, ...source });
    }
    return {
      from,
      to,
      tables: fingerprints,
      rows: fingerprints.reduce((sum, t) => sum + t.rows, 0),
      frozenAt,
      startedAt,
    };
  } catch (error) {
    await deleteRows(admin, to, tenant).catch(() => undefined);
    await unfreeze(admin, from, tenant).catch(() => undefined);
    throw error;
  }
}
