import KeycloakAdminClient from '@keycloak/keycloak-admin-client';

/** Where the operator reaches Keycloak's admin API, and what realms it makes look like. */
export interface KeycloakSettings {
  /** The admin API's base URL, such as http://127.0.0.1:28080. */
  url: string;
  adminUser: string;
  /** Never logged. */
  adminPassword: string;
  /** The base URL users and workloads reach Keycloak at; issuers are made from it. */
  publicUrl: string;
}

/** The admin token lives 60 s in a default master realm; renew well before. */
const tokenRenewMs = 40_000;

const statusOf = (error: unknown) => (error as { response?: { status?: number } }).response?.status;

/** Keycloak cannot be reached, or answers that it cannot serve now. */
export function isKeycloakUnavailable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 502 || status === 503 || status === 504;
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code ?? '';
    if (
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'UND_ERR_SOCKET'].includes(
        code,
      )
    )
      return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
  }
  return false;
}

export const isNotFound = (error: unknown) => statusOf(error) === 404;
export const isConflict = (error: unknown) => statusOf(error) === 409;

/**
 * One signed-in admin client for all reconciles. Every call names its realm explicitly (the
 * client's default realm is shared state), and the token is renewed before it expires.
 */
export class Keycloak {
  readonly settings: KeycloakSettings;
  private readonly client: KeycloakAdminClient;
  private signedInAt = Number.NEGATIVE_INFINITY;
  private signingIn?: Promise<void>;
  private realmChanges: Promise<void> = Promise.resolve();

  constructor(settings: KeycloakSettings) {
    this.settings = settings;
    this.client = new KeycloakAdminClient({ baseUrl: settings.url, realmName: 'master' });
  }

  /** The admin client, signed in. */
  async admin(): Promise<KeycloakAdminClient> {
    if (Date.now() - this.signedInAt > tokenRenewMs) {
      this.signingIn ??= this.signIn().finally(() => {
        this.signingIn = undefined;
      });
      await this.signingIn;
    }
    return this.client;
  }

  private async signIn(): Promise<void> {
    const started = Date.now();
    await this.client.auth({
      grantType: 'password',
      clientId: 'admin-cli',
      username: this.settings.adminUser,
      password: this.settings.adminPassword,
    });
    this.signedInAt = started;
  }

  /**
   * Runs realm creations and deletions one at a time: they rewrite much of Keycloak's store,
   * and concurrent ones fail ("Database operation failed") or deadlock.
   */
  exclusively<T>(run: () => Promise<T>): Promise<T> {
    const result = this.realmChanges.then(run);
    this.realmChanges = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  issuer(realm: string): string {
    return `${this.settings.publicUrl.replace(/\/$/, '')}/realms/${realm}`;
  }
}
