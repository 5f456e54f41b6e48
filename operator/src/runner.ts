// What the process does with leadership. Each time the Lease is won, a fresh controller is built and started
// (new informers, new work queue: nothing from a previous term is reused); each time it is lost, that
// controller's cancel signal fires, so in-flight reconciles stop at their next API call, and the controller
// is stopped before a new one may start. A controller that fails to start is stopped and built again after
// an exponential backoff, for as long as this replica leads. `healthy()` turns false when the replica has
// led for `startGraceMs` without a running controller, so the kubelet restarts a leader that does nothing.

import type { Logger } from './log.ts';

/** One leadership term's controller, as the runner sees it. */
export interface Term {
  /** Resolves once the controller reconciles (caches filled); rejects if it cannot start. */
  start(): Promise<void>;
  /** Stops watching and waits for the reconciles in flight (already cancelled) to end. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  /** Builds the controller of a new term; `signal` fires when the term ends (cancel every write with it). */
  build: (signal: AbortSignal) => Term;
  log: Logger;
  /** How long a leader may go without a running controller before `healthy()` is false (default 60 s). */
  startGraceMs?: number;
  /** First retry delay after a failed start, doubled per failure up to `maxDelayMs` (defaults 1 s, 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called with true when a term's controller runs, false when it stops. */
  onReconciling?: (reconciling: boolean) => void;
  now?: () => number;
}

/** Resolves when `signal` fires (at once if it already has). */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Waits `ms`, or less if `signal` fires first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export class ControllerRunner {
  readonly #options: RunnerOptions;
  readonly #now: () => number;
  /** Fires when the current leadership period ends; undefined while following. */
  #leadership: AbortController | undefined;
  #leadingSince = 0;
  #reconciling = false;
  /** Settles when the previous leadership period's controller has fully stopped. */
  #ended: Promise<void> = Promise.resolve();
  /** Controllers started so far (terms and retries); for logs and tests. */
  starts = 0;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get leading(): boolean {
    return this.#leadership !== undefined;
  }

  /** True while a term's controller has started and not been stopped. */
  get reconciling(): boolean {
    return this.#reconciling;
  }

  /** False when this replica leads but has had no running controller for longer than the start grace. */
  healthy(): boolean {
    if (!this.leading || this.#reconciling) return true;
    return this.#now() - this.#leadingSince <= (this.#options.startGraceMs ?? 60_000);
  }

  /** Leadership won: once the previous term has fully stopped, start a fresh controller (with retries). */
  lead(): void {
    if (this.#leadership) return;
    const leadership = new AbortController();
    this.#leadership = leadership;
    this.#leadingSince = this.#now();
    this.#ended = this.#ended.then(() => this.#campaign(leadership.signal));
  }

  /** Leadership lost (or shutdown): cancel the term; resolves when its controller has stopped. */
  follow(): Promise<void> {
    this.#leadership?.abort();
    this.#leadership = undefined;
    return this.#ended;
  }

  async #campaign(leadership: AbortSignal): Promise<void> {
    const { log, baseDelayMs = 1_000, maxDelayMs = 30_000 } = this.#options;
    for (let failures = 0; !leadership.aborted; ) {
      const own = new AbortController();
      const signal = AbortSignal.any([leadership, own.signal]);
      this.starts++;
      let term: Term | undefined;
      try {
        term = this.#options.build(signal);
        await Promise.race([term.start(), aborted(signal)]);
        if (!signal.aborted) {
          this.#setReconciling(true);
          await aborted(signal);
        }
      } catch (error) {
        failures++;
        const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1));
        log('error', 'controller failed to start; retrying', {
          error: error instanceof Error ? error.message : String(error),
          failures,
          delayMs,
        });
        own.abort();
        await this.#stop(term);
        await sleep(delayMs, leadership);
        continue;
      }
      await this.#stop(term);
    }
  }

  async #stop(term: Term | undefined) {
    this.#setReconciling(false);
    try {
      await term?.stop();
    } catch (error) {
      this.#options.log('warn', 'controller did not stop cleanly', { error: String(error) });
    }
  }

  #setReconciling(value: boolean) {
    if (this.#reconciling === value) return;
    this.#reconciling = value;
    this.#options.onReconciling?.(value);
  }
}
