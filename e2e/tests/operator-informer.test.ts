// The operator's informer against a real API server: a dropped watch resumes from its resourceVersion
// without a relist and without losing the events of the gap; a quiet watch is restarted; a replayed
// object is not reported twice.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Informer } from '../../operator/src/informer.ts';
import { RESOURCES } from '../../operator/src/kube/resources.ts';
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

// Skipped: it depends on etcd having compacted resourceVersion 1, which holds on a long-running cluster but not
// on the young one a CI run starts (it failed there even with a 30 s compaction interval). Open follow-up:
// provoke the 410 deterministically.
test.skip('an expired resourceVersion (410 Gone) leads to a relist that reports what the cache missed', async () => {
  const events: string[] = [];
  const informer = new Informer<KubernetesObject>(kc, RESOURCES.ConfigMap, {
    namespace: ns.name,
    labelSelector: 'watched=yes',
  });
  informer.on((event, o) => events.push(`${event}:${o.metadata?.name}`));
  await informer.start();
  await eventually('the watch to be open', async () => informer.watching);
  // An object the cache believes in but the server no longer has: a deletion missed during a gap.
  informer.prime({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ghost', namespace: ns.name, resourceVersion: '1' },
  });
  // Resource version 1 was compacted long ago, so resuming from it is answered with 410 Gone.
  informer.setResumePoint('1');
  informer.dropWatch();
  await eventually(
    'the relist to report the missed deletion',
    async () => events.includes('delete:ghost'),
    20_000,
  );
  assert.ok(informer.stats.relists410 >= 1);
  assert.is(informer.get(ns.name, 'ghost'), undefined);
  await k(['apply', '-f', '-'], cm('after-relist'));
  await eventually('events after the relist', async () => events.includes('add:after-relist'));
  informer.stop();
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
