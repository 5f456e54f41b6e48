// Leader election against an in-memory Lease API: never two leaders, expiry judged on the candidate's own
// clock (not the holder's renewTime), and a leader whose API server stops answering steps down by itself.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LeaderElector, leaderTimings } from './leader.ts';

interface StoredLease {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: Record<string, unknown>;
}

/** One Lease store served on several ports, so each elector has its own connection that a test can hang. */
class LeaseStore {
  lease: StoredLease | undefined;
  version = 1;
  readonly servers: Server[] = [];

  async serve(): Promise<{ kc: KubeConfig; hang: (on: boolean) => void }> {
    let hanging = false;
    const server = createServer((req, res) => {
      if (hanging) return; // never answers
      void this.#handle(req, res);
    });
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'fake' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
      currentContext: 'fake',
    });
    return { kc, hang: (on) => (hanging = on) };
  }

  /** Changes the record as a holder renewing would (a new resourceVersion), keeping `renewTime` as given. */
  write(spec: Record<string, unknown>) {
    this.lease = {
      metadata: { name: 'leader', namespace: 'ns', resourceVersion: String(++this.version) },
      spec,
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    let text = '';
    for await (const chunk of req) text += chunk;
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET') return this.lease ? send(200, this.lease) : send(404, { message: 'not found' });
    const body = JSON.parse(text) as StoredLease;
    if (req.method === 'POST') {
      if (this.lease) return send(409, { message: 'exists' });
      this.write(body.spec);
      return send(201, this.lease);
    }
    if (body.metadata.resourceVersion !== this.lease?.metadata.resourceVersion)
      return send(409, { message: 'conflict' });
    this.write(body.spec);
    return send(200, this.lease);
  }

  close() {
    for (const server of this.servers) {
      server.closeAllConnections();
      server.close();
    }
  }
}

const quiet = () => {};
const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(check(), what);
};

test('timings: the request timeout is shorter than the renew deadline, which is shorter than the lease', () => {
  const t = leaderTimings({ namespace: 'ns', name: 'l', identity: 'a', leaseDurationSeconds: 15 });
  assert.ok(t.requestTimeoutMs < t.renewDeadlineMs && t.renewDeadlineMs < t.leaseDurationMs);
  assert.throws(
    () =>
      leaderTimings({
        namespace: 'ns',
        name: 'l',
        identity: 'a',
        leaseDurationSeconds: 15,
        requestTimeoutMs: 10_000,
      }),
    /request timeout must be shorter than the renew deadline/,
  );
  assert.throws(
    () =>
      leaderTimings({
        namespace: 'ns',
        name: 'l',
        identity: 'a',
        leaseDurationSeconds: 5,
        renewDeadlineMs: 5_000,
      }),
    /renew deadline must be shorter than the lease duration/,
  );
});

test('a leader whose API server stops answering steps down before another replica takes over', async () => {
  const store = new LeaseStore();
  const a = await store.serve();
  const b = await store.serve();
  const options = { namespace: 'ns', name: 'leader', leaseDurationSeconds: 1, log: quiet };
  const electorA = new LeaderElector(a.kc, { ...options, identity: 'a' });
  const electorB = new LeaderElector(b.kc, { ...options, identity: 'b' });
  const seen: string[] = [];
  electorA.run(
    () => seen.push('a leads'),
    () => seen.push('a stops'),
  );
  await until('a leads', () => electorA.leading);
  electorB.run(
    () => seen.push(electorA.leading ? 'b leads while a still leads' : 'b leads'),
    () => seen.push('b stops'),
  );
  // a's connection hangs: its requests time out, it passes its renew deadline and stops leading.
  a.hang(true);
  await until('b leads', () => electorB.leading);
  assert.equal(seen, ['a leads', 'a stops', 'b leads']);
  assert.is(store.lease?.spec.holderIdentity, 'b');
  await electorB.stop();
  await electorA.stop();
  store.close();
});

test("expiry is judged on the candidate's clock: a holder renewing with a skewed clock keeps the Lease", async () => {
  const store = new LeaseStore();
  const b = await store.serve();
  // The holder's clock is decades behind: its renewTime looks long expired, but it keeps renewing.
  const stale = '2001-01-01T00:00:00.000000Z';
  store.write({ holderIdentity: 'a', leaseDurationSeconds: 1, renewTime: stale });
  const renewing = setInterval(
    () => store.write({ holderIdentity: 'a', leaseDurationSeconds: 1, renewTime: stale }),
    100,
  );
  const electorB = new LeaderElector(b.kc, {
    namespace: 'ns',
    name: 'leader',
    identity: 'b',
    leaseDurationSeconds: 1,
    log: quiet,
  });
  let won = false;
  electorB.run(
    () => (won = true),
    () => {},
  );
  // Three lease durations of renewals seen: b never takes over.
  await new Promise((r) => setTimeout(r, 3_000));
  assert.is(won, false);
  assert.is(store.lease?.spec.holderIdentity, 'a');
  // The holder stops renewing (its renewTime now in the far future): b takes over once it has seen the
  // record unchanged for a lease duration.
  clearInterval(renewing);
  store.write({ holderIdentity: 'a', leaseDurationSeconds: 1, renewTime: '2999-01-01T00:00:00.000000Z' });
  await until('b takes over', () => won);
  assert.is(store.lease?.spec.holderIdentity, 'b');
  assert.is(store.lease?.spec.leaseTransitions, 1);
  await electorB.stop();
  store.close();
});

test('a leader that stops releases the Lease, and the next candidate takes it at once', async () => {
  const store = new LeaseStore();
  const a = await store.serve();
  const options = { namespace: 'ns', name: 'leader', leaseDurationSeconds: 60, log: quiet };
  const electorA = new LeaderElector(a.kc, { ...options, identity: 'a' });
  electorA.run(
    () => {},
    () => {},
  );
  await until('a leads', () => electorA.leading);
  await electorA.stop();
  assert.is(store.lease?.spec.holderIdentity, '');
  const electorB = new LeaderElector(a.kc, { ...options, identity: 'b' });
  electorB.run(
    () => {},
    () => {},
  );
  // With a 60-second lease, only the release lets b lead within this wait.
  await until('b leads', () => electorB.leading);
  await electorB.stop();
  store.close();
});

test.run();
