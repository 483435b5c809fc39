import createVault from 'node-vault';

type VaultHttpClient = ReturnType<typeof createVault>;

/** Where the operator reaches Vault (or OpenBao, which speaks the same API), and its layout. */
export interface VaultSettings {
  address: string;
  /** A token that may manage the mounts, policies and auth roles below. Never logged. */
  token: string;
  /** The KV version 2 mount holding every tenant's path. */
  mount: string;
  /** The Kubernetes auth method's mount. */
  kubernetesMount: string;
}

export const defaultVaultLayout = { mount: 'tenants', kubernetesMount: 'kubernetes' } as const;

/** How Vault checks service-account tokens against the API server (TokenReview). */
export interface KubernetesAuthConfig {
  host: string;
  caCert?: string;
  reviewerJwt: string;
}

export interface KubernetesAuthRole {
  boundServiceAccountNames: string[];
  boundServiceAccountNamespaces: string[];
  policies: string[];
  ttlSeconds: number;
}

const statusOf = (error: unknown) =>
  (error as { response?: { statusCode?: number } }).response?.statusCode;

/** Vault cannot be reached or cannot serve (sealed, standby without a leader, starting). */
export function isVaultUnavailable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 503 || status === 502 || status === 504;
  const code = (error as { code?: string }).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ECONNABORTED'].includes(
    code,
  );
}

/**
 * The operator's typed view of the Vault HTTP API, on node-vault (ADR 0009): only the calls
 * the secrets step makes, each idempotent. A missing object reads as undefined.
 */
export class Vault {
  readonly settings: VaultSettings;
  private readonly http: VaultHttpClient;

  constructor(settings: VaultSettings) {
    this.settings = settings;
    this.http = createVault({
      apiVersion: 'v1',
      endpoint: settings.address,
      token: settings.token,
      requestOptions: { timeout: 10_000 },
    });
  }

  private async readOrUndefined(path: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.http.read(path)) as Record<string, unknown>;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** The KV version 2 mount for tenants, created if absent. */
  async ensureKvMount(): Promise<void> {
    const { mount } = this.settings;
    const mounts = (await this.http.read('sys/mounts')) as { data?: Record<string, unknown> };
    if (mounts.data?.[`${mount}/`]) return;
    await this.http.write(`sys/mounts/${mount}`, {
      type: 'kv',
      description: 'Inopsio tenants: one path per tenant',
      options: { version: '2' },
    });
  }

  /** The Kubernetes auth method, enabled if absent, checking tokens with this config. */
  async ensureKubernetesAuth(config: KubernetesAuthConfig): Promise<void> {
    const { kubernetesMount } = this.settings;
    const auths = (await this.http.read('sys/auth')) as { data?: Record<string, unknown> };
    if (!auths.data?.[`${kubernetesMount}/`]) {
      await this.http.write(`sys/auth/${kubernetesMount}`, { type: 'kubernetes' });
    }
    await this.http.write(`auth/${kubernetesMount}/config`, {
      kubernetes_host: config.host,
      kubernetes_ca_cert: config.caCert ?? '',
      token_reviewer_jwt: config.reviewerJwt,
      disable_local_ca_jwt: true,
    });
  }

  async readPolicy(name: string): Promise<string | undefined> {
    const found = await this.readOrUndefined(`sys/policies/acl/${name}`);
    return (found?.data as { policy?: string } | undefined)?.policy;
  }

  /** The names of every ACL policy. */
  async listPolicies(): Promise<string[]> {
    const listed = (await this.http.list('sys/policies/acl')) as { data?: { keys?: string[] } };
    return listed.data?.keys ?? [];
  }

  async writePolicy(name: string, policy: string): Promise<void> {
    await this.http.write(`sys/policies/acl/${name}`, { policy });
  }

  async deletePolicy(name: string): Promise<void> {
    await this.http.delete(`sys/policies/acl/${name}`);
  }

  async readKubernetesRole(name: string): Promise<KubernetesAuthRole | undefined> {
    const found = await this.readOrUndefined(`auth/${this.settings.kubernetesMount}/role/${name}`);
    const data = found?.data as
      | {
          bound_service_account_names?: string[];
          bound_service_account_namespaces?: string[];
          token_policies?: string[];
          token_ttl?: number;
        }
      | undefined;
    return data
      ? {
          boundServiceAccountNames: data.bound_service_account_names ?? [],
          boundServiceAccountNamespaces: data.bound_service_account_namespaces ?? [],
          policies: data.token_policies ?? [],
          ttlSeconds: data.token_ttl ?? 0,
        }
      : undefined;
  }

  async writeKubernetesRole(name: string, role: KubernetesAuthRole): Promise<void> {
    await this.http.write(`auth/${this.settings.kubernetesMount}/role/${name}`, {
      bound_service_account_names: role.boundServiceAccountNames,
      bound_service_account_namespaces: role.boundServiceAccountNamespaces,
      token_policies: role.policies,
      token_ttl: role.ttlSeconds,
    });
  }

  async deleteKubernetesRole(name: string): Promise<void> {
    await this.http.delete(`auth/${this.settings.kubernetesMount}/role/${name}`);
  }

  /** The latest version of a KV secret, or undefined if there is none. */
  async readSecret<T extends object>(path: string): Promise<T | undefined> {
    const found = await this.readOrUndefined(`${this.settings.mount}/data/${path}`);
    return (found?.data as { data?: T } | undefined)?.data ?? undefined;
  }

  async writeSecret(path: string, data: object): Promise<void> {
    await this.http.write(`${this.settings.mount}/data/${path}`, { data });
  }

  /** Deletes every version of every secret under a folder (`acme/`). */
  async deleteTree(folder: string): Promise<void> {
    const { mount } = this.settings;
    let keys: string[] = [];
    try {
      const listed = (await this.http.list(`${mount}/metadata/${folder}`)) as {
        data?: { keys?: string[] };
      };
      keys = listed.data?.keys ?? [];
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    for (const key of keys) {
      if (key.endsWith('/')) await this.deleteTree(`${folder}${key}`);
      else await this.http.delete(`${mount}/metadata/${folder}${key}`);
    }
  }

  /** Logs in with a Kubernetes service-account token; the Vault token's client. */
  async kubernetesLogin(role: string, jwt: string): Promise<Vault> {
    const { auth } = (await this.http.write(`auth/${this.settings.kubernetesMount}/login`, {
      role,
      jwt,
    })) as { auth: { client_token: string } };
    return new Vault({ ...this.settings, token: auth.client_token });
  }
}
