// Leader election on a coordination.k8s.io Lease, the way client-go's leaderelection does it:
//  - a candidate takes the Lease over only when it has watched the Lease record stay unchanged for a whole
//    lease duration on its own clock (it never compares the other replica's renewTime with its own clock, so
//    skewed clocks cannot make it take over early);
//  - the leader renews every `retryMs`, and stops leading once `renewDeadlineMs` has passed on its own clock
//    since the start of its last successful renewal. The renew deadline is shorter than the lease duration,
//    so the old leader has stopped before any other replica can see the Lease as expired: never two writers;
//  - every Lease request is aborted after `requestTimeoutMs`, shorter than the renew deadline, so a hung
//    connection cannot keep a leader leading past its deadline;
//  - updates carry the Lease's resourceVersion, so two candidates can never both win;
//  - on graceful shutdown the leader clears holderIdentity so the next replica takes over at once.
import type { KubeConfig } from '@kubernetes/client-node';
import { statusCode } from './kube/client.ts';
import { requestJson } from './kube/rest.ts';
import type { Logger } from './log.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** How long a Lease record must stay unchanged before another candidate may take it (default 15). */
  leaseDurationSeconds?: number;
  /** How long the leader keeps leading without a successful renewal (default 2/3 of the lease duration). */
  renewDeadlineMs?: number;
  /** Period of renewals and of attempts to acquire (default 2 s, at most a fifth of the lease duration). */
  retryMs?: number;
  /** Bound on one acquire-or-renew attempt, its read and its write together (default half the deadline). */
  requestTimeoutMs?: number;
  log: Logger;
  /** The local clock, in milliseconds; tests pass their own. */
  now?: () => number;
}

/** A Lease's times are MicroTime: RFC 3339 with microseconds ("…T10:00:00.123000Z"). */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The part of a coordination.k8s.io/v1 Lease the election reads and writes, as JSON. */
interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** What identifies one state of the Lease record: any renewal or hand-over changes it. */
function recordOf(lease: Lease): string {
  const spec = lease.spec ?? {};
  return JSON.stringify([
    spec.holderIdentity ?? '',
    spec.renewTime,
    spec.leaseDurationSeconds,
    lease.metadata.resourceVersion,
  ]);
}

/** The resolved timing of an election, in milliseconds. */
export interface LeaderTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryMs: number;
  requestTimeoutMs: number;
}

/**
 * Fills in the defaults and checks the ordering the election relies on: request timeout < renew deadline <
 * lease duration. Throws a RangeError naming the setting that breaks it.
 */
export function leaderTimings(options: Omit<LeaderElectionOptions, 'log'>): LeaderTimings {
  const leaseDurationMs = (options.leaseDurationSeconds ?? 15) * 1000;
  const renewDeadlineMs = options.renewDeadlineMs ?? Math.round((leaseDurationMs * 2) / 3);
  const retryMs = options.retryMs ?? Math.min(2_000, Math.round(leaseDurationMs / 5));
  const requestTimeoutMs = options.requestTimeoutMs ?? Math.round(renewDeadlineMs / 2);
  if (!(renewDeadlineMs < leaseDurationMs))
    throw new RangeError('the renew deadline must be shorter than the lease duration');
  if (!(requestTimeoutMs < renewDeadlineMs))
    throw new RangeError('the Lease request timeout must be shorter than the renew deadline');
  if (!(retryMs < renewDeadlineMs))
    throw new RangeError('the retry period must be shorter than the renew deadline');
  return { leaseDurationMs, renewDeadlineMs, retryMs, requestTimeoutMs };
}

export class LeaderElector {
  readonly #kc: KubeConfig;
  readonly #options: LeaderElectionOptions;
  readonly #timings: LeaderTimings;
  readonly #now: () => number;
  #leading = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  /** Local time at which the last successful renewal (or acquisition) was sent. */
  #lastRenew = 0;
  /** The Lease record as last seen, and when (local clock) it was first seen in that state. */
  #observed: { record: string; at: number } | undefined;
  #onStart: () => void = () => {};
  #onStop: () => void = () => {};

  constructor(kc: KubeConfig, options: LeaderElectionOptions) {
    this.#kc = kc;
    this.#options = options;
    this.#timings = leaderTimings(options);
    this.#now = options.now ?? Date.now;
  }

  get leading(): boolean {
    return this.#leading;
  }

  get timings(): LeaderTimings {
    return this.#timings;
  }

  /** Campaigns until stopped; `onStart` runs when leadership is won, `onStop` when it is lost. */
  run(onStart: () => void, onStop: () => void): void {
    this.#onStart = onStart;
    this.#onStop = onStop;
    void this.#tick();
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    const attemptStart = this.#now();
    let held = false;
    try {
      held = await this.#tryAcquireOrRenew(attemptStart);
      if (held) this.#lastRenew = attemptStart;
    } catch (error) {
      this.#options.log('warn', 'leader election: lease request failed', { error: String(error) });
    }
    if (this.#stopped) return;
    // A leader keeps leading through failed renewals until its renew deadline, measured on its own clock
    // from the start of its last successful renewal; no other replica can take over before then.
    if (!held && this.#leading && this.#now() - this.#lastRenew < this.#timings.renewDeadlineMs) held = true;
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
    if (this.#stopped) return;
    // Wake up at the renew deadline at the latest, so a leader never outlives it by a retry period.
    let delay = this.#timings.retryMs;
    if (this.#leading)
      delay = Math.min(delay, Math.max(0, this.#lastRenew + this.#timings.renewDeadlineMs - this.#now()));
    this.#timer = setTimeout(() => void this.#tick(), delay);
  }

  /** One request about the Lease, aborted after the request timeout. */
  #lease(method: 'GET' | 'POST' | 'PUT', body: Lease | undefined, signal: AbortSignal): Promise<Lease> {
    const { namespace, name } = this.#options;
    const collection = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
    const path = method === 'POST' ? collection : `${collection}/${name}`;
    return requestJson<Lease>(this.#kc, path, {
      method,
      body,
      signal,
      timeoutMs: this.#timings.requestTimeoutMs,
    });
  }

  async #tryAcquireOrRenew(attemptStart: number): Promise<boolean> {
    const { namespace, name, identity } = this.#options;
    const leaseDurationSeconds = this.#timings.leaseDurationMs / 1000;
    // One deadline for the read and the write of this attempt together.
    const signal = AbortSignal.timeout(this.#timings.requestTimeoutMs);
    const now = microTime(new Date());
    let lease: Lease | undefined;
    try {
      lease = await this.#lease('GET', undefined, signal);
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
    if (!lease) {
      try {
        const created = await this.#lease(
          'POST',
          {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: {
              holderIdentity: identity,
              leaseDurationSeconds,
              acquireTime: now,
              renewTime: now,
              leaseTransitions: 0,
            },
          },
          signal,
        );
        this.#observed = { record: recordOf(created), at: attemptStart };
        return true;
      } catch (error) {
        if (statusCode(error) === 409) return false;
        throw error;
      }
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    // Expiry is judged by how long this replica has seen the same record, on its own clock.
    const record = recordOf(lease);
    if (this.#observed?.record !== record) this.#observed = { record, at: attemptStart };
    const duration = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    const expired = this.#now() - this.#observed.at > duration;
    if (holder && holder !== identity && !expired) return false;
    const takingOver = holder !== identity;
    const body: Lease = {
      ...lease,
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds,
        renewTime: now,
        ...(takingOver ? { acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 } : {}),
      },
    };
    try {
      const written = await this.#lease('PUT', body, signal);
      this.#observed = { record: recordOf(written), at: attemptStart };
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
    try {
      const signal = AbortSignal.timeout(this.#timings.requestTimeoutMs);
      const lease = await this.#lease('GET', undefined, signal);
      if (lease.spec?.holderIdentity === this.#options.identity) {
        const spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 };
        await this.#lease(
          'PUT',
          { ...lease, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec },
          signal,
        );
      }
    } catch (error) {
      this.#options.log('warn', 'could not release the leader lease', { error: String(error) });
    }
  }
}
