// An in-memory stand-in for the API server and the informers, for unit tests of the reconcilers: objects live
// in one map per kind; create refuses a taken name with 409, apply stores what was sent, status patches land
// on the shop. What the cluster's controllers would do (a StatefulSet's pods becoming ready, a Job
// completing) the test does by hand with `setStatus`, so each step of a reconcile can be looked at alone.
import type { KubernetesObject } from '@kubernetes/client-node';
import { apply as applyMergePatch } from 'json-merge-patch';
import type { EventInput, KubeClient } from '../kube/client.ts';
import { CHILD_KINDS, type Kind } from '../kube/resources.ts';
import type { DhakaCart } from '../types.ts';
import type { ReconcileContext } from './context.ts';

/** One kind's objects, with the read side of an informer (get, list, prime, wasDeleted). */
class FakeInformer<T extends KubernetesObject> {
  readonly objects = new Map<string, T>();
  readonly deleted = new Set<string>();
  get(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }
  list(): IterableIterator<T> {
    return this.objects.values();
  }
  prime(object: T, basedOn?: string): void {
    const key = `${object.metadata?.namespace}/${object.metadata?.name}`;
    if (basedOn !== undefined && this.objects.get(key)?.metadata?.resourceVersion !== basedOn) return;
    this.objects.set(key, object);
  }
  wasDeleted(namespace: string | undefined, name: string): boolean {
    return this.deleted.has(`${namespace}/${name}`);
  }
  get size(): number {
    return this.objects.size;
  }
}

/** A write the reconcile sent, as `verb Kind name` (e.g. `create Deployment eid-sale-api`). */
export type Write = string;

export interface FakeCluster {
  ctx: ReconcileContext;
  /** Every write since the last `takeWrites()`, in order. */
  takeWrites(): Write[];
  events: EventInput[];
  /** The live object of a kind by name (in the shop's namespace). */
  live<T extends KubernetesObject>(kind: Kind, name: string): T | undefined;
  /** Does what a controller would: sets `status` on a live object. */
  setStatus(kind: Kind, name: string, status: unknown): void;
  /** Deletes a live object the way `kubectl delete` would (the informer remembers it was there). */
  deleteByHand(kind: Kind, name: string): void;
  shop(): DhakaCart;
  /**
   * A user's edit of the shop, as the watch delivers it: the spec changes and the resourceVersion moves on.
   */
  editShop(edit: (shop: DhakaCart) => void): void;
  /** Runs `during` inside the next status write, after the server stored it and before it answers. */
  duringNextStatusWrite(during: () => void): void;
}

const clone = <T>(o: T): T => structuredClone(o);

/**
 * A fake cluster holding `shop`. `now` is the reconcile's clock (ms since epoch, advanced by the test).
 * Errors: create of a taken name throws `{ statusCode: 409 }`, as the API server answers.
 */
export function fakeCluster(shop: DhakaCart, now: () => number = () => Date.parse('2026-12-01T00:00:00Z')) {
  let resourceVersion = 1;
  const shops = new FakeInformer<DhakaCart>();
  shops.prime(clone({ ...shop, metadata: { ...shop.metadata, resourceVersion: String(resourceVersion) } }));
  let duringStatusWrite: (() => void) | undefined;
  const children = Object.fromEntries(CHILD_KINDS.map((k) => [k, new FakeInformer()])) as unknown as Record<
    Exclude<Kind, 'DhakaCart'>,
    FakeInformer<KubernetesObject>
  >;
  let writes: Write[] = [];
  const events: EventInput[] = [];
  let uid = 0;
  const store = (kind: string) => children[kind as Exclude<Kind, 'DhakaCart'>];
  const record = (verb: string, o: KubernetesObject) => writes.push(`${verb} ${o.kind} ${o.metadata?.name}`);

  const client = {
    create: async <T extends KubernetesObject>(o: T): Promise<T> => {
      const informer = store(o.kind ?? '');
      if (informer.get(o.metadata?.namespace, o.metadata?.name ?? ''))
        throw Object.assign(new Error(`${o.kind} ${o.metadata?.name} already exists`), { statusCode: 409 });
      record('create', o);
      const created = clone({ ...o, metadata: { ...o.metadata, uid: `fake-${++uid}` } });
      // As the API server stores a Secret: stringData folded into data, base64-encoded.
      const secret = created as { stringData?: Record<string, string>; data?: Record<string, string> };
      if (secret.stringData) {
        const encoded = Object.entries(secret.stringData).map(([k, v]) => [
          k,
          Buffer.from(v).toString('base64'),
        ]);
        secret.data = { ...secret.data, ...Object.fromEntries(encoded) };
        delete secret.stringData;
      }
      informer.prime(created);
      return clone(created);
    },
    apply: async <T extends KubernetesObject>(o: T): Promise<T> => {
      record('apply', o);
      const informer = store(o.kind ?? '');
      const existing = informer.get(o.metadata?.namespace, o.metadata?.name ?? '');
      const applied = clone({
        ...o,
        metadata: { ...o.metadata, uid: existing?.metadata?.uid ?? `fake-${++uid}` },
        ...(existing && 'status' in existing ? { status: existing.status } : {}),
      });
      informer.prime(applied);
      return clone(applied);
    },
    // RFC 7386, as the API server applies `application/merge-patch+json` (null removes a key).
    mergePatch: async <T extends KubernetesObject>(o: KubernetesObject, patch: unknown): Promise<T> => {
      const informer = store(o.kind ?? '');
      const live = informer.get(o.metadata?.namespace, o.metadata?.name ?? '');
      if (!live)
        throw Object.assign(new Error(`${o.kind} ${o.metadata?.name} not found`), { statusCode: 404 });
      record('patch', o);
      // json-merge-patch mutates its target and may keep parts of the patch: both go in as copies.
      const patched = applyMergePatch(clone(live), clone(patch)) as T;
      informer.prime(patched);
      return clone(patched);
    },
    delete: async (o: KubernetesObject) => {
      record('delete', o);
      const informer = store(o.kind ?? '');
      informer.objects.delete(`${o.metadata?.namespace}/${o.metadata?.name}`);
    },
    moveCreateOwnershipToApply: async () => {},
    scale: async (o: KubernetesObject, replicas: number) => {
      record('scale', o);
      const live = store(o.kind ?? '').get(o.metadata?.namespace, o.metadata?.name ?? '') as
        | { spec?: { replicas?: number } }
        | undefined;
      if (live?.spec) live.spec.replicas = replicas;
    },
    get: async <T>(path: string): Promise<T | undefined> => {
      if (/\/pods\?/.test(path)) return { items: [] } as T;
      const secret = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/?]+)$/.exec(path);
      if (secret) return children.Secret.get(secret[1], secret[2] ?? '') as T | undefined;
      return undefined;
    },
    applyStatus: async (_resource: unknown, namespace: string, name: string, status: unknown) => {
      writes.push(`status DhakaCart ${name}`);
      const current = shops.get(namespace, name);
      if (!current) throw Object.assign(new Error(`DhakaCart ${name} not found`), { statusCode: 404 });
      const stored = clone({
        ...current,
        metadata: { ...current.metadata, resourceVersion: String(++resourceVersion) },
        status: clone(status) as DhakaCart['status'],
      });
      shops.prime(stored);
      const during = duringStatusWrite;
      duringStatusWrite = undefined;
      during?.();
      return clone(stored);
    },
    event: async (e: EventInput) => {
      events.push(e);
    },
  } as unknown as KubeClient;

  const ctx = {
    client,
    shops,
    children,
    log: () => {},
    now: () => new Date(now()),
    randomHex: (bytes: number) => 'ab'.repeat(bytes),
  } as unknown as ReconcileContext;

  const namespace = shop.metadata.namespace;
  return {
    ctx,
    events,
    takeWrites: () => {
      const taken = writes;
      writes = [];
      return taken;
    },
    live: <T extends KubernetesObject>(kind: Kind, name: string) =>
      (kind === 'DhakaCart' ? shops.get(namespace, name) : store(kind).get(namespace, name)) as T | undefined,
    setStatus: (kind: Kind, name: string, status: unknown) => {
      const live = store(kind).get(namespace, name) as { status?: unknown } | undefined;
      if (!live) throw new Error(`no ${kind} ${name} to set the status of`);
      live.status = status;
    },
    deleteByHand: (kind: Kind, name: string) => {
      const informer = store(kind);
      informer.objects.delete(`${namespace}/${name}`);
      informer.deleted.add(`${namespace}/${name}`);
    },
    shop: () => shops.get(namespace, shop.metadata.name) as DhakaCart,
    editShop: (edit: (shop: DhakaCart) => void) => {
      const edited = clone(shops.get(namespace, shop.metadata.name) as DhakaCart);
      edit(edited);
      edited.metadata.resourceVersion = String(++resourceVersion);
      edited.metadata.generation = (edited.metadata.generation ?? 1) + 1;
      shops.prime(edited);
    },
    duringNextStatusWrite: (during: () => void) => {
      duringStatusWrite = during;
    },
  } satisfies FakeCluster;
}
