import { describe, expect, it } from 'vitest';
import { editionObject, editionSpec, tenantObject, tenantSpec } from '../test/fixtures.ts';
import { identityLocation, planIdentity } from './plan.ts';
import { drifted, holds } from './realm-settings.ts';

const tenant = tenantObject(
  'acme',
  tenantSpec('business', {
    displayName: 'Acme',
    domains: ['b.acme.example', 'a.acme.example'],
    admin: { email: 'Boss@Acme.example' },
  }),
);

describe('planIdentity', () => {
  it("gives a realm-mode tenant its own realm with the edition's security settings", () => {
    const edition = editionObject(
      'business',
      editionSpec({
        identity: { ...editionSpec().identity, mfa: 'required', sessionIdleTimeout: '15m' },
      }),
    );
    const plan = planIdentity(tenant, edition, 's3cret', { host: 'smtp.example', port: '587' });
    expect(plan).toMatchObject({
      mode: 'realm',
      realm: 'tenant-acme',
      rolesOn: 'realm',
      mfa: true,
    });
    expect(plan.settings).toMatchObject({
      displayName: 'Acme',
      bruteForceProtected: true,
      passwordPolicy: 'length(12)',
      ssoSessionIdleTimeout: 900,
      ssoSessionMaxLifespan: 36_000,
      smtpServer: { host: 'smtp.example', port: '587' },
    });
    expect(plan.clients.gateway).toMatchObject({
      clientId: 'gateway',
      publicClient: false,
      secret: 's3cret',
    });
    expect(plan.clients.web).toMatchObject({
      clientId: 'web',
      publicClient: true,
      redirectUris: ['https://a.acme.example/*', 'https://b.acme.example/*'],
      webOrigins: ['https://a.acme.example', 'https://b.acme.example'],
      attributes: { 'pkce.code.challenge.method': 'S256' },
    });
    expect(plan.admin).toEqual({
      email: 'boss@acme.example',
      requiredActions: ['UPDATE_PASSWORD', 'VERIFY_EMAIL', 'CONFIGURE_TOTP'],
    });
  });

  it("puts an organization-mode tenant in its edition's shared realm, with clients and roles of its own", () => {
    const edition = editionObject(
      'starter',
      editionSpec({
        isolation: 'pooled',
        identity: { ...editionSpec().identity, mode: 'organization' },
      }),
    );
    const plan = planIdentity(tenant, edition, 's3cret');
    expect(plan).toMatchObject({
      mode: 'organization',
      realm: 'edition-starter',
      rolesOn: 'gateway-client',
      organization: {
        alias: 'acme',
        description: 'Acme',
        domains: ['a.acme.example', 'b.acme.example'],
      },
      settings: { organizationsEnabled: true, displayName: 'Test' },
    });
    expect(plan.clients.gateway.clientId).toBe('acme-gateway');
    expect(plan.clients.web.clientId).toBe('acme-web');
  });
});

describe('identityLocation', () => {
  it('deletes a realm only when it is the tenant’s own', () => {
    expect(identityLocation('acme', { realm: 'tenant-acme' })).toMatchObject({ mode: 'realm' });
    expect(identityLocation('acme', { realm: 'edition-starter' })).toMatchObject({
      mode: 'organization',
      organization: 'acme',
      clientIds: ['acme-gateway', 'acme-web'],
    });
  });
});

describe('drift', () => {
  it('compares only the fields the plan sets, arrays as sets', () => {
    const actual = { a: 1, b: ['x', 'y'], c: { d: true, e: 'kept' }, extra: 'ignored' };
    expect(holds(actual, { b: ['y', 'x'], c: { d: true } })).toBe(true);
    expect(drifted(actual, { a: 2, b: ['x'], c: { d: true } })).toEqual(['a', 'b']);
  });
});
