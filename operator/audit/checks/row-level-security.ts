import { type Home, homeLocation, parseLocation } from '../../data/homes.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, mapLimit, notEvaluated, settle } from './check.ts';

/** A module table of a home as pg_class describes it. */
export interface TableSecurity {
  table: string;
  rowSecurity: boolean;
  forced: boolean;
}

/**
 * Pass when every module table of the home has row-level security enabled and forced (so even
 * the table's owner is filtered). The operator's own bookkeeping tables (`inopsio_*`) hold no
 * tenant rows and are left out, as the data plane leaves them out.
 */
export function judgeRowLevelSecurity(
  location: string,
  tables: TableSecurity[],
  source: string,
): Outcome {
  const weak = tables.filter((t) => !t.rowSecurity || !t.forced);
  const evidence = {
    home: location,
    tables: tables.length,
    enabledAndForced: tables.length - weak.length,
    ...(weak.length ? { notProtected: weak } : {}),
  };
  if (tables.length === 0) {
    return outcome('not-evaluated', `${location} has no module tables yet`, source, evidence);
  }
  if (weak.length === 0) {
    return outcome(
      'pass',
      `row-level security enabled and forced on all ${tables.length} tables of ${location}`,
      source,
      evidence,
    );
  }
  const names = weak.map((t) => t.table).join(', ');
  return outcome(
    'fail',
    `row-level security not enabled and forced on ${names} in ${location}: run ALTER TABLE ... ENABLE/FORCE ROW LEVEL SECURITY (migrations call inopsio_protect)`,
    source,
    evidence,
  );
}

/** One query per database, covering every home (schema) in it that a target lives in. */
export const rowLevelSecurity: Check = {
  id: 'row-level-security',
  controls: ['A.8.3', 'A.5.15'],
  async collect(sources, targets) {
    const homes = new Map<string, Home>();
    for (const { tenant } of targets) {
      const database = tenant.status?.database;
      if (database) {
        const home = parseLocation(database.isolation, database.location);
        homes.set(homeLocation(home), home);
      }
    }
    const byDatabase = Map.groupBy(homes.values(), (home) => home.database);
    const found = new Map<string, TableSecurity[] | Error>();
    const { postgres } = sources;
    if (postgres) {
      await mapLimit([...byDatabase], sources.concurrency, async ([database, inDatabase]) => {
        const schemas = inDatabase.map((home) => home.schema);
        const rows = await settle(async () => {
          const result = await postgres.query<TableSecurity & { schema: string }>(
            database,
            `SELECT n.nspname AS schema, c.relname AS table,
                    c.relrowsecurity AS "rowSecurity", c.relforcerowsecurity AS forced
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
               AND c.relname NOT LIKE 'inopsio\\_%'
             ORDER BY n.nspname, c.relname`,
            [schemas],
          );
          return result.rows;
        });
        for (const schema of schemas) {
          const location = `${database}/${schema}`;
          found.set(
            location,
            rows instanceof Error
              ? rows
              : rows.filter((r) => r.schema === schema).map(({ schema: _, ...t }) => t),
          );
        }
      });
    }
    return ({ tenant }) => {
      const database = tenant.status?.database;
      if (!database) {
        return notEvaluated('no database recorded in status.database yet', 'kubernetes status');
      }
      const source = `postgresql ${database.location} (pg_class)`;
      if (!postgres) return notEvaluated('PostgreSQL not configured', source);
      const tables = found.get(database.location);
      if (!tables || tables instanceof Error) {
        return notEvaluated('PostgreSQL could not be read', source, tables);
      }
      return judgeRowLevelSecurity(database.location, tables, source);
    };
  },
};
