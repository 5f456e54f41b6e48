// The operator's informer against a real API server: a dropped watch resumes from its resourceVersion
// without a relist and without losing the events of the gap; a resourceVersion etcd has compacted away
// (410 Gone) leads to a relist that reports the deletions missed; a quiet watch is restarted; a replayed
// object is not reported twice.
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Informer } from '../../operator/src/informer.ts';
import { RESOURCES } from '../../operator/src/kube/resources.ts';
import { compactEtcd, startApiServerReplica } from '../src/cluster.ts';
import { createTestNamespace, eventually, type TestNamespace, testCluster } from '../src/harness.ts';
import { k } from './operator-support.ts';

let ns: TestNamespace;
let kc: KubeConfig;

test.before(async () => {
  ns = await createTestNamespace('op-inf');
  kc = (await testCluster()).kc;
});

test.after(async () => {
  await ns?.delete();
});

const cm = (name: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns.name, labels: { watched: 'yes' } },
    data: { a: '1' },
  });

test('a dropped watch resumes from its resourceVersion and delivers what happened in the gap', async () => {
  const events: string[] = [];
  const informer = new Informer<KubernetesObject>(kc, RESOURCES.ConfigMap, {
    namespace: ns.name,
    labelSelector: 'watched=yes',
  });
  informer.on((event, o) => events.push(`${event}:${o.metadata?.name}`));
  await k(['apply', '-f', '-'], cm('before'));
  await informer.start();
  assert.equal(events, ['add:before']);
  await eventually('the watch to be open', async () => informer.watching);
  informer.dropWatch();
  await k(['apply', '-f', '-'], cm('during'));
  await k(['delete', 'configmap', 'before', '-n', ns.name]);
  await eventually(
    'the gap to be delivered',
    async () => events.includes('add:during') && events.includes('delete:before'),
  );
  assert.is(informer.stats.lists, 1, 'resumed without listing again');
  assert.ok(informer.stats.watches >= 2);
  assert.is(events.filter((e) => e === 'add:before').length, 1, 'no replayed ADDED');
  assert.equal(
    [...informer.list()].map((o) => o.metadata?.name),
    ['during'],
  );
  informer.stop();
});

test('an expired resourceVersion (410 Gone) leads to a relist that reports what the cache missed', async () => {
  // The informer talks to an API server replica without a watch cache, which hands every watch to etcd;
  // after etcd compacts, resuming from an older resourceVersion is refused with 410 Gone, every time.
  const replica = await startApiServerReplica({ watchCache: false });
  const replicaKc = new KubeConfig();
  replicaKc.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, server: replica.server })),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  const events: string[] = [];
  const informer = new Informer<KubernetesObject>(replicaKc, RESOURCES.ConfigMap, {
    namespace: ns.name,
    labelSelector: 'watched=yes',
  });
  informer.on((event, o) => events.push(`${event}:${o.metadata?.name}`));
  try {
    await k(['apply', '-f', '-'], cm('old'));
    await informer.start();
    await eventually('the watch to be open', async () => informer.watching);
    const old = informer.get(ns.name, 'old')?.metadata?.resourceVersion ?? '';
    // Later writes, then a compaction past them: the revision after `old` is gone from etcd. Two writes, so
    // that even on a quiet cluster the compacted revision lies beyond `old` + 1, where a resumed watch starts
    // (with one write it would be exactly that revision, which etcd still serves).
    await k(['apply', '-f', '-'], cm('newer'));
    await k(['apply', '-f', '-'], cm('newest'));
    await compactEtcd();
    // An object the cache believes in but the server no longer has: a deletion missed during a gap.
    informer.prime({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ghost', namespace: ns.name, resourceVersion: old },
    });
    informer.setResumePoint(old);
    informer.dropWatch();
    await eventually(
      'the relist to report the missed deletion',
      async () => events.includes('delete:ghost'),
      20_000,
    );
    assert.is(informer.stats.relists410, 1);
    assert.is(informer.get(ns.name, 'ghost'), undefined);
    await k(['apply', '-f', '-'], cm('after-relist'));
    await eventually('events after the relist', async () => events.includes('add:after-relist'));
  } finally {
    informer.stop();
    await replica.stop();
  }
});

test('a watch that goes quiet is restarted and still sees later events', async () => {
  const events: string[] = [];
  const informer = new Informer<KubernetesObject>(kc, RESOURCES.ConfigMap, {
    namespace: ns.name,
    labelSelector: 'watched=yes',
    quietMs: 1000,
  });
  informer.on((event, o) => events.push(`${event}:${o.metadata?.name}`));
  await informer.start();
  await eventually('a quiet restart', async () => informer.stats.restartsQuiet >= 1, 15_000);
  await k(['apply', '-f', '-'], cm('after-quiet'));
  await eventually('the event after the restart', async () => events.includes('add:after-quiet'));
  assert.is(informer.stats.lists, 1);
  informer.stop();
});

test.run();
