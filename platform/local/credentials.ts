import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/** Secrets generated once per state folder; the file is readable by its owner only. */
export interface Credentials {
  kubeAdminToken: string;
  kubeControllerManagerToken: string;
  postgresPassword: string;
  keycloakAdminPassword: string;
  openbaoRootToken: string;
}

const secret = () => randomBytes(24).toString('base64url');

export async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  const fresh: Credentials = {
    kubeAdminToken: secret(),
    kubeControllerManagerToken: secret(),
    postgresPassword: secret(),
    keycloakAdminPassword: secret(),
    openbaoRootToken: secret(),
  };
  if (!existsSync(file)) {
    await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
    return fresh;
  }
  // Keep what exists (data already initialised with it) and fill in anything newer.
  const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
  const merged = { ...fresh, ...stored };
  if (Object.keys(stored).length !== Object.keys(merged).length) {
    await writeFile(file, JSON.stringify(merged, null, 2), { mode: 0o600 });
  }
  return merged;
}
