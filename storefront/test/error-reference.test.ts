// A failed request shows the shopper a reference to quote (the request's X-Request-Id), and it is the id
// the storefront server logged for that request, so support can find it.
import type { Server } from 'node:http';
import { freePort } from '@dhakacart/e2e/services';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogLine } from '../src/server/observe.ts';
import { createStorefrontServer } from '../src/server/serve.ts';
import { type ApiProcess, startApi } from './support/api-process.ts';
import { type Browser, launchBrowser } from './support/browser.ts';
import { distDir, ensureBuild } from './support/build.ts';

let api: ApiProcess;
let server: Server;
let base = '';
let browser: Browser | undefined;
const logLines: Array<Record<string, unknown>> = [];

test.before(async () => {
  await ensureBuild();
  api = await startApi();
  const log = createLogLine('debug', (line) => logLines.push(JSON.parse(line)));
  server = createStorefrontServer({ distDir, apiUrl: api.url, log });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  base = `http://127.0.0.1:${port}`;
});

test.after(async () => {
  await browser?.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await api.close();
});

test('the shop unreachable: the notice gives a reference, and the storefront logged that request id', async () => {
  await api.stop();
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(base);
  const notice = page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).first();
  await notice.waitFor();
  const text = (await notice.textContent()) ?? '';
  const reference = /quote reference ([A-Za-z0-9._-]+)\./.exec(text)?.[1];
  assert.ok(reference, `the notice quotes a reference: ${text}`);
  const logged = logLines.find((l) => l.request_id === reference && l.reason === 'unreachable');
  assert.ok(logged, `the storefront logged request ${reference} as unreachable`);
  assert.match(String(logged?.trace_id), /^[0-9a-f]{32}$/);
});

test.run();
