import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookTls } from './certificates.ts';

describe('createWebhookTls', () => {
  it('makes a CA and a serving certificate it signed, for DNS names and addresses', () => {
    const tls = createWebhookTls(['inopsio-webhook.inopsio-system.svc', '127.0.0.1']);
    const ca = new X509Certificate(tls.caCert);
    const serving = new X509Certificate(tls.cert);
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.subjectAltName).toContain('DNS:inopsio-webhook.inopsio-system.svc');
    expect(serving.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(serving.checkPrivateKey(createPrivateKey(tls.key))).toBe(true);
  });
});
