import { setTimeout as sleep } from 'node:timers/promises';
import { type CoordinationV1Api, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { describeError, hasStatus } from './errors.ts';
import type { Logger } from './logger.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  /** This process, as the lease's holderIdentity. */
  identity: string;
  /** How long others wait after the last renewal before taking the lease. */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leading. */
  renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew. */
  retryPeriodMs?: number;
}

/**
 * Leader election on a coordination.k8s.io Lease, as client-go's: the holder renews the lease
 * every retry period; another candidate takes it only when the holder has not renewed it for a
 * lease duration, measured on the candidate's own clock from when it last saw the lease change
 * (so clock skew between machines does not matter). Updates carry the resourceVersion they
 * read, so two candidates can never both win.
 */
export class LeaderElector {
  private readonly api: CoordinationV1Api;
  private readonly log: Logger;
  private readonly namespace: string;
  private readonly name: string;
  readonly identity: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed?: { holder: string; renewTime: string; seenAt: number };
  private leading = false;

  constructor(api: CoordinationV1Api, options: LeaderElectionOptions, log: Logger) {
    this.api = api;
    this.log = log;
    this.namespace = options.namespace;
    this.name = options.name;
    this.identity = options.identity;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  private lease(previous?: V1Lease): V1Lease {
    const now = new V1MicroTime();
    const taking = previous?.spec?.holderIdentity !== this.identity;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        resourceVersion: previous?.metadata?.resourceVersion,
      },
      spec: {
        holderIdentity: this.identity,
        leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
        acquireTime: taking ? now : previous?.spec?.acquireTime,
        renewTime: now,
        leaseTransitions: (previous?.spec?.leaseTransitions ?? 0) + (taking && previous ? 1 : 0),
      },
    };
  }

  /** One attempt to acquire or renew; true when this process holds the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    let current: V1Lease | undefined;
    try {
      current = await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
    if (!current) {
      await this.api.createNamespacedLease({ namespace: this.namespace, body: this.lease() });
      return true;
    }
    const holder = current.spec?.holderIdentity ?? '';
    const renewTime = String(current.spec?.renewTime ?? '');
    if (
      !this.observed ||
      this.observed.holder !== holder ||
      this.observed.renewTime !== renewTime
    ) {
      this.observed = { holder, renewTime, seenAt: Date.now() };
    }
    const expired = Date.now() > this.observed.seenAt + this.leaseDurationMs;
    if (holder && holder !== this.identity && !expired) return false;
    try {
      await this.api.replaceNamespacedLease({
        name: this.name,
        namespace: this.namespace,
        body: this.lease(current),
      });
      return true;
    } catch (error) {
      // Someone else updated the lease between our read and our write.
      if (hasStatus(error, 409)) return false;
      throw error;
    }
  }

  /**
   * Waits until this process leads, calls `lead` with a signal that aborts when leadership is
   * lost, and keeps renewing. Resolves when `signal` aborts (releasing the lease so another
   * replica takes over at once) or leadership is lost.
   */
  async run(lead: (lost: AbortSignal) => void, signal: AbortSignal): Promise<'stopped' | 'lost'> {
    while (!signal.aborted) {
      const acquired = await this.tryAcquireOrRenew().catch((error: unknown) => {
        this.log.warn({ error: describeError(error) }, 'could not read or write the leader lease');
        return false;
      });
      if (acquired) break;
      await sleep(this.retryPeriodMs, undefined, { signal }).catch(() => undefined);
    }
    if (signal.aborted) return 'stopped';
    this.leading = true;
    this.log.info(
      { lease: `${this.namespace}/${this.name}`, identity: this.identity },
      'became the leader',
    );
    const lost = new AbortController();
    lead(lost.signal);
    let lastRenewal = Date.now();
    while (!signal.aborted) {
      await sleep(this.retryPeriodMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) break;
      const renewed = await this.tryAcquireOrRenew().catch((error: unknown) => {
        this.log.warn({ error: describeError(error) }, 'could not renew the leader lease');
        return false;
      });
      if (renewed) lastRenewal = Date.now();
      else if (Date.now() - lastRenewal > this.renewDeadlineMs) {
        this.leading = false;
        this.log.error({ identity: this.identity }, 'lost the leader lease');
        lost.abort();
        return 'lost';
      }
    }
    await this.release();
    this.leading = false;
    lost.abort();
    return 'stopped';
  }

  /** Gives the lease up so that a standby replica need not wait for it to expire. */
  private async release(): Promise<void> {
    try {
      const current = await this.api.readNamespacedLease({
        name: this.name,
        namespace: this.namespace,
      });
      if (current.spec?.holderIdentity !== this.identity) return;
      await this.api.replaceNamespacedLease({
        name: this.name,
        namespace: this.namespace,
        body: {
          ...current,
          spec: {
            ...current.spec,
            holderIdentity: '',
            leaseDurationSeconds: 1,
            renewTime: new V1MicroTime(),
          },
        },
      });
      this.log.info({ identity: this.identity }, 'released the leader lease');
    } catch (error) {
      this.log.warn({ error: describeError(error) }, 'could not release the leader lease');
    }
  }
}
