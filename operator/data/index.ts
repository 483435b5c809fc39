/** The data plane's surface for other workspaces (the services' tests, benchmarks). */
export { type Home, homeFor, homeLocation } from './homes.ts';
export { tenantRole } from './identifiers.ts';
export { deleteTenantData, provisionHome, removeFromHome } from './lifecycle.ts';
export { migrate, readMigrations, servicesDir } from './migrations.ts';
export { copyTenant } from './moves.ts';
export { PostgresAdmin } from './postgres.ts';
