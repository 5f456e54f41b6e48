// The work queue. Every watch event, resync tick and retry only adds a key here; `process(key)` is the one
// place work happens. Semantics follow client-go's workqueue:
//  - a key waiting in the queue is held once however often it is added (de-duplication);
//  - a key being processed is never processed twice at once; an add meanwhile marks it dirty and it runs
//    again right after;
//  - at most `concurrency` keys are processed at the same time;
//  - a failing key is retried after an exponential per-key backoff (base × 2^failures, capped), reset on
//    success; a newer event for the key does not cut a pending backoff short.

export interface WorkQueueOptions {
  concurrency: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onDepthChange?: (depth: number) => void;
  /** Called as a key leaves the queue to be processed, with how long it waited (seconds). */
  onDequeue?: (waitedSeconds: number) => void;
}

export type ProcessResult = undefined | { requeueAfterMs: number };

export class WorkQueue {
  readonly #process: (key: string) => Promise<ProcessResult>;
  readonly #concurrency: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #onDepthChange: (depth: number) => void;
  readonly #onDequeue: (waitedSeconds: number) => void;
  /** When each queued key was enqueued (performance.now(), ms). */
  #enqueuedAt = new Map<string, number>();
  /** Keys waiting to run, in order; mirrored by #queued for O(1) membership. */
  #order: string[] = [];
  #head = 0;
  #queued = new Set<string>();
  #processing = new Set<string>();
  #dirty = new Set<string>();
  #failures = new Map<string, number>();
  #timers = new Map<string, NodeJS.Timeout>();
  #backingOff = new Set<string>();
  #running = 0;
  #stopped = false;
  #idleWaiters: (() => void)[] = [];

  constructor(process: (key: string) => Promise<ProcessResult>, options: WorkQueueOptions) {
    this.#process = process;
    this.#concurrency = Math.max(1, options.concurrency);
    this.#baseDelayMs = options.baseDelayMs ?? 200;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
    this.#onDepthChange = options.onDepthChange ?? (() => {});
    this.#onDequeue = options.onDequeue ?? (() => {});
  }

  /** Keys waiting (not counting the ones being processed or waiting out a backoff). */
  get depth(): number {
    return this.#queued.size;
  }

  /**
   * Enqueues `key` now, unless it is waiting out a failure backoff. A scheduled poll (requeueAfter) does not
   * hold an event back: the event runs the key at once and the poll is dropped.
   */
  add(key: string): void {
    if (this.#stopped || this.#backingOff.has(key)) return;
    const poll = this.#timers.get(key);
    if (poll) {
      clearTimeout(poll);
      this.#timers.delete(key);
    }
    this.#enqueue(key);
  }

  /** Enqueues `key` after `delayMs` (a pending delay for the key is kept). */
  addAfter(key: string, delayMs: number, backoff = false): void {
    if (this.#stopped) return;
    if (delayMs <= 0) {
      this.#enqueue(key);
      return;
    }
    if (this.#timers.has(key)) return;
    if (backoff) this.#backingOff.add(key);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.#backingOff.delete(key);
      this.#enqueue(key);
    }, delayMs);
    this.#timers.set(key, timer);
  }

  /** Failures in a row for `key` (0 after a success). */
  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Resolves once nothing is queued, running or waiting out a backoff. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops taking keys and drops pending retries; resolves when the keys being processed have finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#backingOff.clear();
    this.#order = [];
    this.#head = 0;
    this.#queued.clear();
    this.#enqueuedAt.clear();
    this.#dirty.clear();
    if (this.#running > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  #enqueue(key: string) {
    if (this.#stopped) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#enqueuedAt.set(key, performance.now());
    this.#order.push(key);
    this.#onDepthChange(this.#queued.size);
    this.#pump();
  }

  #pump() {
    while (this.#running < this.#concurrency && this.#queued.size > 0) {
      const key = this.#order[this.#head++] as string;
      if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
        this.#order = this.#order.slice(this.#head);
        this.#head = 0;
      }
      this.#queued.delete(key);
      this.#onDepthChange(this.#queued.size);
      this.#onDequeue((performance.now() - (this.#enqueuedAt.get(key) ?? performance.now())) / 1000);
      this.#enqueuedAt.delete(key);
      this.#processing.add(key);
      this.#running++;
      void this.#run(key);
    }
  }

  async #run(key: string) {
    let retryAfter: number | undefined;
    let backoff = false;
    try {
      const result = await this.#process(key);
      this.#failures.delete(key);
      if (result && result.requeueAfterMs > 0) retryAfter = result.requeueAfterMs;
    } catch {
      const failures = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, failures);
      retryAfter = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (failures - 1));
      backoff = true;
    } finally {
      this.#processing.delete(key);
      this.#running--;
    }
    const dirty = this.#dirty.delete(key);
    if (dirty && !backoff) this.#enqueue(key);
    else if (retryAfter !== undefined) this.addAfter(key, retryAfter, backoff);
    this.#pump();
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #isIdle() {
    return this.#running === 0 && this.#queued.size === 0 && (this.#stopped || this.#timers.size === 0);
  }
}
