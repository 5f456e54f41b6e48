// An informer: a local cache of one kind kept current by LIST then WATCH, built on client-node 2.x.
//
// It guards against the failure modes of watch clients in Node:
//  - the watch resumes from the last resourceVersion seen (bookmarks included), so a reconnect neither
//    replays every object nor skips one;
//  - a 410 Gone (the resourceVersion was compacted away) triggers a fresh LIST, and the difference between
//    the old and the new cache is delivered as events, so deletions during the gap are not lost;
//  - a watch with no event and no bookmark for `quietMs` is assumed dead and restarted;
//  - errors never exit the process: the informer retries with backoff and reports `synced`.
import { type KubeConfig, type KubernetesObject, Watch } from '@kubernetes/client-node';
import { FIELD_MANAGER } from './kube/client.ts';
import { collectionPath, objectKey, type ResourceType } from './kube/resources.ts';
import { getJson } from './kube/rest.ts';

export type InformerEvent = 'add' | 'update' | 'delete';
export type InformerHandler<T> = (event: InformerEvent, object: T, old?: T) => void;

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  /** Restart a watch that delivered nothing (not even a bookmark) for this long. */
  quietMs?: number;
  /** Page size of the LIST. */
  pageSize?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

interface ListResponse<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/**
 * Drops metadata.managedFields before caching — it is often the largest part of an object, so the cache of
 * a few thousand children stays small — except a marker (no field set) for the operator's own create entry,
 * which tells apply.ts to move that ownership to its apply before dropping a field (kube/ownership.ts).
 */
function slim<T extends KubernetesObject>(object: T): T {
  const entries = object.metadata?.managedFields;
  if (!entries || !object.metadata) return object;
  const create = entries.find(
    (e) => e.manager === FIELD_MANAGER && e.operation === 'Update' && !e.subresource,
  );
  if (create) object.metadata.managedFields = [{ manager: create.manager, operation: create.operation }];
  else delete object.metadata.managedFields;
  return object;
}

export class Informer<T extends KubernetesObject = KubernetesObject> {
  readonly type: ResourceType;
  readonly #kc: KubeConfig;
  readonly #options: InformerOptions;
  readonly #handlers: InformerHandler<T>[] = [];
  readonly #cache = new Map<string, T>();
  /** Keys deleted while we watched (bounded), so a re-creation can be told apart from a first creation. */
  readonly #deleted = new Set<string>();
  #resourceVersion = '';
  #abort: AbortController | undefined;
  #quietTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #synced = false;
  #failures = 0;
  #syncWaiters: (() => void)[] = [];
  /** Counters for tests and metrics. */
  readonly stats = { lists: 0, watches: 0, restartsQuiet: 0, relists410: 0 };

  constructor(kc: KubeConfig, type: ResourceType, options: InformerOptions = {}) {
    this.#kc = kc;
    this.type = type;
    this.#options = options;
  }

  on(handler: InformerHandler<T>): this {
    this.#handlers.push(handler);
    return this;
  }

  /** True while a watch connection is open. */
  get watching(): boolean {
    return this.#abort !== undefined;
  }

  get synced(): boolean {
    return this.#synced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#cache.get(objectKey(namespace, name));
  }

  list(): IterableIterator<T> {
    return this.#cache.values();
  }

  /**
   * Stores what a write returned, so the next reconcile sees it before the watch delivers it. The watch
   * event that follows replaces it (and, carrying the same resourceVersion, triggers no handler).
   *
   * `basedOn` is the resourceVersion of the object the writer read. When the cache no longer holds that
   * version, the watch has delivered a newer object meanwhile (say, a user's edit of the spec while a
   * reconcile wrote the status), and the cache is kept: putting the write's answer over it could hide that
   * edit from every later reconcile, because its watch event has already been handled.
   */
  prime(object: T, basedOn?: string): void {
    const key = objectKey(object.metadata?.namespace, object.metadata?.name);
    if (basedOn !== undefined && this.#cache.get(key)?.metadata?.resourceVersion !== basedOn) return;
    this.#deleted.delete(key);
    this.#cache.set(key, slim(JSON.parse(JSON.stringify(object)) as T));
  }

  /** True if the object was deleted while this informer watched (and has not come back since). */
  wasDeleted(namespace: string | undefined, name: string): boolean {
    return this.#deleted.has(objectKey(namespace, name));
  }

  #rememberDeleted(key: string) {
    if (this.#deleted.size >= 10_000) this.#deleted.clear();
    this.#deleted.add(key);
  }

  get size(): number {
    return this.#cache.size;
  }

  /** Starts LIST+WATCH; resolves after the first LIST filled the cache. */
  start(): Promise<void> {
    this.#stopped = false;
    void this.#relist();
    return this.waitForSync();
  }

  waitForSync(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#retryTimer);
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /** Makes the next watch resume from `resourceVersion`; tests pass an expired one to force a 410. */
  setResumePoint(resourceVersion: string): void {
    this.#resourceVersion = resourceVersion;
  }

  /** Aborts the current watch as if the connection dropped (used by tests of the resume path). */
  dropWatch(): void {
    this.#abort?.abort();
  }

  #path(): string {
    return collectionPath(this.type, this.#options.namespace);
  }

  #log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) {
    this.#options.log?.(level, message, { kind: this.type.kind, ...fields });
  }

  #emit(event: InformerEvent, object: T, old?: T) {
    for (const handler of this.#handlers) {
      try {
        handler(event, object, old);
      } catch (error) {
        this.#log('error', 'informer handler failed', { error: String(error) });
      }
    }
  }

  async #relist(): Promise<void> {
    if (this.#stopped) return;
    try {
      const fresh = new Map<string, T>();
      let continueToken: string | undefined;
      let resourceVersion = '';
      do {
        const query = new URLSearchParams({ limit: String(this.#options.pageSize ?? 500) });
        if (this.#options.labelSelector) query.set('labelSelector', this.#options.labelSelector);
        if (continueToken) query.set('continue', continueToken);
        const page = await getJson<ListResponse<T>>(this.#kc, `${this.#path()}?${query}`);
        for (const item of page.items) {
          // List items carry no apiVersion/kind; restore them so cached objects look like watched ones.
          const object = slim({ apiVersion: this.type.apiVersion, kind: this.type.kind, ...item } as T);
          fresh.set(objectKey(object.metadata?.namespace, object.metadata?.name), object);
        }
        continueToken = page.metadata.continue || undefined;
        resourceVersion = page.metadata.resourceVersion ?? '';
      } while (continueToken);
      this.stats.lists++;
      const old = new Map(this.#cache);
      this.#cache.clear();
      for (const [key, object] of fresh) this.#cache.set(key, object);
      for (const [key, object] of fresh) {
        const before = old.get(key);
        if (!before) this.#emit('add', object);
        else if (before.metadata?.resourceVersion !== object.metadata?.resourceVersion)
          this.#emit('update', object, before);
      }
      for (const [key, object] of old) {
        if (fresh.has(key)) continue;
        this.#rememberDeleted(key);
        this.#emit('delete', object);
      }
      this.#resourceVersion = resourceVersion;
      this.#failures = 0;
      if (!this.#synced) {
        this.#synced = true;
        for (const resolve of this.#syncWaiters.splice(0)) resolve();
      }
      await this.#watch();
    } catch (error) {
      this.#retry('list failed', error, () => this.#relist());
    }
  }

  #retry(what: string, error: unknown, again: () => Promise<void>) {
    if (this.#stopped) return;
    this.#failures++;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(this.#failures - 1, 7));
    this.#log('warn', `${what}; retrying`, { error: String(error), delayMs: delay });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void again(), delay);
  }

  #armQuietTimer(controller: AbortController) {
    clearTimeout(this.#quietTimer);
    this.#quietTimer = setTimeout(() => {
      if (this.#abort !== controller) return;
      this.stats.restartsQuiet++;
      this.#log('warn', 'watch went quiet; restarting it');
      controller.abort();
    }, this.#options.quietMs ?? 150_000);
    this.#quietTimer.unref();
  }

  async #watch(): Promise<void> {
    if (this.#stopped) return;
    this.stats.watches++;
    const watch = new Watch(this.#kc);
    // client-node ends a watch silent for 30 s; bookmarks arrive about once a minute, so allow longer.
    Object.assign(watch, { requestTimeoutMs: (this.#options.quietMs ?? 150_000) + 5_000 });
    let ended = false;
    let gone = false;
    let controller: AbortController | undefined;
    const params: Record<string, string | number | boolean> = {
      allowWatchBookmarks: true,
      resourceVersion: this.#resourceVersion,
      // The server ends the watch after this long; we then resume from the last resourceVersion.
      timeoutSeconds: 240 + Math.floor(Math.random() * 120),
    };
    if (this.#options.labelSelector) params.labelSelector = this.#options.labelSelector;
    const onEvent = (phase: string, object: T & { code?: number; reason?: string }) => {
      if (controller) this.#armQuietTimer(controller);
      this.#failures = 0;
      if (phase === 'ERROR') {
        // A Status object: 410 means our resourceVersion is too old to resume from.
        if (object.code === 410 || object.reason === 'Expired' || object.reason === 'Gone') gone = true;
        return;
      }
      const resourceVersion = object.metadata?.resourceVersion;
      if (resourceVersion) this.#resourceVersion = resourceVersion;
      if (phase === 'BOOKMARK') return;
      const key = objectKey(object.metadata?.namespace, object.metadata?.name);
      const before = this.#cache.get(key);
      if (phase === 'DELETED') {
        this.#cache.delete(key);
        this.#rememberDeleted(key);
        this.#emit('delete', object);
      } else {
        slim(object);
        this.#cache.set(key, object);
        this.#deleted.delete(key);
        // A replayed ADDED for an object already cached at the same version changes nothing.
        if (before?.metadata?.resourceVersion === resourceVersion) return;
        this.#emit(before ? 'update' : 'add', object, before);
      }
    };
    const onDone = (error: unknown) => {
      if (ended) return;
      ended = true;
      clearTimeout(this.#quietTimer);
      if (this.#abort === controller) this.#abort = undefined;
      if (this.#stopped) return;
      const status = (error as { statusCode?: number } | null)?.statusCode;
      const name = (error as { name?: string } | null)?.name;
      if (gone || status === 410) {
        this.stats.relists410++;
        this.#log('info', 'watch resourceVersion expired; listing again');
        void this.#relist();
      } else if (name === 'TimeoutError') {
        // client-node's own inactivity timer fired: the same situation as our quiet timer.
        this.stats.restartsQuiet++;
        void this.#watch();
      } else if (error && name !== 'AbortError') {
        this.#retry('watch failed', error, () => this.#watch());
      } else {
        void this.#watch();
      }
    };
    try {
      controller = await watch.watch(
        this.#path(),
        params,
        onEvent as (phase: string, object: unknown) => void,
        onDone,
      );
      this.#abort = controller;
      this.#armQuietTimer(controller);
    } catch (error) {
      // Only a broken kubeconfig gets here; HTTP errors arrive through onDone.
      ended = true;
      this.#retry('watch could not start', error, () => this.#watch());
    }
  }
}
