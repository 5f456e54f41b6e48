// The storefront server process (`node src/server/main.ts`, as in its image): /metrics on METRICS_PORT and
// 404 on PORT; on SIGTERM both listeners close and the process exits 0; METRICS_PORT equal to PORT is refused.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@dhakacart/e2e/services';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distDir, ensureBuild, storefrontRoot } from './support/build.ts';

const mainScript = join(storefrontRoot, 'src', 'server', 'main.ts');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** 'answered <status>' or 'failed <error code>'. */
const reach = (url: string) =>
  fetch(url).then(
    async (response) => {
      await response.arrayBuffer();
      return `answered ${response.status}`;
    },
    (error: Error & { cause?: { code?: string } }) => `failed ${error.cause?.code}`,
  );

test.before(async () => {
  await ensureBuild();
});

test('serves /metrics on METRICS_PORT only, and closes both listeners on SIGTERM', async () => {
  const port = await freePort();
  let metricsPort = await freePort();
  while (metricsPort === port) metricsPort = await freePort();
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      DIST_DIR: distDir,
      API_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const deadline = Date.now() + 30_000;
    while (
      (await reach(metricsUrl)) !== 'answered 200' ||
      (await reach(`http://127.0.0.1:${port}/healthz`)) !== 'answered 200'
    ) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `the server did not start:\n${output}`);
      await sleep(100);
    }
    assert.is(await reach(`http://127.0.0.1:${port}/metrics`), 'answered 404', '/metrics on PORT');
    assert.match(
      await (await fetch(metricsUrl)).text(),
      /http_request_duration_seconds_count\{method="GET",route="healthz"/,
    );
    child.kill('SIGTERM');
    assert.is(await exited, 0, `exit code; output:\n${output}`);
    assert.is(await reach(metricsUrl), 'failed ECONNREFUSED', 'the metrics listener is closed');
  } finally {
    child.kill('SIGKILL');
  }
});

test('METRICS_PORT equal to PORT stops the start with a message naming both', () => {
  const result = spawnSync(process.execPath, [mainScript], {
    env: { PATH: process.env.PATH ?? '', PORT: '8181', METRICS_PORT: '8181', DIST_DIR: distDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(result.status, 1);
  assert.match(result.stderr, /METRICS_PORT must be a port number other than PORT \(8181\)/);
});

test.run();
