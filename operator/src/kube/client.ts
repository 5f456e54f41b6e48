// Every write the operator makes goes through here: create, server-side apply (one field manager), delete,
// status apply and Events. Each write is counted, which is how "a no-op resync makes zero writes" is checked.
// A client made for one leadership term carries that term's cancel signal: once it fires, no request is sent
// any more and the ones in flight are abandoned, so a replica that lost the Lease stops writing at once.
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1OwnerReference,
} from '@kubernetes/client-node';
import type { OperatorMetrics } from '../metrics.ts';
import { foldCreateIntoApply } from './ownership.ts';
import { objectPath } from './resources.ts';
import { getJson, requestJson } from './rest.ts';

export const FIELD_MANAGER = 'dhakacart-operator';

/** The HTTP status of a client-node or REST error, if it has one. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** The API server's message from an error, without the response dump client-node puts in `message`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? safeParse(error.body) : error.body;
    const message = (body as { message?: string })?.message;
    if (message) return message;
    return `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface EventInput {
  regarding: KubernetesObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export class KubeClient {
  readonly kc: KubeConfig;
  readonly #objects: KubernetesObjectApi;
  readonly #custom: CustomObjectsApi;
  readonly #core: CoreV1Api;
  readonly #metrics: OperatorMetrics;
  readonly #component: string;
  readonly #signal: AbortSignal | undefined;

  constructor(kc: KubeConfig, metrics: OperatorMetrics, component = FIELD_MANAGER, signal?: AbortSignal) {
    this.kc = kc;
    this.#signal = signal;
    this.#objects = KubernetesObjectApi.makeApiClient(kc);
    this.#custom = kc.makeApiClient(CustomObjectsApi);
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#metrics = metrics;
    this.#component = component;
  }

  #count(verb: string, kind: string | undefined) {
    this.#metrics.writes.inc({ verb, kind: kind ?? 'unknown' });
  }

  /** Runs one API-server request, timing it under its verb and answer code. */
  async #timed<T>(verb: string, request: () => Promise<T>): Promise<T> {
    const end = this.#metrics.kubeRequests.startTimer({ verb });
    try {
      const result = await request();
      end({ code: '200' });
      return result;
    } catch (error) {
      end({ code: String(statusCode(error) ?? 'error') });
      throw error;
    }
  }

  /**
   * Sends one request (timed under `verb`) unless the term was cancelled, and stops waiting for it when the
   * term is cancelled meanwhile (the caller then gets the AbortError, which ends its reconcile).
   */
  #send<T>(verb: string, request: () => Promise<T>): Promise<T> {
    const signal = this.#signal;
    if (!signal) return this.#timed(verb, request);
    signal.throwIfAborted();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#timed(verb, request)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** POSTs a new object. The create is recorded under the same field manager (as an Update). */
  async create<T extends KubernetesObject>(object: T): Promise<T> {
    return this.#send('create', () => {
      this.#count('create', object.kind);
      return this.#objects.create(object, undefined, undefined, FIELD_MANAGER);
    });
  }

  /** Server-side apply with force: the operator owns the fields it sets, and takes them back from hand edits. */
  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    return this.#send('apply', () => {
      this.#count('apply', object.kind);
      return this.#objects.patch(
        object,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    });
  }

  async delete(object: KubernetesObject, propagationPolicy = 'Background'): Promise<void> {
    try {
      await this.#send('delete', () => {
        this.#count('delete', object.kind);
        return this.#objects.delete(object, undefined, undefined, undefined, undefined, propagationPolicy);
      });
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
  }

  /**
   * Makes the operator's apply own what its create wrote (see ownership.ts), so the next apply can drop
   * fields the operator no longer sends. Reads the object fresh (the cache keeps no managedFields) and
   * rewrites its managedFields with a JSON patch guarded by its resourceVersion; a conflict or a vanished
   * object is left to the next reconcile.
   */
  async moveCreateOwnershipToApply(object: KubernetesObject): Promise<void> {
    const path = objectPath(object);
    if (!path) return;
    const fresh = await this.get<KubernetesObject>(path);
    const entries =
      fresh && foldCreateIntoApply(fresh.metadata?.managedFields ?? [], FIELD_MANAGER, new Date());
    if (!fresh || !entries) return;
    const patch = [
      { op: 'test', path: '/metadata/resourceVersion', value: fresh.metadata?.resourceVersion },
      { op: 'replace', path: '/metadata/managedFields', value: entries },
    ];
    try {
      await this.#send('ownership', () => {
        this.#count('ownership', object.kind);
        return requestJson(this.kc, path, {
          method: 'PATCH',
          body: JSON.stringify(patch),
          contentType: 'application/json-patch+json',
        });
      });
    } catch (error) {
      if (statusCode(error) !== 409 && statusCode(error) !== 404 && statusCode(error) !== 422) throw error;
    }
  }

  /**
   * Changes an object with a JSON merge patch (RFC 7386) under the operator's field manager: for fields
   * server-side apply does not fit, such as a generated Secret's data or owner references, which the
   * operator creates once and changes only on purpose. Answers the object as the API server stored it.
   */
  async mergePatch<T extends KubernetesObject>(object: KubernetesObject, patch: unknown): Promise<T> {
    const path = objectPath(object);
    if (!path) throw new Error(`cannot patch a ${object.kind}`);
    return this.#send('patch', () => {
      this.#count('patch', object.kind);
      return requestJson<T>(this.kc, `${path}?fieldManager=${FIELD_MANAGER}`, {
        method: 'PATCH',
        body: JSON.stringify(patch),
        contentType: 'application/merge-patch+json',
      });
    });
  }

  /**
   * Sets a workload's replica count through its scale subresource (as `kubectl scale` does), so the
   * operator takes no ownership of spec.replicas, which stays the autoscaler's.
   */
  async scale(object: KubernetesObject, replicas: number): Promise<void> {
    const path = objectPath(object);
    if (!path) throw new Error(`cannot scale a ${object.kind}`);
    await this.#send('scale', () => {
      this.#count('scale', object.kind);
      return requestJson(this.kc, `${path}/scale?fieldManager=${FIELD_MANAGER}`, {
        method: 'PATCH',
        body: JSON.stringify({ spec: { replicas } }),
        contentType: 'application/merge-patch+json',
      });
    });
  }

  /**
   * Replaces an object's owner references with a JSON merge patch, for objects the operator created whose
   * other fields are fixed at creation, such as a volume claim whose owner follows a policy. Not guarded by a
   * resourceVersion: the list is the operator's alone, and a cache a moment behind the server (whose
   * resourceVersion would conflict) must not leave the owner wrong. Resolves the object as the server has it
   * now (wire format).
   */
  async setOwnerReferences<T extends KubernetesObject>(
    object: T,
    ownerReferences: V1OwnerReference[],
  ): Promise<T> {
    const path = objectPath(object);
    if (!path) throw new Error(`cannot patch a ${object.kind}`);
    return this.#send('patch', () => {
      this.#count('patch', object.kind);
      return requestJson(this.kc, `${path}?fieldManager=${FIELD_MANAGER}`, {
        method: 'PATCH',
        body: JSON.stringify({ metadata: { ownerReferences } }),
        contentType: 'application/merge-patch+json',
      });
    });
  }

  /** Reads an object straight from the API server (for objects no informer caches, such as user Secrets). */
  async get<T>(path: string): Promise<T | undefined> {
    try {
      return await this.#send('get', () => getJson<T>(this.kc, path));
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  /** Applies the status subresource of a custom resource; returns the object as the server stored it. */
  async applyStatus<T extends KubernetesObject>(
    resource: { group: string; version: string; plural: string; kind: string },
    namespace: string,
    name: string,
    status: unknown,
  ): Promise<T> {
    return this.#send('status', () => {
      this.#count('status', resource.kind);
      return this.#custom.patchNamespacedCustomObjectStatus(
        {
          group: resource.group,
          version: resource.version,
          namespace,
          plural: resource.plural,
          name,
          body: {
            apiVersion: `${resource.group}/${resource.version}`,
            kind: resource.kind,
            metadata: { name, namespace },
            status,
          },
          fieldManager: FIELD_MANAGER,
          force: true,
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    });
  }

  /** Records a Kubernetes Event on `regarding`; failures are logged by the caller, never fatal. */
  async event(input: EventInput): Promise<void> {
    const meta = input.regarding.metadata ?? {};
    const now = new Date();
    await this.#send('event', () => {
      this.#count('event', 'Event');
      return this.#core.createNamespacedEvent({
        namespace: meta.namespace ?? 'default',
        body: {
          metadata: { generateName: `${meta.name}.`, namespace: meta.namespace },
          involvedObject: {
            apiVersion: input.regarding.apiVersion,
            kind: input.regarding.kind,
            name: meta.name,
            namespace: meta.namespace,
            uid: meta.uid,
            resourceVersion: meta.resourceVersion,
          },
          type: input.type,
          reason: input.reason,
          message: input.message.slice(0, 1024),
          source: { component: this.#component },
          reportingComponent: this.#component,
          reportingInstance: process.env.POD_NAME ?? FIELD_MANAGER,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      });
    });
  }
}
