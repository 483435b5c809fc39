import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** PEM-encoded TLS material of the admission webhook: its own CA, and a serving certificate. */
export interface WebhookTls {
  caCert: string;
  cert: string;
  key: string;
}

const rsaKey = () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
};

function certificate(
  subject: string,
  publicKey: forge.pki.PublicKey,
  years: number,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the first byte's high bit clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3_600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

/**
 * A CA of the webhook's own (the API server trusts it through the webhook configuration's
 * caBundle) and a serving certificate it signs for `hosts`: DNS names and IP addresses.
 */
export function createWebhookTls(hosts: string[], years = 10): WebhookTls {
  const caKey = rsaKey();
  const ca = certificate(
    'inopsio-admission-ca',
    forge.pki.setRsaPublicKey(caKey.n, caKey.e),
    years,
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  );
  ca.setIssuer(ca.subject.attributes);
  ca.sign(caKey, forge.md.sha256.create());
  const key = rsaKey();
  const serving = certificate(
    hosts[0] ?? 'localhost',
    forge.pki.setRsaPublicKey(key.n, key.e),
    years,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((host) =>
          /^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host },
        ),
      },
    ],
  );
  serving.setIssuer(ca.subject.attributes);
  serving.sign(caKey, forge.md.sha256.create());
  return {
    caCert: forge.pki.certificateToPem(ca),
    cert: forge.pki.certificateToPem(serving),
    key: forge.pki.privateKeyToPem(key),
  };
}
