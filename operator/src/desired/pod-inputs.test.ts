// The config digest on pod templates: a change to a ConfigMap value the API's pods read rolls them (env from
// a ConfigMap is read only when a container starts); a value they do not read rolls nothing.
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sample } from '../fixtures/shops.ts';
import { makeShop } from '../types.ts';
import { databaseRoute, desiredEndpointsConfigMap } from './aws/env.ts';
import { awsShop } from './aws/fixtures.ts';
import { desiredConfigMap } from './config-map.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from './deployment.ts';
import { desiredPgbouncerConfigMap, desiredPgbouncerDeployment } from './pgbouncer.ts';
import { CONFIG_HASH_ANNOTATION, keysReadBy, withInputsHash } from './pod-inputs.ts';

const configHash = (d: V1Deployment, maps: V1ConfigMap[]) =>
  withInputsHash(d, 'configMap', new Map(maps.map((m) => [m.metadata?.name ?? '', m.data ?? {}]))).spec
    ?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];

test('a new public host (spec.ingress.host) rolls the API, whose pods read PUBLIC_URL from the shop ConfigMap', () => {
  const api = desiredApiDeployment(sample, '1.4.0');
  const before = configHash(api, [desiredConfigMap(sample)]);
  assert.match(before ?? '', /^[0-9a-f]{16}$/);
  const moved = makeShop('eid-sale', 'shop', {
    ...sample.spec,
    ingress: { ...sample.spec.ingress, host: 'eid.example.com' },
  } as never);
  assert.is.not(configHash(api, [desiredConfigMap(moved)]), before);
  assert.is(configHash(api, [desiredConfigMap(sample)]), before, 'same values, same digest');
});

test('aws: the API rolls when its database route moves from the instance to the proxy, not for unread keys', () => {
  const shop = awsShop();
  const api = desiredApiDeployment(shop, '1.4.0');
  const tls = { database: true, cache: true };
  const config = desiredConfigMap(shop);
  const direct = desiredEndpointsConfigMap(shop, tls, databaseRoute(tls, undefined, 'db.example'));
  const proxied = desiredEndpointsConfigMap(
    shop,
    tls,
    databaseRoute(tls, { endpoint: 'proxy.example', requireTls: true }, 'db.example'),
  );
  assert.is.not(configHash(api, [config, direct]), configHash(api, [config, proxied]));
  // The API reads single keys of the endpoints ConfigMap: one it does not read changes nothing.
  const read = keysReadBy(api, 'configMap').get(direct.metadata?.name ?? '');
  assert.ok(read instanceof Set && read.has('DATABASE_API_HOST') && !read.has('UNREAD'));
  const extra = { ...direct, data: { ...direct.data, UNREAD: 'x' } };
  assert.is(configHash(api, [config, extra]), configHash(api, [config, direct]));
});

test('PgBouncer rolls when its configuration changes (pools sized from the HPA bounds); the storefront reads none', () => {
  const pgbouncer = desiredPgbouncerDeployment(sample);
  const bigger = makeShop('eid-sale', 'shop', {
    ...sample.spec,
    api: { ...sample.spec.api, replicas: { min: 4, max: 80 } },
  } as never);
  assert.is.not(
    configHash(pgbouncer, [desiredPgbouncerConfigMap(sample)]),
    configHash(pgbouncer, [desiredPgbouncerConfigMap(bigger)]),
  );
  const storefront = desiredStorefrontDeployment(sample, '1.4.0');
  assert.equal(withInputsHash(storefront, 'configMap', new Map()), storefront);
});

test.run();
