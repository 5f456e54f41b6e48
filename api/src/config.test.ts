import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from './config.ts';

test('defaults: port 3000, embedded database, in-process cache, admin off, no CORS', () => {
  const config = loadConfig({});
  assert.is(config.port, 3000);
  assert.is(config.metricsPort, 9464);
  assert.is(config.host, '0.0.0.0');
  assert.is(config.databaseUrl, undefined);
  assert.is(config.redisUrl, undefined);
  assert.is(config.adminToken, undefined);
  assert.equal(config.corsOrigins, []);
  assert.is(config.checkoutRateLimit, 60);
});

test('reads and normalises the environment', () => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u:p@db:5432/shop',
    REDIS_URL: 'rediss://cache:6379',
    ADMIN_TOKEN: 'a-long-enough-admin-token',
    CORS_ORIGIN: 'https://shop.example, https://admin.example',
    LOG_LEVEL: 'debug',
    TRUST_PROXY: '1',
  });
  assert.is(config.port, 8080);
  assert.equal(config.corsOrigins, ['https://shop.example', 'https://admin.example']);
  assert.is(config.trustProxy, 1);
  assert.is(config.logLevel, 'debug');
});

test('a bad environment stops the start with one message naming every offending variable', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_TOKEN: 'short', LOG_LEVEL: 'loud' });
    assert.unreachable('should have thrown');
  } catch (error) {
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'LOG_LEVEL']) assert.match(message, name);
    assert.not.match(message, 'mysql://x', 'values of URLs are not echoed');
  }
});

test('METRICS_PORT: a port of its own, never the public one (0 for both: two free ports)', () => {
  assert.is(loadConfig({ METRICS_PORT: '9100' }).metricsPort, 9100);
  assert.throws(
    () => loadConfig({ PORT: '9100', METRICS_PORT: '9100' }),
    /METRICS_PORT: must differ from PORT/,
  );
  assert.throws(() => loadConfig({ METRICS_PORT: '70000' }), /METRICS_PORT/);
  assert.is(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort, 0);
});

test('DB_NAMED_STATEMENTS: on by default, off behind a transaction pooler, anything else refused by name', () => {
  assert.is(loadConfig({}).dbNamedStatements, true);
  assert.is(loadConfig({ DB_NAMED_STATEMENTS: 'false' }).dbNamedStatements, false);
  assert.throws(() => loadConfig({ DB_NAMED_STATEMENTS: 'off' }), /DB_NAMED_STATEMENTS/);
});

test.run();
