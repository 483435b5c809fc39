import { setTimeout as sleep } from 'node:timers/promises';
import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  Watch,
} from '@kubernetes/client-node';
import { describeError, hasStatus } from './errors.ts';
import type { Logger } from './logger.ts';
import { toJson } from './wire-format.ts';

export type InformerEvent = 'add' | 'update' | 'delete' | 'resync';
export type InformerHandler<T> = (event: InformerEvent, object: T) => void;

export interface InformerOptions {
  apiVersion: string;
  kind: string;
  /** The resource's plural name, for the watch path. */
  plural: string;
  labelSelector?: string;
  /** How often every cached object is handed to the handlers again; 0 never. */
  resyncMs?: number;
  /** Keep no `status` in the cache, for kinds whose status is never read. */
  dropStatus?: boolean;
  /**
   * Resume watching from this resourceVersion (a remembered bookmark) instead of listing
   * first; if it is too old the API server answers 410 Gone and the informer lists.
   */
  resumeFrom?: string;
}

export const objectKey = (object: KubernetesObject) =>
  object.metadata?.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : (object.metadata?.name ?? '');

const isGone = (error: unknown) => hasStatus(error, 410);

/**
 * A list+watch cache of one kind (in all namespaces), as client-go's reflector and informer:
 * it lists, then watches from the list's resourceVersion with bookmarks so a reconnect
 * resumes where it left off; a 410 Gone (history compacted) makes it list again and hand
 * on the differences; other failures reconnect with backoff. Every `resyncMs` it hands every
 * cached object to the handlers again.
 */
export class Informer<T extends KubernetesObject> {
  private readonly objects = new Map<string, T>();
  private readonly handlers: InformerHandler<T>[] = [];
  private readonly api: KubernetesObjectApi;
  private readonly watch: Watch;
  private resourceVersion = '';
  private stopped = false;
  private abort?: AbortController;
  private resyncTimer?: NodeJS.Timeout;
  private firstSync?: Promise<void>;
  /** Lists made so far, for tests of the relist path. */
  lists = 0;

  private readonly options: InformerOptions;
  private readonly log: Logger;

  constructor(kubeconfig: KubeConfig, options: InformerOptions, log: Logger) {
    this.options = options;
    this.log = log;
    this.resourceVersion = options.resumeFrom ?? '';
    this.api = KubernetesObjectApi.makeApiClient(kubeconfig);
    this.watch = new Watch(kubeconfig);
  }

  private get path(): string {
    const { apiVersion, plural } = this.options;
    return apiVersion.includes('/')
      ? `/apis/${apiVersion}/${plural}`
      : `/api/${apiVersion}/${plural}`;
  }

  on(handler: InformerHandler<T>): void {
    this.handlers.push(handler);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  /** Stores an object the API server returned to a write, before its watch event arrives. */
  put(object: T): void {
    this.objects.set(objectKey(object), this.trim(object));
  }

  get size(): number {
    return this.objects.size;
  }

  /** Starts listing and watching; resolves once the first list is in the cache. */
  start(): Promise<void> {
    this.firstSync ??= new Promise<void>((synced) => {
      void this.loop(synced);
    });
    if (this.options.resyncMs) {
      this.resyncTimer = setInterval(() => {
        for (const object of this.objects.values()) this.emit('resync', object);
      }, this.options.resyncMs);
      this.resyncTimer.unref();
    }
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.abort?.abort();
  }

  private emit(event: InformerEvent, object: T): void {
    for (const handler of this.handlers) handler(event, object);
  }

  /** Managed fields are big and never read here: dropping them halves the cache. */
  private trim(object: T): T {
    if (object.metadata?.managedFields) delete object.metadata.managedFields;
    if (this.options.dropStatus) delete (object as { status?: unknown }).status;
    return object;
  }

  private async relist(): Promise<void> {
    const { apiVersion, kind, labelSelector } = this.options;
    const list = await this.api.list<T>(
      apiVersion,
      kind,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      labelSelector,
    );
    this.lists++;
    const seen = new Set<string>();
    for (const item of list.items) {
      const object = this.trim(toJson({ ...item, apiVersion, kind } as T));
      const key = objectKey(object);
      seen.add(key);
      const old = this.objects.get(key);
      this.objects.set(key, object);
      if (!old) this.emit('add', object);
      else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        this.emit('update', object);
      }
    }
    for (const [key, object] of this.objects) {
      if (!seen.has(key)) {
        this.objects.delete(key);
        this.emit('delete', object);
      }
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
  }

  /** Watches until the stream ends: normally (resolve) or with an error (reject). */
  private async watchOnce(): Promise<void> {
    const { labelSelector } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.watch
        .watch(
          this.path,
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, labelSelector },
          (type: string, raw: T & { code?: number }) => {
            if (type === 'ERROR') {
              // 410: the resourceVersion is too old; list again.
              if (raw.code === 410) this.resourceVersion = '';
              return;
            }
            this.resourceVersion = raw.metadata?.resourceVersion ?? this.resourceVersion;
            if (type === 'BOOKMARK') return;
            const object = this.trim(raw);
            const key = objectKey(object);
            if (type === 'DELETED') {
              this.objects.delete(key);
              this.emit('delete', object);
            } else {
              const existed = this.objects.has(key);
              this.objects.set(key, object);
              this.emit(existed ? 'update' : 'add', object);
            }
          },
          (error: unknown) => {
            if (
              !error ||
              (error as Error).name === 'TimeoutError' ||
              (error as Error).name === 'AbortError'
            ) {
              resolve();
            } else if (isGone(error)) {
              this.resourceVersion = '';
              resolve();
            } else {
              reject(error);
            }
          },
        )
        .then((abort) => {
          this.abort = abort;
        }, reject);
    });
  }

  private async loop(synced: () => void): Promise<void> {
    let backoffMs = 0;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        // Synced after the first list, or at once when resuming from a known resourceVersion.
        synced();
        await this.watchOnce();
        backoffMs = 0;
      } catch (error) {
        if (this.stopped) return;
        if (isGone(error)) {
          this.resourceVersion = '';
          continue;
        }
        backoffMs = Math.min(backoffMs ? backoffMs * 2 : 500, 30_000);
        this.log.warn(
          { kind: this.options.kind, error: describeError(error), retryInMs: backoffMs },
          'list or watch failed; retrying',
        );
        await sleep(backoffMs);
      }
    }
  }
}
