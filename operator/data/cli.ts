#!/usr/bin/env node
/**
 * `npm run data -- restore <snapshot folder> [--tenant <name>]`: loads a snapshot written by a
 * Snapshot deletion into the tenant's current home (the Tenant must exist again and be Ready)
 * and checks every table against the snapshot's manifest.
 *
 * PostgreSQL: $INOPSIO_POSTGRES_URL, else the local platform's. Kubernetes: $KUBECONFIG, else
 * the local platform's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEndpoints } from '@inopsio/platform/local';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { group, type Tenant, version } from '../api/v1alpha1/index.ts';
import { describeError } from '../runtime/errors.ts';
import { loadKubeconfig } from '../runtime/kubeconfig.ts';
import { parseLocation } from './homes.ts';
import { PostgresAdmin } from './postgres.ts';
import { restoreSnapshot, type SnapshotManifest } from './snapshots.ts';

const usage = 'Usage: npm run data -- restore <snapshot folder> [--tenant <name>]';

async function restore(folder: string, tenantName?: string): Promise<void> {
  const manifest = JSON.parse(
    await readFile(join(folder, 'manifest.json'), 'utf8'),
  ) as SnapshotManifest;
  const name = tenantName ?? manifest.tenant;
  const local =
    process.env.INOPSIO_POSTGRES_URL && process.env.KUBECONFIG ? undefined : readEndpoints();
  const kubeconfig = loadKubeconfig(process.env.KUBECONFIG ?? local?.kubernetes.kubeconfig);
  const tenant = (await kubeconfig
    .makeApiClient(CustomObjectsApi)
    .getClusterCustomObject({ group, version, plural: 'tenants', name })
    .catch((error: unknown) => {
      throw new Error(`tenant ${name} must exist (and be Ready) to restore into it`, {
        cause: error,
      });
    })) as Tenant;
  const database = tenant.status?.database;
  if (!database)
    throw new Error(`tenant ${name} has no database yet: wait until DatabaseReady is True`);
  const admin = new PostgresAdmin(
    process.env.INOPSIO_POSTGRES_URL ?? (local?.postgres.url as string),
  );
  try {
    const home = parseLocation(database.isolation, database.location);
    const restored = await restoreSnapshot(admin, home, folder);
    const rows = restored.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `restored ${rows} rows of ${restored.tables.length} tables, taken ${restored.takenAt} from ${restored.from}, into ${database.location}; every table matches the snapshot`,
    );
  } finally {
    await admin.end();
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const [command, folder] = positionals;
if (values.help || command !== 'restore' || !folder) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
restore(folder, values.tenant).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`error: ${describeError(error)}`);
    process.exit(1);
  },
);
