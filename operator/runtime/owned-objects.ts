import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { hasStatus } from './errors.ts';
import { Informer, type InformerEvent } from './informer.ts';
import type { Logger } from './logger.ts';
import { contentHash, firstDifference } from './object-diff.ts';
import { toClientModel, toJson } from './wire-format.ts';

export interface OwnedKind {
  apiVersion: string;
  kind: string;
  plural: string;
  /** The API group, '' for the core group (for RBAC rules). */
  group: string;
}

export interface OwnedObjectsOptions {
  kinds: readonly OwnedKind[];
  /** The label every owned object carries, as `key=value`. */
  selector: string;
  fieldManager: string;
  /** The annotation holding the hash of what was last applied. */
  hashAnnotation: string;
  resyncMs?: number;
  onWrite: (verb: 'apply' | 'delete', kind: string) => void;
}

const keyOf = (object: KubernetesObject) =>
  [object.kind, object.metadata?.namespace ?? '', object.metadata?.name].join('\u0000');

const newer = (a?: string, b?: string) =>
  a !== undefined && (b === undefined || Number(a) >= Number(b) || Number.isNaN(Number(a)));

/**
 * The objects the operator makes, kept in list+watch caches, and the two writes it makes to
 * them: server-side apply and delete. An apply is sent only when the object is missing, its
 * desired content changed since the last apply (a hash in an annotation), or someone changed
 * a field the operator sets; so a resync that finds everything in place writes nothing.
 */
export class OwnedObjects {
  private readonly informers = new Map<string, Informer<KubernetesObject>>();
  private readonly api: KubernetesObjectApi;
  private readonly options: OwnedObjectsOptions;
  private readonly log: Logger;
  /** The resourceVersion of each object's last apply by this process. */
  private readonly applied = new Map<string, string | undefined>();
  /** Per set of objects: the inputs it was rendered from and the versions it was verified at. */
  private readonly verified = new Map<
    string,
    { inputs: string; versions: Map<string, string | undefined> }
  >();

  constructor(kubeconfig: KubeConfig, options: OwnedObjectsOptions, log: Logger) {
    this.options = options;
    this.log = log;
    this.api = KubernetesObjectApi.makeApiClient(kubeconfig);
    for (const kind of options.kinds) {
      this.informers.set(
        kind.kind,
        new Informer(
          kubeconfig,
          {
            ...kind,
            labelSelector: options.selector,
            resyncMs: options.resyncMs,
            // Only a namespace's status is read (is it terminating?); the rest is memory.
            dropStatus: kind.kind !== 'Namespace',
          },
          log,
        ),
      );
    }
  }

  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.start()));
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }

  /** Hears about every change to an owned object (to requeue its owner). */
  on(handler: (event: InformerEvent, object: KubernetesObject) => void): void {
    for (const informer of this.informers.values()) informer.on(handler);
  }

  private informer(kind: string): Informer<KubernetesObject> {
    const informer = this.informers.get(kind);
    if (!informer) throw new Error(`${kind} is not a kind the operator owns`);
    return informer;
  }

  get<T extends KubernetesObject>(kind: string, name: string, namespace?: string): T | undefined {
    return this.informer(kind).get(name, namespace) as T | undefined;
  }

  /** Owned objects of a kind whose labels include all of `labels`. */
  list<T extends KubernetesObject>(kind: string, labels: Record<string, string>): T[] {
    return this.informer(kind)
      .list()
      .filter((object) =>
        Object.entries(labels).every(([key, value]) => object.metadata?.labels?.[key] === value),
      ) as T[];
  }

  /** Applies `desired` unless the cache shows it in place; says whether it wrote, and the
   * resourceVersion it found or made. */
  async ensure(desired: KubernetesObject): Promise<{ wrote: boolean; resourceVersion?: string }> {
    const { kind = '', metadata = {} } = desired;
    const { hashAnnotation, fieldManager } = this.options;
    const hash = contentHash(desired);
    const actual = this.get(kind, metadata.name ?? '', metadata.namespace);
    const appliedHash = actual?.metadata?.annotations?.[hashAnnotation];
    const difference = actual ? firstDifference(desired, actual) : undefined;
    if (actual && appliedHash === hash && difference === undefined) {
      return { wrote: false, resourceVersion: actual.metadata?.resourceVersion };
    }
    this.log.debug(
      {
        kind,
        name: metadata.name,
        namespace: metadata.namespace,
        why: !actual
          ? 'missing'
          : appliedHash !== hash
            ? 'desired content changed'
            : `drift at ${difference}`,
      },
      'applying',
    );
    const body = {
      ...desired,
      metadata: { ...metadata, annotations: { ...metadata.annotations, [hashAnnotation]: hash } },
    };
    this.options.onWrite('apply', kind);
    const applied = toJson(
      await this.api.patch(
        toClientModel(body),
        undefined,
        undefined,
        fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
    this.remember(applied);
    this.applied.set(keyOf(applied), applied.metadata?.resourceVersion);
    return { wrote: true, resourceVersion: applied.metadata?.resourceVersion };
  }

  /**
   * Ensures a set of objects that `render` makes from `inputs` (a key of everything the
   * rendering depends on): cluster-scoped objects first (a namespace before what lives in it),
   * the rest at once. When the inputs are those of the last pass and no object of the set has
   * changed since (the same resourceVersions are in the cache), nothing is rendered, compared
   * or written, and `objects` is undefined: this is what keeps a resync cheap.
   */
  async ensureSet(
    set: string,
    inputs: string,
    render: () => KubernetesObject[],
  ): Promise<{ objects?: KubernetesObject[]; wrote: number }> {
    const last = this.verified.get(set);
    if (
      last?.inputs === inputs &&
      [...last.versions].every(([key, version]) => this.versionOf(key) === version)
    ) {
      return { wrote: 0 };
    }
    const objects = render();
    const clusterScoped = objects.filter((o) => !o.metadata?.namespace);
    const namespaced = objects.filter((o) => o.metadata?.namespace);
    const results: Awaited<ReturnType<OwnedObjects['ensure']>>[] = [];
    for (const object of clusterScoped) results.push(await this.ensure(object));
    results.push(...(await Promise.all(namespaced.map((object) => this.ensure(object)))));
    const versions = new Map(
      [...clusterScoped, ...namespaced].map((object, i) => [
        keyOf(object),
        results[i]?.resourceVersion,
      ]),
    );
    this.verified.set(set, { inputs, versions });
    return { objects, wrote: results.filter((r) => r.wrote).length };
  }

  /**
   * Whether a watch event only brings back what this process just applied (the same
   * resourceVersion): such an echo needs no reconcile.
   */
  isEcho(object: KubernetesObject): boolean {
    const version = object.metadata?.resourceVersion;
    return version !== undefined && this.applied.get(keyOf(object)) === version;
  }

  /** Forgets the sets of one owner (named `<anything>/<owner>`), after it is gone. */
  forgetSetsOf(owner: string): void {
    for (const [set, { versions }] of this.verified) {
      if (!set.endsWith(`/${owner}`)) continue;
      for (const key of versions.keys()) this.applied.delete(key);
      this.verified.delete(set);
    }
  }

  private versionOf(key: string): string | undefined {
    const [kind = '', namespace = '', name = ''] = key.split('\u0000');
    return this.get(kind, name, namespace || undefined)?.metadata?.resourceVersion;
  }

  /** Deletes an owned object (its dependents in the background); true when it wrote. */
  async remove(object: KubernetesObject): Promise<boolean> {
    if (object.metadata?.deletionTimestamp) return false;
    this.options.onWrite('delete', object.kind ?? '');
    try {
      await this.api.delete(object, undefined, undefined, undefined, undefined, 'Background');
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
    return true;
  }

  /** Puts an object the API server just returned into the cache, unless the cache is newer. */
  private remember(object: KubernetesObject): void {
    const informer = this.informer(object.kind ?? '');
    const current = informer.get(object.metadata?.name ?? '', object.metadata?.namespace);
    if (newer(object.metadata?.resourceVersion, current?.metadata?.resourceVersion)) {
      informer.put(object);
    }
  }
}
