import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type { PrismaClient };

/** A Prisma client of the erp module's tables. */
export type ErpClient = PrismaClient;

/**
 * A client of the erp tables of one tenant home. `schema` names the tenant's home (the schema
 * its migrations ran in); queries name it, so the connection's search_path does not matter.
 * Rows are scoped by row-level security to the connecting role, the tenant.
 */
export function createClient(connection: { connectionString: string; schema: string }): ErpClient {
  const adapter = new PrismaPg(
    { connectionString: connection.connectionString },
    { schema: connection.schema },
  );
  return new PrismaClient({ adapter });
}
