import { setTimeout as sleep } from 'node:timers/promises';

export interface WorkQueueOptions {
  /** First retry delay of a failing key; doubles with each failure. */
  baseDelayMs?: number;
  /** The longest retry delay. */
  maxDelayMs?: number;
  /** Told the number of queued keys whenever it changes (for a metric). */
  onDepth?: (depth: number) => void;
}

/** What a handler may ask for besides success: to be looked at again after a while. */
export interface HandlerResult {
  requeueAfterMs?: number;
}

/**
 * A work queue of object keys, as client-go's: a key waits at most once however often it is
 * added, one key is never handled by two workers at once (a key added while it is handled
 * runs again afterwards), and a failing key is retried with its own exponential backoff.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** Delayed adds by key, with when they are due: the earliest wins. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  private readonly waiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly onDepth: (depth: number) => void;

  constructor(options: WorkQueueOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.onDepth = options.onDepth ?? (() => {});
  }

  get depth(): number {
    return this.queue.length;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // A key being handled goes back in the queue when its handler is done.
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.onDepth(this.queue.length);
    this.waiters.shift()?.();
  }

  /** Adds the key after `delayMs`, unless it is already due sooner. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const due = Date.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.due <= due) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, { timer, due });
  }

  /** Adds the key after its backoff: base × 2^(failures so far), capped. */
  addWithBackoff(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delay = Math.min(this.baseDelayMs * 2 ** failures, this.maxDelayMs);
    this.addAfter(key, delay);
    return delay;
  }

  /** Forgets a key's failures after it succeeds. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  private async next(): Promise<string | undefined> {
    for (;;) {
      if (this.shuttingDown) return undefined;
      if (this.queue.length > 0) break;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const key = this.queue.shift() as string;
    this.onDepth(this.queue.length);
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.onDepth(this.queue.length);
      this.waiters.shift()?.();
    }
  }

  /**
   * Runs `workers` loops that take keys and handle them until `shutDown`. A handler that
   * throws has its key retried with backoff; `onError` hears about it.
   */
  async run(
    workers: number,
    handle: (key: string) => Promise<HandlerResult | undefined>,
    onError: (key: string, error: unknown, retryInMs: number) => void,
  ): Promise<void> {
    const worker = async () => {
      for (;;) {
        const key = await this.next();
        if (key === undefined) return;
        try {
          const result = await handle(key);
          this.forget(key);
          if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
        } catch (error) {
          onError(key, error, this.addWithBackoff(key));
        } finally {
          this.done(key);
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
  }

  /** Stops taking keys; running handlers finish; `run` resolves when they have. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when nothing is queued, waiting or being handled (for tests and benchmarks). */
  async idle(pollMs = 20): Promise<void> {
    while (this.queue.length > 0 || this.processing.size > 0 || this.timers.size > 0) {
      await sleep(pollMs);
    }
  }
}
