import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readEndpoints } from './endpoints.ts';

const { openbao } = readEndpoints();
const tenant = `probe-${randomBytes(4).toString('hex')}`;
const policy = `probe-${tenant}`;

/** One call of the Vault HTTP API, which OpenBao serves. */
async function vault(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${openbao.address}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('the local OpenBao (Vault API)', () => {
  afterAll(async () => {
    await vault(openbao.token, 'DELETE', `secret/metadata/tenants/${tenant}/db`);
    await vault(openbao.token, 'DELETE', `sys/policies/acl/${policy}`);
  });

  it('is unsealed and reports itself as OpenBao', async () => {
    const health = await vault(openbao.token, 'GET', 'sys/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ initialized: true, sealed: false });
  });

  it('lets a token whose policy allows one KV v2 path use that path and nothing else', async () => {
    const written = await vault(openbao.token, 'PUT', `sys/policies/acl/${policy}`, {
      policy: `path "secret/data/tenants/${tenant}/*" { capabilities = ["create", "update", "read"] }`,
    });
    expect(written.status).toBe(204);
    const created = await vault(openbao.token, 'POST', 'auth/token/create', {
      policies: [policy],
      no_default_policy: true,
      ttl: '10m',
    });
    expect(created.status).toBe(200);
    const token = created.body.auth.client_token as string;
    expect(created.body.auth.policies).toEqual([policy]);

    const put = await vault(token, 'POST', `secret/data/tenants/${tenant}/db`, {
      data: { password: 'first' },
    });
    expect(put.status).toBe(200);
    const read = await vault(token, 'GET', `secret/data/tenants/${tenant}/db`);
    expect(read.status).toBe(200);
    expect(read.body.data.data).toEqual({ password: 'first' });

    expect((await vault(token, 'GET', 'secret/data/tenants/someone-else/db')).status).toBe(403);
    expect(
      (await vault(token, 'POST', 'secret/data/shared/config', { data: { a: 1 } })).status,
    ).toBe(403);
    expect((await vault(token, 'GET', 'sys/policies/acl')).status).toBe(403);
  });
});
