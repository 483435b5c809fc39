import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, uniqueId } from '../test/cluster.ts';
import type { Home } from './homes.ts';
import { MigrationError, migrate, readMigrations } from './migrations.ts';
import { PostgresAdmin } from './postgres.ts';

const admin = new PostgresAdmin(endpoints.postgres.url);
const database = `migrations_${uniqueId()}`;
const home: Home = { isolation: 'schema', database, schema: 'home' };

describe('the migration runner on the real PostgreSQL', () => {
  let dir: string;
  const write = async (name: string, sql: string) => {
    await mkdir(join(dir, 'notes', 'prisma', 'migrations', name), { recursive: true });
    await writeFile(join(dir, 'notes', 'prisma', 'migrations', name, 'migration.sql'), sql);
  };
  const ledger = async () =>
    (
      await admin.query(database, 'SELECT name FROM home.inopsio_migrations ORDER BY name')
    ).rows.map((r) => r.name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inopsio-migrations-'));
    await admin.ensureDatabase(database);
    await write(
      '0001_notes',
      `CREATE TABLE notes_note (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL DEFAULT current_user, body text NOT NULL);
       SELECT inopsio_protect('notes_note');`,
    );
    await write('0002_title', 'ALTER TABLE notes_note ADD COLUMN title text;');
  });
  afterAll(async () => {
    await admin.dropDatabase(database);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration once, in order, with a ledger', async () => {
    expect(await migrate(admin, home, readMigrations(['notes'], dir))).toEqual([
      'notes/0001_notes',
      'notes/0002_title',
    ]);
    expect(await migrate(admin, home, readMigrations(['notes'], dir))).toEqual([]);
    expect(await ledger()).toEqual(['0001_notes', '0002_title']);
    const { rows } = await admin.query(
      database,
      "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'notes_note'",
    );
    expect(rows[0]).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('never runs one migration twice when several runners race', async () => {
    await write('0003_index', 'CREATE INDEX notes_note_title ON notes_note (title);');
    const runs = await Promise.all(
      [1, 2, 3].map(() => migrate(admin, home, readMigrations(['notes'], dir))),
    );
    expect(runs.flat()).toEqual(['notes/0003_index']);
  });

  it('stops, naming the migration and the SQL error, when one fails halfway; the ledger stays consistent', async () => {
    await write(
      '0004_broken',
      'CREATE TABLE notes_tag (id uuid PRIMARY KEY); ALTER TABLE notes_missing ADD COLUMN x int;',
    );
    const failure = migrate(admin, home, readMigrations(['notes'], dir));
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(migrate(admin, home, readMigrations(['notes'], dir))).rejects.toThrow(
      /migration notes\/0004_broken failed in .*home: relation "notes_missing" does not exist/,
    );
    expect(await ledger()).toEqual(['0001_notes', '0002_title', '0003_index']);
    const { rowCount } = await admin.query(
      database,
      "SELECT 1 FROM pg_class WHERE relname = 'notes_tag'",
    );
    expect(rowCount).toBe(0);
    await rm(join(dir, 'notes', 'prisma', 'migrations', '0004_broken'), { recursive: true });
  });

  it('refuses a migration that was edited after it ran', async () => {
    await write('0002_title', 'ALTER TABLE notes_note ADD COLUMN title varchar(80);');
    await expect(migrate(admin, home, readMigrations(['notes'], dir))).rejects.toThrow(
      /migration notes\/0002_title was edited after it was applied .*: restore it and add a new migration instead/,
    );
  });
});
