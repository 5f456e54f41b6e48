// Leader election on a coordination.k8s.io Lease, the way client-go's leaderelection does it: the leader
// renews the Lease every `renewMs`; a candidate takes it over once `renewTime + leaseDuration` has passed.
// Updates carry the Lease's resourceVersion, so two candidates can never both win. On graceful shutdown the
// leader clears holderIdentity so the next replica takes over at once instead of waiting out the lease.
import { CoordinationV1Api, type KubeConfig, type V1Lease, type V1LeaseSpec } from '@kubernetes/client-node';
import { statusCode } from './kube/client.ts';
import type { Logger } from './log.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds?: number;
  renewMs?: number;
  retryMs?: number;
  log: Logger;
}

/**
 * A Lease's times are MicroTime ("…T10:00:00.123456Z"). client-node serialises a Date with milliseconds,
 * which the API server rejects for MicroTime fields, so we hand it a value whose toISOString() already has
 * microseconds.
 */
export function microTime(date: Date): Date {
  const text = date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const micro = new Date(date.getTime());
  micro.toISOString = () => text;
  return micro;
}

/** The Lease spec read back (Dates) made writable again. */
function withMicroTimes(spec: V1LeaseSpec): V1LeaseSpec {
  return {
    ...spec,
    ...(spec.acquireTime ? { acquireTime: microTime(new Date(spec.acquireTime)) } : {}),
    ...(spec.renewTime ? { renewTime: microTime(new Date(spec.renewTime)) } : {}),
  };
}

export class LeaderElector {
  readonly #api: CoordinationV1Api;
  readonly #options: Required<Omit<LeaderElectionOptions, 'log'>> & { log: Logger };
  #leading = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #lastRenew = 0;
  #onStart: () => void = () => {};
  #onStop: () => void = () => {};

  constructor(kc: KubeConfig, options: LeaderElectionOptions) {
    this.#api = kc.makeApiClient(CoordinationV1Api);
    this.#options = { leaseDurationSeconds: 15, renewMs: 2_000, retryMs: 2_000, ...options };
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** Campaigns until stopped; `onStart` runs when leadership is won, `onStop` when it is lost. */
  run(onStart: () => void, onStop: () => void): void {
    this.#onStart = onStart;
    this.#onStop = onStop;
    void this.#tick();
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    let held = false;
    try {
      held = await this.#tryAcquireOrRenew();
      if (held) this.#lastRenew = Date.now();
    } catch (error) {
      this.#options.log('warn', 'leader election: lease request failed', { error: String(error) });
      // A leader keeps leading through a failed renewal until its own lease would have run out (with a
      // margin), because no other replica may take over before then either.
      const margin = this.#options.renewMs * 2;
      held =
        this.#leading && Date.now() - this.#lastRenew < this.#options.leaseDurationSeconds * 1000 - margin;
    }
    if (this.#stopped) return;
    if (held && !this.#leading) {
      this.#leading = true;
      this.#options.log('info', 'became leader', {
        lease: this.#options.name,
        identity: this.#options.identity,
      });
      this.#onStart();
    } else if (!held && this.#leading) {
      this.#leading = false;
      this.#options.log('warn', 'lost leadership', { lease: this.#options.name });
      this.#onStop();
    }
    this.#timer = setTimeout(() => void this.#tick(), held ? this.#options.renewMs : this.#options.retryMs);
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity, leaseDurationSeconds } = this.#options;
    const now = new Date();
    let lease: V1Lease | undefined;
    try {
      lease = await this.#api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
    if (!lease) {
      try {
        await this.#api.createNamespacedLease({
          namespace,
          body: {
            metadata: { name, namespace },
            spec: {
              holderIdentity: identity,
              leaseDurationSeconds,
              acquireTime: microTime(now),
              renewTime: microTime(now),
              leaseTransitions: 0,
            },
          },
        });
        return true;
      } catch (error) {
        if (statusCode(error) === 409) return false;
        throw error;
      }
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
    const duration = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    const expired = renewed + duration < now.getTime();
    if (holder && holder !== identity && !expired) return false;
    const takingOver = holder !== identity;
    lease.spec = {
      ...withMicroTimes(spec),
      holderIdentity: identity,
      leaseDurationSeconds,
      renewTime: microTime(now),
      ...(takingOver
        ? { acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }
        : {}),
    };
    try {
      await this.#api.replaceNamespacedLease({ name, namespace, body: lease });
      return true;
    } catch (error) {
      if (statusCode(error) === 409) return false;
      throw error;
    }
  }

  /** Stops campaigning and, if leading, releases the Lease so another replica takes over immediately. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (!this.#leading) return;
    this.#leading = false;
    const { namespace, name, identity } = this.#options;
    try {
      const lease = await this.#api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity === identity) {
        lease.spec = { ...withMicroTimes(lease.spec), holderIdentity: '', leaseDurationSeconds: 1 };
        await this.#api.replaceNamespacedLease({ name, namespace, body: lease });
      }
    } catch (error) {
      this.#options.log('warn', 'could not release the leader lease', { error: String(error) });
    }
  }
}
