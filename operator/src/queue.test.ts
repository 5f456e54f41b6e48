// The work queue's promises: one run per burst of adds, never the same key twice at once, bounded
// concurrency, backoff that grows per key and resets on success.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WorkQueue } from './queue.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('a burst of adds for a waiting key runs it once', async () => {
  const runs: string[] = [];
  const q = new WorkQueue(
    async (key) => {
      runs.push(key);
      await tick(5);
    },
    { concurrency: 1 },
  );
  q.add('ns/busy');
  for (let i = 0; i < 100; i++) q.add('ns/a');
  assert.is(q.depth, 1);
  await q.idle();
  assert.equal(runs, ['ns/busy', 'ns/a']);
});

test('a key is never processed twice at once; an add while it runs makes it run once more', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  let release: () => void = () => {};
  const q = new WorkQueue(
    async () => {
      active++;
      runs++;
      maxActive = Math.max(maxActive, active);
      if (runs === 1) await new Promise<void>((r) => (release = r));
      active--;
    },
    { concurrency: 4 },
  );
  q.add('k');
  await tick();
  q.add('k');
  q.add('k');
  release();
  await q.idle();
  assert.is(maxActive, 1);
  assert.is(runs, 2);
});

test('onDequeue reports, for every run, how long its key waited in the queue', async () => {
  const waits: number[] = [];
  let release: () => void = () => {};
  const q = new WorkQueue(
    async (key) => {
      if (key === 'first') await new Promise<void>((r) => (release = r));
    },
    { concurrency: 1, onDequeue: (seconds) => waits.push(seconds) },
  );
  q.add('first');
  q.add('second');
  await tick(30);
  release();
  await q.idle();
  assert.is(waits.length, 2);
  assert.ok(waits[0] !== undefined && waits[0] < 0.02, 'the first key started at once');
  assert.ok(waits[1] !== undefined && waits[1] >= 0.025, 'the second waited while the first ran');
});

test('no more than `concurrency` keys run at the same time', async () => {
  let active = 0;
  let maxActive = 0;
  const q = new WorkQueue(
    async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick(2);
      active--;
    },
    { concurrency: 3 },
  );
  for (let i = 0; i < 20; i++) q.add(`k${i}`);
  await q.idle();
  assert.is(maxActive, 3);
});

test('a failing key is retried with growing backoff and the count resets after success', async () => {
  const times: number[] = [];
  const q = new WorkQueue(
    async () => {
      times.push(Date.now());
      if (times.length < 4) throw new Error('not yet');
    },
    { concurrency: 1, baseDelayMs: 10, maxDelayMs: 1000 },
  );
  q.add('k');
  await q.idle();
  assert.is(times.length, 4);
  assert.is(q.failures('k'), 0);
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  // 10, 20, 40 ms: each retry waits at least the base delay doubled per failure.
  assert.ok(
    (gaps[0] as number) >= 9 && (gaps[1] as number) >= 19 && (gaps[2] as number) >= 39,
    `gaps ${gaps}`,
  );
});

test('adds during a backoff do not cut it short', async () => {
  let runs = 0;
  const q = new WorkQueue(
    async () => {
      runs++;
      if (runs === 1) throw new Error('fail once');
    },
    { concurrency: 1, baseDelayMs: 50 },
  );
  q.add('k');
  await tick(5);
  for (let i = 0; i < 10; i++) q.add('k');
  assert.is(runs, 1);
  await q.idle();
  assert.is(runs, 2);
});

test('requeueAfter schedules another run; stop() drops it', async () => {
  let runs = 0;
  const q = new WorkQueue(
    async () => {
      runs++;
      return { requeueAfterMs: 5 };
    },
    { concurrency: 1 },
  );
  q.add('k');
  await tick(40);
  assert.ok(runs >= 2);
  await q.stop();
  const after = runs;
  await tick(20);
  assert.is(runs, after);
});

test.run();
