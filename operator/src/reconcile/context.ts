// What a reconcile needs: the caches (informers), the writer (KubeClient), a logger and a clock. Passed in
// explicitly so reconcilers stay testable and free of globals.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Informer } from '../informer.ts';
import type { KubeClient } from '../kube/client.ts';
import type { Kind } from '../kube/resources.ts';
import type { Logger } from '../log.ts';
import type { DhakaCart } from '../types.ts';
import type { ManagedInformers } from './aws.ts';

export interface ReconcileContext {
  client: KubeClient;
  shops: Informer<DhakaCart>;
  children: Record<Exclude<Kind, 'DhakaCart'>, Informer<KubernetesObject>>;
  log: Logger;
  now: () => Date;
  randomHex: (bytes: number) => string;
  /** Told of every automatic rollback (counted in dhakacart_operator_rollbacks_total). */
  onRollback?: (shop: DhakaCart) => void;
  /** Informers for provider-aws managed resources; undefined where the cluster does not serve them. */
  managed?: ManagedInformers;
}

/** The cached copy of a child, looked up by kind and name in the shop's namespace. */
export function cached<T extends KubernetesObject>(
  ctx: ReconcileContext,
  kind: string,
  namespace: string,
  name: string,
): T | undefined {
  const informer = ctx.children[kind as Exclude<Kind, 'DhakaCart'>];
  if (!informer) throw new Error(`no informer for kind ${kind}`);
  return informer.get(namespace, name) as T | undefined;
}

/** A problem the user must fix (a missing Secret, an invalid child): reported in status, retried with backoff. */
export class UserFixableError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}
