import type { Edition } from '../api/v1alpha1/index.ts';
import { safeIdentifier } from './identifiers.ts';

export type Isolation = Edition['spec']['isolation'];

/** Where a tenant's rows live: a schema in a database. */
export interface Home {
  isolation: Isolation;
  database: string;
  schema: string;
}

/** The database of all pooled tenants, and the one holding a schema per tenant. */
export const pooledDatabase = 'inopsio_pooled';
export const schemasDatabase = 'inopsio_tenants';

/**
 * The home of a tenant under an isolation model: pooled tenants share the tables of schema
 * `pooled`; schema tenants get schema `tenant_<name>` in a shared database; database tenants
 * get database `tenant_<name>` with schema `app`.
 */
export function homeFor(tenant: string, isolation: Isolation): Home {
  switch (isolation) {
    case 'pooled':
      return { isolation, database: pooledDatabase, schema: 'pooled' };
    case 'schema':
      return { isolation, database: schemasDatabase, schema: safeIdentifier('tenant', tenant) };
    case 'database':
      return { isolation, database: safeIdentifier('tenant', tenant), schema: 'app' };
  }
}

/** How status and Events name a home: `database/schema`. */
export const homeLocation = (home: Home) => `${home.database}/${home.schema}`;

export function parseLocation(isolation: Isolation, location: string): Home {
  const [database = '', schema = ''] = location.split('/');
  return { isolation, database, schema };
}
