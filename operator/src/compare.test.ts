// Drift detection: server defaults and normal forms are not drift; a hand edit is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findDrift, parseQuantity } from './compare.ts';

test('fields the server adds are not drift', () => {
  const desired = { spec: { template: { spec: { containers: [{ name: 'api', image: 'a:1' }] } } } };
  const live = {
    metadata: { resourceVersion: '9' },
    spec: {
      replicas: 7,
      template: {
        spec: {
          dnsPolicy: 'ClusterFirst',
          containers: [{ name: 'api', image: 'a:1', terminationMessagePath: '/dev/termination-log' }],
        },
      },
    },
    status: { readyReplicas: 7 },
  };
  assert.is(findDrift(desired, live), undefined);
});

test('a hand-edited image, probe or policy rule is drift, with its path', () => {
  const desired = {
    spec: { containers: [{ image: 'a:1', readinessProbe: { httpGet: { path: '/readyz' } } }] },
  };
  assert.is(
    findDrift(desired, {
      spec: { containers: [{ image: 'evil:1', readinessProbe: { httpGet: { path: '/readyz' } } }] },
    }),
    '.spec.containers[0].image',
  );
  assert.is(
    findDrift(desired, {
      spec: { containers: [{ image: 'a:1', readinessProbe: { httpGet: { path: '/' } } }] },
    }),
    '.spec.containers[0].readinessProbe.httpGet.path',
  );
  assert.is(
    findDrift(
      { spec: { ingress: [{ ports: [1] }] } },
      { spec: { ingress: [{ ports: [1] }, { ports: [2] }] } },
    ),
    '.spec.ingress',
  );
});

test('omitted false, empty objects and equal quantities are not drift', () => {
  assert.is(findDrift({ a: false, b: {}, c: [], d: '' }, {}), undefined);
  assert.is(findDrift({ cpu: '1000m', memory: '1024Mi' }, { cpu: '1', memory: '1Gi' }), undefined);
  assert.is(findDrift({ cpu: '500m' }, { cpu: '0.5' }), undefined);
  assert.ok(findDrift({ cpu: '500m' }, { cpu: '600m' }));
  assert.ok(findDrift({ image: 'a' }, {}));
});

test("another manager's items in a named list are not drift; a changed or missing item of ours is", () => {
  const desired = {
    containers: [
      {
        name: 'api',
        env: [
          { name: 'PORT', value: '3000' },
          { name: 'MODE', value: 'prod' },
        ],
      },
    ],
  };
  // `kubectl set env EXTRA=1` and an injected sidecar: left alone, so no write on every resync.
  const withForeign = {
    containers: [
      { name: 'istio-proxy', image: 'proxy:1' },
      {
        name: 'api',
        env: [
          { name: 'EXTRA', value: '1' },
          { name: 'PORT', value: '3000' },
          { name: 'MODE', value: 'prod' },
        ],
      },
    ],
  };
  assert.is(findDrift(desired, withForeign), undefined);
  assert.is(
    findDrift(desired, { containers: [{ name: 'api', env: [{ name: 'PORT', value: '3000' }] }] }),
    '.containers[0].env[1]',
  );
  assert.is(
    findDrift(desired, {
      containers: [
        {
          name: 'api',
          env: [
            { name: 'PORT', value: '8080' },
            { name: 'MODE', value: 'prod' },
          ],
        },
      ],
    }),
    '.containers[0].env[0].value',
  );
});

test('quantities parse', () => {
  assert.is(parseQuantity('250m'), 0.25);
  assert.is(parseQuantity('10Gi'), 10 * 2 ** 30);
  assert.is(parseQuantity('1e3'), 1000);
  assert.is(parseQuantity('shop-1.4.0'), undefined);
});

test.run();
