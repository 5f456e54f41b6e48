// The controller: informers for DhakaCart and every owned kind feed keys into one work queue, whose worker
// is reconcileShop. A periodic resync re-enqueues every shop so drift nobody announced is still found.
import { randomBytes } from 'node:crypto';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY, SHOP_LABEL } from './desired/meta.ts';
import { Informer } from './informer.ts';
import { KubeClient } from './kube/client.ts';
import { CHILD_KINDS, type Kind, objectKey, RESOURCES } from './kube/resources.ts';
import type { Logger } from './log.ts';
import type { OperatorMetrics } from './metrics.ts';
import { WorkQueue } from './queue.ts';
import { createManagedInformers } from './reconcile/aws.ts';
import type { ReconcileContext } from './reconcile/context.ts';
import { reconcileShop } from './reconcile/shop.ts';
import { type DhakaCart, KIND } from './types.ts';

export interface ControllerOptions {
  /** Watch only this namespace (all namespaces when undefined). */
  namespace?: string;
  concurrency?: number;
  resyncMs?: number;
  quietMs?: number;
  log: Logger;
  metrics: OperatorMetrics;
  /** Fires when this controller's leadership term ends: every write after that is refused. */
  signal?: AbortSignal;
}

/** The DhakaCart key a child event belongs to: its controller owner, else its shop label. */
export function ownerKey(object: KubernetesObject): string | undefined {
  const meta = object.metadata;
  if (!meta) return undefined;
  const owner = meta.ownerReferences?.find((o) => o.kind === KIND && o.controller);
  const name = owner?.name ?? meta.labels?.[SHOP_LABEL];
  return name ? objectKey(meta.namespace, name) : undefined;
}

export class Controller {
  readonly client: KubeClient;
  readonly queue: WorkQueue;
  readonly shops: Informer<DhakaCart>;
  readonly children: ReconcileContext['children'];
  readonly #options: ControllerOptions;
  readonly #kc: KubeConfig;
  readonly #ctx: ReconcileContext;
  #resyncTimer: NodeJS.Timeout | undefined;
  #started = false;
  #stopped = false;

  constructor(kc: KubeConfig, options: ControllerOptions) {
    this.#options = options;
    this.#kc = kc;
    const { log, metrics } = options;
    this.client = new KubeClient(kc, metrics, undefined, options.signal);
    const informerOptions = { namespace: options.namespace, quietMs: options.quietMs, log };
    this.shops = new Informer<DhakaCart>(kc, RESOURCES.DhakaCart, informerOptions);
    this.children = Object.fromEntries(
      CHILD_KINDS.map((kind) => [
        kind,
        new Informer(kc, RESOURCES[kind], {
          ...informerOptions,
          labelSelector: `app.kubernetes.io/managed-by=${MANAGED_BY}`,
        }),
      ]),
    ) as ReconcileContext['children'];
    const ctx: ReconcileContext = {
      client: this.client,
      shops: this.shops,
      children: this.children,
      log,
      now: () => new Date(),
      onRollback: (shop) =>
        metrics.rollbacks.inc({ namespace: shop.metadata.namespace, shop: shop.metadata.name }),
      randomHex: (bytes) => randomBytes(bytes).toString('hex'),
    };
    this.#ctx = ctx;
    this.queue = new WorkQueue(
      async (key) => {
        const end = metrics.reconcileDuration.startTimer();
        // Every shop has a rollbacks series from its first reconcile on, so increase() sees the first one.
        const [namespace = '', shop = ''] = key.split('/');
        metrics.rollbacks.inc({ namespace, shop }, 0);
        try {
          const result = await reconcileShop(ctx, key);
          metrics.reconciles.inc({ result: result ? 'requeue' : 'success' });
          return result;
        } catch (error) {
          metrics.reconciles.inc({ result: 'error' });
          log('warn', 'reconcile failed; retrying with backoff', {
            shop: key,
            error: error instanceof Error ? error.message : String(error),
            failures: this.queue.failures(key) + 1,
          });
          throw error;
        } finally {
          end();
        }
      },
      {
        concurrency: options.concurrency ?? 4,
        onDepthChange: (depth) => metrics.queueDepth.set(depth),
        onDequeue: (seconds) => metrics.queueLatency.observe(seconds),
      },
    );
    this.shops.on((_event, shop) => this.queue.add(objectKey(shop.metadata?.namespace, shop.metadata?.name)));
    for (const kind of CHILD_KINDS) {
      this.children[kind as Exclude<Kind, 'DhakaCart'>].on((_event, object) => {
        const key = ownerKey(object);
        if (key) this.queue.add(key);
      });
    }
  }

  get synced(): boolean {
    return (
      this.#started &&
      this.shops.synced &&
      Object.values(this.children).every((i) => i.synced) &&
      [...(this.#ctx.managed?.values() ?? [])].every((i) => i.synced)
    );
  }

  /** Starts every informer, waits until their caches are filled, then starts the periodic resync. */
  async start(): Promise<void> {
    this.#started = true;
    // platform aws: watch the shop's Crossplane managed resources too, where the cluster serves them.
    const managed = await createManagedInformers(this.#kc, {
      namespace: this.#options.namespace,
      quietMs: this.#options.quietMs,
      log: this.#options.log,
    });
    if (this.#stopped) throw new Error('the controller was stopped while starting');
    if (managed) {
      this.#ctx.managed = managed;
      for (const informer of managed.values()) {
        informer.on((_event, object) => {
          const key = ownerKey(object);
          if (key) this.queue.add(key);
        });
      }
      await Promise.all([...managed.values()].map((i) => i.start()));
    }
    // Children first, so the first reconcile of each shop already sees what exists.
    await Promise.all(Object.values(this.children).map((i) => i.start()));
    await this.shops.start();
    if (this.#stopped) throw new Error('the controller was stopped while starting');
    this.#options.log('info', 'caches synced', { shops: this.shops.size });
    const every = this.#options.resyncMs ?? 300_000;
    this.#resyncTimer = setInterval(() => this.resync(), every);
    this.#resyncTimer.unref();
  }

  /** Enqueues every known shop. */
  resync(): void {
    for (const shop of this.shops.list())
      this.queue.add(objectKey(shop.metadata.namespace, shop.metadata.name));
  }

  /**
   * Stops watching and waits for the running reconciles to end (with the term's signal fired they end at
   * their next API call). A stopped controller is not started again: the next term builds a new one.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#resyncTimer);
    this.shops.stop();
    for (const informer of Object.values(this.children)) informer.stop();
    for (const informer of this.#ctx.managed?.values() ?? []) informer.stop();
    await this.queue.stop();
    this.#started = false;
  }
}
