// What the process does with leadership: a fresh controller per term, start failures retried, the old term
// cancelled and stopped before a new one starts, and health that reports a leader doing nothing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KubeClient } from './kube/client.ts';
import { OperatorMetrics } from './metrics.ts';
import { ControllerRunner, type Term } from './runner.ts';

const quiet = () => {};
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (error: unknown) => String(error),
  );
const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
};

test('a controller that fails to start is stopped and built again until one starts', async () => {
  const events: string[] = [];
  let built = 0;
  const runner = new ControllerRunner({
    build: () => {
      const n = ++built;
      return {
        start: async () => {
          events.push(`start ${n}`);
          if (n < 3) throw new Error('the API server is not answering');
        },
        stop: async () => {
          events.push(`stop ${n}`);
        },
      };
    },
    log: quiet,
    baseDelayMs: 1,
  });
  runner.lead();
  await until('a controller runs', () => runner.reconciling);
  assert.equal(events, ['start 1', 'stop 1', 'start 2', 'stop 2', 'start 3']);
  await runner.follow();
  assert.equal(events.at(-1), 'stop 3');
  assert.is(runner.reconciling, false);
});

test('leadership lost: the term is cancelled and stopped before the next term builds a new controller', async () => {
  const events: string[] = [];
  const signals: AbortSignal[] = [];
  let built = 0;
  const runner = new ControllerRunner({
    build: (signal) => {
      const n = ++built;
      signals.push(signal);
      const term: Term = {
        start: async () => {
          events.push(`start ${n}`);
        },
        stop: async () => {
          events.push(`stopping ${n} (cancelled: ${signal.aborted})`);
          await new Promise((r) => setTimeout(r, 20));
          events.push(`stopped ${n}`);
        },
      };
      return term;
    },
    log: quiet,
  });
  runner.lead();
  await until('term 1 runs', () => runner.reconciling);
  // Lost and won again at once: the new term waits for the old one to stop.
  void runner.follow();
  runner.lead();
  await until('term 2 runs', () => built === 2 && runner.reconciling);
  assert.equal(events, ['start 1', 'stopping 1 (cancelled: true)', 'stopped 1', 'start 2']);
  assert.is(signals[0]?.aborted, true);
  assert.is(signals[1]?.aborted, false);
  await runner.follow();
});

test('healthz: a leader without a running controller past the start grace is unhealthy', async () => {
  let clock = 0;
  const runner = new ControllerRunner({
    build: () => ({
      start: () => new Promise<void>(() => {}), // caches never fill
      stop: async () => {},
    }),
    log: quiet,
    startGraceMs: 60_000,
    now: () => clock,
  });
  assert.ok(runner.healthy(), 'a standby replica is healthy');
  runner.lead();
  clock = 59_000;
  assert.ok(runner.healthy(), 'within the grace');
  clock = 61_000;
  assert.not.ok(runner.healthy(), 'leading, not reconciling, past the grace');
  // A start that hangs does not keep the term from ending.
  await runner.follow();
  assert.ok(runner.healthy(), 'healthy again once following');
});

test("a cancelled term's client abandons what is in flight and sends nothing more", async () => {
  // An API server that takes requests and never answers them.
  const hung = createServer(() => {});
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'hung',
        server: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'hung', user: 'u' }],
    currentContext: 'c',
  });
  const metrics = new OperatorMetrics();
  const term = new AbortController();
  const client = new KubeClient(kc, metrics, undefined, term.signal);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns' } };
  const inFlight = rejection(client.apply(configMap));
  await new Promise((r) => setTimeout(r, 50));
  term.abort(new Error('leadership lost'));
  assert.match(await inFlight, /leadership lost/);
  const sent = await metrics.totalWrites();
  assert.match(await rejection(client.apply(configMap)), /leadership lost/);
  assert.match(await rejection(client.create(configMap)), /leadership lost/);
  assert.match(await rejection(client.delete(configMap)), /leadership lost/);
  assert.is(await metrics.totalWrites(), sent, 'no write was sent after the cancel');
  hung.closeAllConnections();
  hung.close();
});

test.run();
