import { randomBytes } from 'node:crypto';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, describe, expect, it } from 'vitest';
import { readEndpoints } from './endpoints.ts';

const { keycloak } = readEndpoints();
const realm = `probe-${randomBytes(4).toString('hex')}`;
const secret = randomBytes(18).toString('base64url');

async function adminClient(): Promise<KeycloakAdminClient> {
  const client = new KeycloakAdminClient({ baseUrl: keycloak.url, realmName: 'master' });
  await client.auth({
    grantType: 'password',
    clientId: 'admin-cli',
    username: keycloak.adminUser,
    password: keycloak.adminPassword,
  });
  return client;
}

function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

describe('the local Keycloak', () => {
  afterAll(async () => {
    await (await adminClient()).realms.del({ realm }).catch(() => undefined);
  });

  it('creates a realm through the admin API, and that realm issues tokens', async () => {
    const admin = await adminClient();
    await admin.realms.create({ realm, enabled: true });
    admin.setConfig({ realmName: realm });
    await admin.clients.create({
      clientId: 'probe',
      secret,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    });

    const response = await fetch(`${keycloak.url}/realms/${realm}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'probe',
        client_secret: secret,
      }),
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const claims = jwtPayload(access_token);
    expect(claims.iss).toBe(`${keycloak.url}/realms/${realm}`);
    expect(claims.azp).toBe('probe');
  });

  it('refuses a token to a wrong client secret', async () => {
    const response = await fetch(`${keycloak.url}/realms/${realm}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'probe',
        client_secret: 'wrong',
      }),
    });
    expect(response.status).toBe(401);
  });
});
