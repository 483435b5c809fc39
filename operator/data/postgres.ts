import pg from 'pg';

/** Quotes an identifier for SQL text (names are also made safe upstream; this is the guarantee). */
export const ident = (name: string) => pg.escapeIdentifier(name);
export const literal = (value: string) => pg.escapeLiteral(value);

/** An error of PostgreSQL itself, with its SQLSTATE. */
export const sqlState = (error: unknown) => (error as { code?: string }).code;

/** Connection failures: the server is down or unreachable, as opposed to an SQL error. */
export function isUnavailable(error: unknown): boolean {
  const code = sqlState(error) ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code) ||
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin shutdown
    code === '57P03' || // cannot connect now (starting up)
    /Connection terminated|timeout exceeded when trying to connect/.test(
      String((error as Error).message),
    )
  );
}

/**
 * The operator's administrative access to PostgreSQL: a small pool per database, opened on
 * first use and closed when idle (there may be a database per tenant).
 */
export class PostgresAdmin {
  private readonly pools = new Map<string, pg.Pool>();
  private readonly url: URL;

  constructor(url: string) {
    this.url = new URL(url);
  }

  get host(): string {
    return this.url.hostname;
  }

  get port(): number {
    return Number(this.url.port || 5432);
  }

  pool(database: string): pg.Pool {
    let pool = this.pools.get(database);
    if (!pool) {
      const url = new URL(this.url);
      url.pathname = `/${database}`;
      pool = new pg.Pool({
        connectionString: url.toString(),
        max: 4,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 5_000,
      });
      // An idle client losing its connection must not crash the process.
      pool.on('error', () => {});
      this.pools.set(database, pool);
    }
    return pool;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    database: string,
    text: string,
    values?: unknown[],
  ) {
    return this.pool(database).query<R>(text, values);
  }

  async withClient<T>(database: string, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool(database).connect();
    try {
      return await use(client);
    } finally {
      client.release();
    }
  }

  /** Creates the database unless it exists; only the owner and granted roles may connect. */
  async ensureDatabase(name: string): Promise<void> {
    const { rowCount } = await this.query(
      'postgres',
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [name],
    );
    if (rowCount) return;
    try {
      await this.query('postgres', `CREATE DATABASE ${ident(name)}`);
    } catch (error) {
      // Another worker created it first.
      if (sqlState(error) !== '42P04') throw error;
    }
    await this.query('postgres', `REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC`);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.closePool(name);
    await this.query('postgres', `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  }

  private async closePool(database: string): Promise<void> {
    const pool = this.pools.get(database);
    this.pools.delete(database);
    await pool?.end();
  }

  async end(): Promise<void> {
    await Promise.all([...this.pools.keys()].map((database) => this.closePool(database)));
  }
}
