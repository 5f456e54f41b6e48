// Alerts end to end, with every piece real: the API and the storefront server (on PostgreSQL and Redis)
// under a short load, Debian's Prometheus scraping them every second and evaluating the shipped rules with
// every window and `for:` scaled by 1/60 (monitoring/README.md: the hour's window becomes 60 s, the 5
// minutes 5 s), Debian's Alertmanager, and a webhook receiver in this test. The API is made unavailable
// under traffic: the page arrives; the API comes back: the page is resolved.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rulesYaml } from '../src/generate.ts';
import { buildRules } from '../src/rules.ts';
import { type Shop, startShop } from './support/processes.ts';
import {
  type Alertmanager,
  type Notification,
  type Prometheus,
  startAlertmanager,
  startPrometheus,
  startWebhook,
  type Webhook,
} from './support/prometheus.ts';
import { startTraffic, type Traffic } from './support/traffic.ts';

const NAMESPACE = 'shops';
const SHOP = 'eid-sale';
let shop: Shop;
let prometheus: Prometheus;
let alertmanager: Alertmanager;
let webhook: Webhook;
let traffic: Traffic | undefined;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` every 250 ms until it returns something, or fails naming `what` after `timeoutMs`. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(
    `timed out waiting for ${what}; alerts in Prometheus: ${JSON.stringify(await prometheus.alerts())}; ` +
      `delivered: ${JSON.stringify(webhook.notifications.flatMap((n) => n.alerts.map((a) => `${a.labels.alertname} ${a.status}`)))}`,
  );
}

test.before(async () => {
  [shop, webhook] = await Promise.all([startShop(SHOP), startWebhook()]);
  alertmanager = await startAlertmanager(webhook.url);
  const host = (url: string) => new URL(url).host;
  prometheus = await startPrometheus({
    targets: [
      {
        job: 'api',
        address: host(shop.api.metricsUrl),
        labels: { namespace: NAMESPACE, shop: SHOP, component: 'api' },
      },
      {
        job: 'storefront',
        address: host(shop.storefront.metricsUrl),
        labels: { namespace: NAMESPACE, shop: SHOP, component: 'storefront' },
      },
    ],
    rules: rulesYaml(buildRules({ scale: 1 / 60, interval: '1s' })),
    alertmanagerUrl: alertmanager.url,
  });
  traffic = await startTraffic(shop.storefront.url);
});

test.after(async () => {
  await traffic?.stop();
  await prometheus?.stop();
  await alertmanager?.stop();
  await webhook?.stop();
  await shop?.close();
});

const delivered = (alertname: string, status: Notification['status']) =>
  webhook.notifications
    .flatMap((n) => n.alerts)
    .find(
      (a) =>
        a.labels.alertname === alertname &&
        a.status === status &&
        a.labels.shop === SHOP &&
        a.labels.namespace === NAMESPACE,
    );

test('a healthy shop under load raises no alert', async () => {
  // Long enough for the scaled windows to fill and every `for:` to pass.
  await eventually(
    'Prometheus to record the checkout availability of the shop',
    async () => {
      const result = await prometheus.query(
        `namespace_shop:dhakacart_slo_errors_per_request:ratio_rate60s{slo="checkout-availability", shop="${SHOP}"}`,
      );
      return result.length > 0 ? result : undefined;
    },
    60_000,
  );
  await sleep(10_000);
  // No operator is scraped here, so the operator-wide DhakaCartOperatorNotLeading rightly fires; nothing
  // about the shop may.
  const firing = (await prometheus.alerts()).filter((a) => a.state === 'firing' && a.labels.shop === SHOP);
  assert.equal(firing, [], 'no alert about the shop while it is healthy');
  const about = webhook.notifications.flatMap((n) => n.alerts).filter((a) => a.labels.shop === SHOP);
  assert.equal(about, [], 'Alertmanager delivered nothing about the shop');
  assert.ok((traffic?.counts.sent ?? 0) > 100, 'the load ran');
});

test('the API made unavailable under traffic pages through Alertmanager; back up, the page is resolved', async () => {
  await shop.api.stop();
  const page = await eventually(
    'Alertmanager to deliver the DhakaCartAPIDown page',
    async () => delivered('DhakaCartAPIDown', 'firing'),
    60_000,
  );
  assert.is(page.labels.severity, 'page');
  assert.is(page.annotations.summary, `${NAMESPACE}/${SHOP}: no API pod is answering`);
  assert.match(page.annotations.runbook_url ?? '', /\/docs\/runbooks\/api-down\.md$/);
  // Shoppers' catalog reads fail at the storefront server: that burns the catalog availability budget.
  const burn = await eventually(
    'the catalog availability burn-rate page',
    async () => delivered('DhakaCartCatalogAvailabilityBudgetBurn', 'firing'),
    60_000,
  );
  assert.is(burn.labels.severity, 'page');
  assert.is(burn.labels.slo, 'catalog-availability');
  assert.ok((traffic?.counts.failed ?? 0) > 0, 'shoppers saw failures');

  await shop.api.start();
  await eventually(
    'DhakaCartAPIDown to be resolved',
    async () => delivered('DhakaCartAPIDown', 'resolved'),
    60_000,
  );
  await eventually(
    'the burn-rate page to be resolved once the short windows are clean',
    async () => delivered('DhakaCartCatalogAvailabilityBudgetBurn', 'resolved'),
    120_000,
  );
});

test.run();
