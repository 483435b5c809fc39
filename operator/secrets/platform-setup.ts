import type { Vault } from './vault.ts';

/** How Vault reaches the API server to review service-account tokens. */
export interface TokenReviewAccess {
  host: string;
  caCert?: string;
  /** A fresh token of the token-reviewer service account (TokenRequest; it expires). */
  requestReviewerToken: () => Promise<string>;
}

/**
 * What every tenant's secrets rely on, made once and refreshed before the reviewer token
 * expires: the KV mount and the Kubernetes auth method. Concurrent callers share one attempt;
 * a failed one is tried again by the next caller.
 */
export class VaultPlatformSetup {
  private readonly vault: Vault;
  private readonly access: TokenReviewAccess;
  private readonly refreshMs: number;
  private doneAt = Number.NEGATIVE_INFINITY;
  private running?: Promise<void>;

  constructor(vault: Vault, access: TokenReviewAccess, refreshMs = 12 * 3_600_000) {
    this.vault = vault;
    this.access = access;
    this.refreshMs = refreshMs;
  }

  async ensure(): Promise<void> {
    if (Date.now() - this.doneAt < this.refreshMs) return;
    this.running ??= this.setUp().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async setUp(): Promise<void> {
    await this.vault.ensureKvMount();
    await this.vault.ensureKubernetesAuth({
      host: this.access.host,
      caCert: this.access.caCert,
      reviewerJwt: await this.access.requestReviewerToken(),
    });
    this.doneAt = Date.now();
  }
}
