/** A throwaway tenant home with a module's migrations, for the services' client tests. */
import { randomBytes } from 'node:crypto';
import {
  deleteTenantData,
  type Home,
  PostgresAdmin,
  provisionHome,
  readMigrations,
  tenantRole,
} from '@inopsio/operator/data';
import { endpoints } from '@inopsio/operator/test';

export interface TestHome {
  /** The tenant's own connection, as its Secret would give it. */
  connectionString: string;
  schema: string;
  role: string;
  remove(): Promise<void>;
}

export async function testHome(module: string): Promise<TestHome> {
  const admin = new PostgresAdmin(endpoints.postgres.url);
  const id = randomBytes(3).toString('hex');
  const role = tenantRole(`${module}-client-${id}`);
  const home: Home = { isolation: 'schema', database: `client_${module}_${id}`, schema: role };
  const password = randomBytes(18).toString('base64url');
  await provisionHome(admin, home, role, { password, set: true }, readMigrations([module]));
  const { host, port } = endpoints.postgres;
  return {
    connectionString: `postgresql://${role}:${password}@${host}:${port}/${home.database}`,
    schema: home.schema,
    role,
    async remove() {
      await deleteTenantData(admin, home, role);
      await admin.dropDatabase(home.database);
      await admin.end();
    },
  };
}
