// Largest contentful paint and total transfer of the catalog page in headless Chromium on localhost.
//
// The shop runs as in production (the built storefront behind its own server, the real API on PostgreSQL).
// Baseline, same run: a static HTML page listing the same 24 products (names and prices, no JavaScript),
// served by a bare node:http server; the ratio shows what the client-rendered app costs over plain HTML.
// Each page is loaded cold (browser cache cleared) and warm (a repeat visit) several times.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@dhakacart/e2e/services';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { storefrontRoot } from '../test/support/build.ts';
import { startShop } from '../test/support/shop.ts';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const budgetMs = 1000;
const resultsFile = resolve(storefrontRoot, '..', 'bench-results', 'storefront.json');

interface Sample {
  lcpMs: number;
  /** What the largest contentful paint was: an element and, for an image, its URL. */
  lcpElement: string;
  transferBytes: number;
  requests: number;
}

/** Loads `url` and returns its LCP (from a PerformanceObserver) and the bytes it moved over the network. */
async function measure(page: Page, url: string, waitFor: string): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let transferBytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    transferBytes += event.encodedDataLength;
    requests++;
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.locator(waitFor).first().waitFor();
  await page.waitForLoadState('networkidle');
  const { lcpMs, lcpElement } = await page.evaluate(
    () =>
      new Promise<{ lcpMs: number; lcpElement: string }>((done) => {
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1) as
            | (PerformanceEntry & { element?: Element; url?: string })
            | undefined;
          const element = last?.element;
          const description = element
            ? `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''}`
            : 'none';
          done({
            lcpMs: last?.startTime ?? Number.NaN,
            lcpElement: last?.url ? `${description} ${new URL(last.url).pathname}` : description,
          });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
  await cdp.detach();
  return { lcpMs, lcpElement, transferBytes, requests };
}

async function sample(page: Page, url: string, waitFor: string, cold: boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < runs; i++) {
    if (cold) await cdp.send('Network.clearBrowserCache');
    await page.goto('about:blank');
    samples.push(await measure(page, url, waitFor));
  }
  await cdp.detach();
  return samples;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

function summarize(samples: Sample[]) {
  const lcp = samples.map((s) => s.lcpMs);
  return {
    lcpMsP50: Math.round(median(lcp)),
    lcpMsMin: Math.round(Math.min(...lcp)),
    lcpMsMax: Math.round(Math.max(...lcp)),
    transferBytes: Math.round(median(samples.map((s) => s.transferBytes))),
    requests: Math.round(median(samples.map((s) => s.requests))),
    lcpElements: [
      ...new Set(samples.map((s) => s.lcpElement.replace(/\/images\/products\/.*/, '/images/products/…'))),
    ],
  };
}

async function main() {
  const shop = await startShop();
  // The baseline: the same first page of the catalog as plain server-rendered HTML.
  const catalog = (await (await fetch(`${shop.api.url}/api/products?limit=24`)).json()) as {
    items: { name: { en: string }; price: number }[];
  };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>DhakaCart</title></head><body><h1>All products</h1><ul>${catalog.items
    .map((p) => `<li><h2>${p.name.en}</h2><p>৳${p.price / 100}</p></li>`)
    .join('')}</ul></body></html>`;
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(html);
  });
  const barePort = await freePort();
  await new Promise<void>((done) => bare.listen(barePort, '127.0.0.1', done));

  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    // One untimed load of each warms up the servers, the API cache and Chromium itself.
    await page.goto(shop.url);
    await page.locator('.product-card').first().waitFor();
    await page.goto(`http://127.0.0.1:${barePort}/`);

    const storefrontCold = summarize(await sample(page, shop.url, '.product-card', true));
    const storefrontWarm = summarize(await sample(page, shop.url, '.product-card', false));
    const baselineCold = summarize(await sample(page, `http://127.0.0.1:${barePort}/`, 'li', true));

    const ratio = Number((storefrontCold.lcpMsP50 / Math.max(1, baselineCold.lcpMsP50)).toFixed(2));
    const figures = {
      benchmark: 'storefront catalog page: largest contentful paint and transfer',
      page: 'GET / (catalog, first 24 products), desktop viewport 1280x800, headless Chromium, localhost',
      runs,
      budget: { lcpMs: budgetMs, withinBudget: storefrontCold.lcpMsP50 <= budgetMs },
      storefront: { cold: storefrontCold, warm: storefrontWarm },
      baseline: {
        description: 'the same 24 products as static HTML from a bare node:http server',
        cold: baselineCold,
      },
      ratio: { lcpColdVsBaseline: ratio },
      // The machine is shared: the load average says how busy it was while measuring.
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        loadAverage1m: Number(loadavg()[0]?.toFixed(1)),
        node: process.version,
      },
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(join(resultsFile, '..'), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(figures, null, 2)}\n`);

    const row = (name: string, s: ReturnType<typeof summarize>) =>
      `| ${name.padEnd(26)} | ${String(s.lcpMsP50).padStart(8)} | ${`${s.lcpMsMin}–${s.lcpMsMax}`.padStart(11)} | ${(s.transferBytes / 1024).toFixed(1).padStart(12)} | ${String(s.requests).padStart(8)} |`;
    console.log(`Catalog page, ${runs} loads each (median):`);
    console.log('| page                       | LCP p50 ms | LCP range ms | transfer KB | requests |');
    console.log('|----------------------------|-----------:|-------------:|------------:|---------:|');
    console.log(row('storefront, cold cache', storefrontCold));
    console.log(row('storefront, warm cache', storefrontWarm));
    console.log(row('baseline static HTML, cold', baselineCold));
    console.log(
      `ratio (storefront cold / baseline cold LCP): ${ratio}; budget ${budgetMs} ms: ${figures.budget.withinBudget ? 'met' : 'NOT met'}`,
    );
    console.log(`written to ${resultsFile}`);
  } finally {
    await browser.close();
    bare.close();
    await shop.close();
  }
}

await main();
