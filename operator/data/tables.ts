import { pipeline } from 'node:stream/promises';
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

/** The COPY statement that reads a tenant's rows of a table, in id order. */
export const copyOut = (home: Home, table: string, tenant: string) =>
  `COPY (SELECT * FROM ${qualified(home, table)} WHERE tenant_id = ${literal(tenant)} ORDER BY id) TO STDOUT`;

/** The COPY statement that writes rows into a table. */
export const copyIn = (home: Home, table: string) => `COPY ${qualified(home, table)} FROM STDIN`;

/** Streams a tenant's rows of a table from one home into another, in one transaction. */
export async function copyTable(
  admin: PostgresAdmin,
  from: Home,
  to: Home,
  table: string,
  tenant: string,
): Promise<void> {
  const source = await admin.pool(from.database).connect();
  const target = await admin.pool(to.database).connect();
  try {
    await target.query('BEGIN');
    await pipeline(
      source.query(copyTo(copyOut(from, table, tenant))),
      target.query(copyFrom(copyIn(to, table))),
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
