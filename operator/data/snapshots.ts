import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { type Home, homeLocation } from './homes.ts';
import type { PostgresAdmin } from './postgres.ts';
import {
  beginFaithfulLoad,
  columnsOf,
  copyIn,
  copyOut,
  deleteRows,
  type Fingerprint,
  fingerprint,
  tablesOf,
} from './tables.ts';

/** What a snapshot holds, in `manifest.json` beside one COPY file per table. */
export interface SnapshotManifest {
  tenant: string;
  role: string;
  from: string;
  takenAt: string;
  tables: (Fingerprint & { table: string })[];
}

/**
 * Writes a tenant's rows, and only its rows, to `<dir>/<tenant>-<time>/`: one file per table
 * in PostgreSQL's COPY format (pg_dump cannot select one tenant's rows of shared tables) and a
 * manifest with each table's count and checksum. Returns the folder.
 */
export async function takeSnapshot(
  admin: PostgresAdmin,
  home: Home,
  tenant: string,
  role: string,
  dir: string,
): Promise<string> {
  const takenAt = new Date().toISOString();
  const folder = join(dir, `${tenant}-${takenAt.replace(/[:.]/g, '-')}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const tables = [];
  for (const table of await tablesOf(admin, home)) {
    const columns = await columnsOf(admin, home, table);
    await admin.withClient(home.database, async (client) => {
      await pipeline(
        client.query(copyTo(copyOut(home, table, columns, role))),
        createWriteStream(join(folder, `${table}.copy`), { mode: 0o600 }),
      );
    });
    tables.push({ table, ...(await fingerprint(admin, home, table, role)) });
  }
  const manifest: SnapshotManifest = { tenant, role, from: homeLocation(home), takenAt, tables };
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2), {
    mode: 0o600,
  });
  return folder;
}

/**
 * Loads a snapshot into a tenant's (migrated) home, replacing the rows the tenant has there,
 * and checks every table's count and checksum against the manifest.
 */
export async function restoreSnapshot(
  admin: PostgresAdmin,
  home: Home,
  folder: string,
): Promise<SnapshotManifest> {
  const manifest = JSON.parse(
    await readFile(join(folder, 'manifest.json'), 'utf8'),
  ) as SnapshotManifest;
  await deleteRows(admin, home, manifest.role);
  for (const { table } of manifest.tables) {
    const columns = await columnsOf(admin, home, table);
    await admin.withClient(home.database, async (client) => {
      await beginFaithfulLoad(client);
      try {
        await pipeline(
          createReadStream(join(folder, `${table}.copy`)),
          client.query(copyFrom(copyIn(home, table, columns))),
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`restoring table ${table} into ${homeLocation(home)} failed`, {
          cause: error,
        });
      }
    });
  }
  for (const expected of manifest.tables) {
    const actual = await fingerprint(admin, home, expected.table, manifest.role);
    if (actual.rows !== expected.rows || actual.checksum !== expected.checksum) {
      throw new Error(
        `table ${expected.table} restored ${actual.rows} rows (${actual.checksum}); the snapshot has ${expected.rows} (${expected.checksum})`,
      );
    }
  }
  return manifest;
}
