import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readEndpoints } from './endpoints.ts';

const { postgres } = readEndpoints();
const role = `probe_${randomBytes(4).toString('hex')}`;
const password = randomBytes(18).toString('base64url');

async function withClient<T>(config: pg.ClientConfig, use: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const asAdmin = <T>(use: (client: pg.Client) => Promise<T>) => withClient(postgres, use);
const asRole = <T>(use: (client: pg.Client) => Promise<T>) =>
  withClient({ ...postgres, user: role, password }, use);

describe('the local PostgreSQL', () => {
  afterAll(() =>
    asAdmin(async (admin) => {
      await admin.query(`DROP SCHEMA IF EXISTS ${role} CASCADE`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    }),
  );

  it('is PostgreSQL 15', async () => {
    const { rows } = await asAdmin((admin) => admin.query('SHOW server_version_num'));
    expect(Number(rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);
    expect(Number(rows[0].server_version_num)).toBeLessThan(160000);
  });

  it('lets a new login role work in a schema it owns, and nowhere else', async () => {
    await asAdmin(async (admin) => {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await admin.query(`CREATE SCHEMA ${role} AUTHORIZATION ${role}`);
    });
    await asRole(async (client) => {
      const { rows: who } = await client.query('SELECT current_user');
      expect(who[0].current_user).toBe(role);
      await client.query(`CREATE TABLE ${role}.notes (id serial PRIMARY KEY, body text NOT NULL)`);
      await client.query(`INSERT INTO ${role}.notes (body) VALUES ($1)`, ['hello']);
      const { rows } = await client.query(`SELECT body FROM ${role}.notes`);
      expect(rows).toEqual([{ body: 'hello' }]);
      // PostgreSQL 15 no longer lets every role create objects in the public schema.
      await expect(client.query('CREATE TABLE public.intruder (id int)')).rejects.toMatchObject({
        code: '42501',
      });
    });
  });

  it('refuses the role with a wrong password', async () => {
    await expect(
      withClient({ ...postgres, user: role, password: 'wrong' }, async () => undefined),
    ).rejects.toMatchObject({ code: '28P01' });
  });
});
