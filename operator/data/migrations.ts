import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Home, homeLocation } from './homes.ts';
import { ident, type PostgresAdmin } from './postgres.ts';

/** One reviewed SQL migration of a module: services/<module>/prisma/migrations/<name>/migration.sql. */
export interface Migration {
  module: string;
  name: string;
  sql: string;
  checksum: string;
}

export const servicesDir = fileURLToPath(new URL('../../services/', import.meta.url));
const bootstrap = readFileSync(fileURLToPath(new URL('bootstrap.sql', import.meta.url)), 'utf8');

/** A migration that failed or was edited after it ran; names it. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  readonly reason = 'MigrationFailed';
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/** The migrations of the given modules, each module's in name order (0001_, 0002_, ...). */
export function readMigrations(modules: readonly string[], dir = servicesDir): Migration[] {
  return modules.flatMap((module) => {
    const folder = join(dir, module, 'prisma', 'migrations');
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => existsSync(join(folder, name, 'migration.sql')))
      .sort()
      .map((name) => {
        const sql = readFileSync(join(folder, name, 'migration.sql'), 'utf8');
        return { module, name, sql, checksum: checksum(sql) };
      });
  });
}

/** A key of a set of migrations: it changes when any migration is added or edited. */
export const migrationsKey = (migrations: Migration[]) =>
  checksum(migrations.map((m) => `${m.module}/${m.name}:${m.checksum}`).join('\n')).slice(0, 16);

/**
 * Applies to a home the migrations it has not had, in order, and returns their names. Runs
 * under an advisory lock (two operators, or two tenants sharing the pooled home, never migrate
 * one home at once); each migration runs in its own transaction together with its ledger row,
 * so a failure leaves nothing half-applied. An applied migration whose SQL has since changed
 * stops the run: migrations are append-only.
 */
export async function migrate(
  admin: PostgresAdmin,
  home: Home,
  migrations: Migration[],
): Promise<string[]> {
  const schema = ident(home.schema);
  const where = homeLocation(home);
  return admin.withClient(home.database, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`inopsio-migrate:${where}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query('BEGIN');
      await client.query(`SET LOCAL search_path TO ${schema}`);
      await client.query(bootstrap);
      await client.query('COMMIT');
      const { rows } = await client.query<{ module: string; name: string; checksum: string }>(
        `SELECT module, name, checksum FROM ${schema}.inopsio_migrations`,
      );
      const ledger = new Map(rows.map((row) => [`${row.module}/${row.name}`, row.checksum]));
      const applied: string[] = [];
      for (const migration of migrations) {
        const id = `${migration.module}/${migration.name}`;
        const recorded = ledger.get(id);
        if (recorded === migration.checksum) continue;
        if (recorded !== undefined) {
          throw new MigrationError(
            `migration ${id} was edited after it was applied to ${where} (checksum ${recorded.slice(0, 12)}, now ${migration.checksum.slice(0, 12)}): restore it and add a new migration instead`,
          );
        }
        const began = Date.now();
        try {
          await client.query('BEGIN');
          await client.query(`SET LOCAL search_path TO ${schema}`);
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO ${schema}.inopsio_migrations (module, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)`,
            [migration.module, migration.name, migration.checksum, Date.now() - began],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(
            `migration ${id} failed in ${where}: ${(error as Error).message}`,
            { cause: error },
          );
        }
        applied.push(id);
      }
      return applied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`inopsio-migrate:${where}`])
        .catch(() => undefined);
    }
  });
}
