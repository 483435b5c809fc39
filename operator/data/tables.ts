import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Home } from './homes.ts';
import { ident, literal, type PostgresAdmin } from './postgres.ts';

/** A table's rows of one tenant: how many, and a checksum of their full contents. */
export interface Fingerprint {
  rows: number;
  checksum: string;
}

const qualified = (home: Home, table: string) => `${ident(home.schema)}.${ident(table)}`;

/** The module tables of a home, parents before children (the order migrations made them). */
export async function tablesOf(admin: PostgresAdmin, home: Home): Promise<string[]> {
  const { rows } = await admin.query<{ relname: string }>(
    home.database,
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname NOT LIKE 'inopsio\\_%'
     ORDER BY c.oid`,
    [home.schema],
  );
  return rows.map((row) => row.relname);
}

/** Count and checksum of a tenant's rows, in id order; equal on both sides of a copy. */
export async function fingerprint(
  admin: PostgresAdmin,
  home: Home,
  table: string,
  tenant: string,
): Promise<Fingerprint> {
  const { rows } = await admin.query<Fingerprint>(
    home.database,
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) AS checksum
     FROM ${qualified(home, table)} t WHERE tenant_id = $1`,
    [tenant],
  );
  return rows[0] as Fingerprint;
}

/** A table's stored columns, in order: generated columns are computed again on the way in. */
export async function columnsOf(admin: PostgresAdmin, home: Home, table: string): Promise<string> {
  const { rows } = await admin.query<{ attname: string }>(
    home.database,
    `SELECT attname FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
     ORDER BY attnum`,
    [qualified(home, table)],
  );
  return rows.map((row) => ident(row.attname)).join(', ');
}

/** The COPY statement that reads a tenant's rows of a table, in id order. */
export const copyOut = (home: Home, table: string, columns: string, tenant: string) =>
  `COPY (SELECT ${columns} FROM ${qualified(home, table)} WHERE tenant_id = ${literal(tenant)} ORDER BY id) TO STDOUT`;

/** The COPY statement that writes rows into a table. */
export const copyIn = (home: Home, table: string, columns: string) =>
  `COPY ${qualified(home, table)} (${columns}) FROM STDIN`;

/**
 * Starts a transaction that takes rows exactly as they were first written: replica mode skips
 * the tables' triggers (values copied from other rows, deferred checks), which already ran then.
 */
export async function beginFaithfulLoad(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
}

/** Streams a tenant's rows of a table from one home into another, in one transaction. */
export async function copyTable(
  admin: PostgresAdmin,
  from: Home,
  to: Home,
  table: string,
  tenant: string,
): Promise<void> {
  const columns = await columnsOf(admin, from, table);
  const source = await admin.pool(from.database).connect();
  const target = await admin.pool(to.database).connect();
  try {
    await beginFaithfulLoad(target);
    await pipeline(
      source.query(copyTo(copyOut(from, table, columns, tenant))),
      target.query(copyFrom(copyIn(to, table, columns))),
    );
    await target.query('COMMIT');
  } catch (error) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    source.release();
    target.release();
  }
}

/** Deletes a tenant's rows from every module table of a home, children first. */
export async function deleteRows(admin: PostgresAdmin, home: Home, tenant: string): Promise<void> {
  for (const table of (await tablesOf(admin, home)).reverse()) {
    await admin.query(home.database, `DELETE FROM ${qualified(home, table)} WHERE tenant_id = $1`, [
      tenant,
    ]);
  }
}
