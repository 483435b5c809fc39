import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import type { TenantStatus } from '../../api/v1alpha1/index.ts';
import { disableLogin, ensureLogins, revokeAccess, roleExists } from '../../data/access.ts';
import { type Home, homeFor, homeLocation, parseLocation } from '../../data/homes.ts';
import { loginRole, tenantRole } from '../../data/identifiers.ts';
import { deleteTenantData, provisionHome, removeFromHome } from '../../data/lifecycle.ts';
import { type Migration, migrationsKey, readMigrations } from '../../data/migrations.ts';
import { copyTenant } from '../../data/moves.ts';
import { isUnavailable, type PostgresAdmin } from '../../data/postgres.ts';
import { takeSnapshot } from '../../data/snapshots.ts';
import { type RotatedCredential, validVersions } from '../../secrets/rotation.ts';
import { ConditionType } from '../conditions.ts';
import { labels, tenantNamespace } from '../constants.ts';
import { ownerReference } from '../render/common.ts';
import { type Step, type StepContext, StepError, whileAvailable } from './step.ts';

/** The Secret in the tenant's namespace that tells its workloads where their data is. */
export const databaseSecret = 'tenant-database';

export interface DataPlane {
  admin: PostgresAdmin;
  /** Where Snapshot deletions write the tenant's data. */
  snapshotDir: string;
  /** The services folder holding each module's migrations; the repository's by default. */
  migrationsDir?: string;
}

const encode = (value: string | number) => Buffer.from(String(value)).toString('base64');
const decode = (value?: string) =>
  value ? Buffer.from(value, 'base64').toString('utf8') : undefined;

function credentials(
  ctx: StepContext,
  home: Home,
  login: { name: string; password: string },
  admin: PostgresAdmin,
): KubernetesObject {
  const secret: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: databaseSecret,
      namespace: tenantNamespace(ctx.tenant.metadata.name),
      labels: {
        [labels.managedBy]: 'inopsio-operator',
        [labels.tenant]: ctx.tenant.metadata.name,
        [labels.edition]: ctx.edition.metadata.name,
      },
      ownerReferences: [ownerReference(ctx.tenant)],
    },
    data: {
      isolation: encode(home.isolation),
      host: encode(admin.host),
      port: encode(admin.port),
      database: encode(home.database),
      schema: encode(home.schema),
      username: encode(login.name),
      password: encode(login.password),
      url: encode(
        `postgresql://${login.name}:${encodeURIComponent(login.password)}@${admin.host}:${admin.port}/${home.database}?options=${encodeURIComponent(`-c search_path=${home.schema}`)}`,
      ),
    },
  };
  return secret as KubernetesObject;
}

/** The home the Secret points the tenant's workloads at, if there is a Secret. */
function homeInSecret(secret: V1Secret | undefined): Home | undefined {
  const isolation = decode(secret?.data?.isolation) as Home['isolation'] | undefined;
  const database = decode(secret?.data?.database);
  const schema = decode(secret?.data?.schema);
  return isolation && database && schema ? { isolation, database, schema } : undefined;
}

/** A login role for every valid version of the credential; the previous one expires. */
const loginsFor = (role: string, credential: RotatedCredential) =>
  validVersions(credential).map((version) => ({
    name: loginRole(role, version.id),
    password: version.value,
    validUntil: version.id === credential.previous?.id ? credential.previous.expiresAt : undefined,
  }));

/** PostgreSQL being down is a condition reason of its own. */
const guarded = <T>(admin: PostgresAdmin, run: () => Promise<T>) =>
  whileAvailable(
    {
      reason: 'PostgresUnavailable',
      what: `PostgreSQL at ${admin.host}:${admin.port}`,
      isUnavailable,
    },
    run,
  );

/**
 * The tenant's data in PostgreSQL, by the edition's isolation model: its login role, its home
 * (rows in the pooled tables, a schema, or a database) with every module's migrations, and
 * its connection details in a Secret. When the edition's model changes the data moves: copied
 * while writes pause, verified table by table, credentials switched, the old copy removed.
 * Deletion honours the tenant's deletionPolicy.
 */
export function databaseStep(data: DataPlane): Step {
  /** Per tenant: what the last successful pass was for; the same again needs no work. */
  const done = new Map<string, string>();
  /** Migrations ship with the release: read once per set of modules. */
  const migrationSets = new Map<string, Migration[]>();
  const migrationsOf = (modules: readonly string[]) => {
    const key = modules.join(',');
    let migrations = migrationSets.get(key);
    if (!migrations) {
      migrations = readMigrations(modules, data.migrationsDir);
      migrationSets.set(key, migrations);
    }
    return migrations;
  };
  return {
    name: 'database',
    condition: ConditionType.DatabaseReady,
    async reconcile(ctx) {
      const { tenant, edition } = ctx;
      const name = tenant.metadata.name;
      const role = tenantRole(name);
      const target = homeFor(name, edition.spec.isolation);
      const migrations = migrationsOf(edition.spec.modules);
      const secret = ctx.cluster.get<V1Secret>('Secret', databaseSecret, tenantNamespace(name));
      const credential = ctx.credentials.database;
      if (!credential) {
        throw new StepError('CredentialsMissing', 'the secrets step gave no database credential');
      }
      const logins = loginsFor(role, credential);
      const current = { name: loginRole(role, credential.current.id), ...credential.current };
      const previous = tenant.status?.database;
      const recorded = previous ? parseLocation(previous.isolation, previous.location) : undefined;
      // Where the data is now: the Secret is switched before an old copy is removed, so it is
      // the durable record even if the status write after a move was lost.
      const located = homeInSecret(secret) ?? recorded;
      const status: NonNullable<TenantStatus['database']> = {
        isolation: target.isolation,
        location: homeLocation(target),
        role,
        secret: databaseSecret,
        ...(previous?.lastMove ? { lastMove: previous.lastMove } : {}),
      };
      const pass = [
        status.location,
        recorded && homeLocation(recorded),
        migrationsKey(migrations),
        logins.map((l) => `${l.name}@${l.validUntil ?? ''}`).join(','),
        secret?.metadata?.resourceVersion,
      ].join('|');
      if (done.get(name) === pass) {
        // Nothing to change; a cheap round trip keeps the condition honest about PostgreSQL.
        await guarded(data.admin, () => data.admin.query('postgres', 'SELECT 1'));
      } else {
        const { applied } = await guarded(data.admin, () =>
          provisionHome(data.admin, target, role, undefined, migrations),
        );
        await guarded(data.admin, () => ensureLogins(data.admin, role, target, logins));
        if (applied.length > 0)
          ctx.log.info({ migrations: applied, home: status.location }, 'migrated');
        const moving = located && homeLocation(located) !== status.location ? located : undefined;
        const move = moving
          ? await guarded(data.admin, () => copyTenant(data.admin, role, moving, target))
          : undefined;
        // The switch: workloads learn where their data is from the Secret.
        await ctx.cluster.ensure(
          credentials(ctx, target, { name: current.name, password: current.value }, data.admin),
        );
        if (move && moving) {
          status.lastMove = {
            from: homeLocation(moving),
            to: status.location,
            rows: move.rows,
            readOnlyMilliseconds: Date.now() - move.frozenAt,
            completedAt: new Date().toISOString(),
          };
          await ctx.record({
            type: 'Normal',
            reason: 'DataMoved',
            action: 'Move',
            note: `${move.rows} rows of ${move.tables.length} tables moved from ${status.lastMove.from} to ${status.location} and verified; writes paused for ${status.lastMove.readOnlyMilliseconds} ms`,
          });
        }
        // The copy left behind by this move, or by one whose cleanup was interrupted.
        const stale =
          moving ?? (recorded && homeLocation(recorded) !== status.location ? recorded : undefined);
        // Like the data of a deleted tenant, the old copy goes by the tenant's deletionPolicy:
        // Retain keeps it (frozen, out of the tenant's reach); Delete and Snapshot remove it.
        if (stale && tenant.spec.deletionPolicy === 'Retain') {
          await guarded(data.admin, () => revokeAccess(data.admin, stale, role, target));
        } else if (stale) {
          await guarded(data.admin, () => removeFromHome(data.admin, stale, role, target));
        }
        const switched = ctx.cluster.get<V1Secret>('Secret', databaseSecret, tenantNamespace(name));
        done.set(
          name,
          [
            status.location,
            status.location,
            migrationsKey(migrations),
            logins.map((l) => `${l.name}@${l.validUntil ?? ''}`).join(','),
            switched?.metadata?.resourceVersion,
          ].join('|'),
        );
      }
      ctx.report.database = status;
      const modules = [...new Set(migrations.map((m) => m.module))];
      return {
        done: true,
        reason: 'Provisioned',
        message: `${edition.spec.isolation} isolation in ${status.location} as role ${role}${
          modules.length ? ` with the ${modules.join(', ')} schemas migrated` : ''
        }; connection details in Secret ${databaseSecret}`,
      };
    },
    async finalize(ctx) {
      const { tenant } = ctx;
      const name = tenant.metadata.name;
      const recorded = tenant.status?.database;
      done.delete(name);
      if (!recorded) return { done: true, reason: 'Deleting', message: 'no data was provisioned' };
      const home = parseLocation(recorded.isolation, recorded.location);
      const role = recorded.role ?? tenantRole(name);
      const policy = tenant.spec.deletionPolicy;
      // Finalizing can run again after it finished (the namespace step is still waiting):
      // with the role gone, the data is gone and a second snapshot would hold nothing.
      if (policy !== 'Retain' && !(await guarded(data.admin, () => roleExists(data.admin, role)))) {
        return { done: true, reason: 'Deleting', message: `data in ${recorded.location} deleted` };
      }
      const note = await guarded(data.admin, async () => {
        if (policy === 'Retain') {
          await revokeAccess(data.admin, home, role);
          await disableLogin(data.admin, role);
          return `data kept in ${recorded.location} (deletionPolicy Retain); role ${role} can no longer log in`;
        }
        let kept = '';
        if (policy === 'Snapshot') {
          const folder = await takeSnapshot(data.admin, home, name, role, data.snapshotDir);
          kept = `; a snapshot of its data is in ${folder}`;
        }
        await deleteTenantData(data.admin, home, role);
        return `data in ${recorded.location} and role ${role} deleted (deletionPolicy ${policy})${kept}`;
      });
      await ctx.record({
        type: 'Normal',
        reason: `Data${policy === 'Retain' ? 'Retained' : 'Deleted'}`,
        action: 'Delete',
        note,
      });
      ctx.log.info({ policy, note }, 'tenant data finalized');
      return { done: true, reason: 'Deleting', message: note };
    },
  };
}
