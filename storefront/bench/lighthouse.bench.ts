// Lighthouse 12, mobile (its default config: a Moto G Power-sized screen, 4× CPU slowdown and a slow-4G
// network, both simulated), on the storefront's home page (the catalog), with Debian's Chromium.
//
// The shop runs as in production: the built storefront behind its own server, the real API on PostgreSQL
// and Redis, all on loopback. Baseline, same run: a static HTML page listing the same 24 products (names,
// prices, no JavaScript) from a bare node:http server, which shows what Lighthouse gives a page with nothing
// to load late. Goal (issue 14): performance ≥ 98 and cumulative layout shift ≤ 0.05.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import { chromiumPath } from '../test/support/browser.ts';
import { storefrontRoot } from '../test/support/build.ts';
import { startShop } from '../test/support/shop.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const goal = { performance: 98, cls: 0.05 };
const resultsFile = resolve(storefrontRoot, '..', 'bench-results', 'storefront-lighthouse.json');
/** The last storefront run's full Lighthouse report (git-ignored), to see where the time went. */
const reportFile = resolve(storefrontRoot, '..', 'test-results', 'lighthouse-home.json');

interface Sample {
  /** Lighthouse's performance score, 0–100. */
  performance: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  /** Bytes of JavaScript downloaded but not run while the page loaded (Lighthouse's unused-javascript). */
  unusedJsBytes: number;
  /** Every script the page loaded, bytes over the wire. */
  jsTransferBytes: number;
  /**
   * Lighthouse's measure of this machine's CPU speed at that moment (higher is faster; about 1,000+ for a
   * desktop): its simulated 4× mobile slowdown multiplies the CPU time it observed, so a busy machine scores
   * lower. Kept with each run to tell a slow page from a slow moment.
   */
  benchmarkIndex: number;
}

/** Debian's Chromium, headless, with a fresh profile and a DevTools port for Lighthouse. */
async function startChromium(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'dhakacart-lighthouse-'));
  const child: ChildProcess = spawn(
    chromiumPath,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((done, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`Chromium gave no DevTools port in 30 s:\n${output}`)),
      30_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    });
    child.on('exit', (code) => fail(new Error(`Chromium exited with ${code}:\n${output}`)));
  });
  child.stderr?.resume();
  return {
    port,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function audit(port: number, url: string, keepReport = false): Promise<Sample> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  if (keepReport) {
    mkdirSync(join(reportFile, '..'), { recursive: true });
    writeFileSync(reportFile, JSON.stringify(lhr, null, 1));
  }
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const unused = lhr.audits['unused-javascript']?.details as
    | { overallSavingsBytes?: number; items?: { wastedBytes?: number }[] }
    | undefined;
  const requests = (
    lhr.audits['network-requests']?.details as {
      items?: { resourceType?: string; transferSize?: number }[];
    }
  )?.items;
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    cls: numeric('cumulative-layout-shift'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    fcpMs: numeric('first-contentful-paint'),
    unusedJsBytes:
      unused?.overallSavingsBytes ?? (unused?.items ?? []).reduce((sum, i) => sum + (i.wastedBytes ?? 0), 0),
    jsTransferBytes: (requests ?? [])
      .filter((r) => r.resourceType === 'Script')
      .reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** The median of each figure over the runs (for the score, the run a shopper would most likely see). */
function summarize(samples: Sample[]): Sample & { performanceRange: string } {
  const pick = (key: keyof Sample) => median(samples.map((s) => s[key]));
  const scores = samples.map((s) => s.performance);
  return {
    performance: pick('performance'),
    performanceRange: `${Math.min(...scores)}–${Math.max(...scores)}`,
    cls: Math.round(pick('cls') * 1000) / 1000,
    lcpMs: Math.round(pick('lcpMs')),
    tbtMs: Math.round(pick('tbtMs')),
    fcpMs: Math.round(pick('fcpMs')),
    unusedJsBytes: Math.round(pick('unusedJsBytes')),
    jsTransferBytes: Math.round(pick('jsTransferBytes')),
    benchmarkIndex: Math.round(pick('benchmarkIndex')),
  };
}

async function main() {
  const loadAtStart = Number(loadavg()[0]?.toFixed(1));
  const shop = await startShop();
  const catalog = (await (await fetch(`${shop.api.url}/api/products?limit=24`)).json()) as {
    items: { name: { en: string }; price: number }[];
  };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="DhakaCart"><title>DhakaCart</title></head><body><h1>All products</h1><ul>${catalog.items
    .map((p) => `<li><h2>${p.name.en}</h2><p>৳${p.price / 100}</p></li>`)
    .join('')}</ul></body></html>`;
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(html);
  });
  await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
  const address = bare.address();
  const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  const chromium = await startChromium();
  try {
    // One unrecorded run of each warms the servers, the API's catalog cache and Chromium.
    await audit(chromium.port, `${shop.url}/`);
    await audit(chromium.port, bareUrl);
    const storefrontSamples: Sample[] = [];
    const baselineSamples: Sample[] = [];
    // Alternating, so a busy moment on this shared machine lands on both sides.
    for (let i = 0; i < runs; i++) {
      storefrontSamples.push(await audit(chromium.port, `${shop.url}/`, true));
      baselineSamples.push(await audit(chromium.port, bareUrl));
    }
    const storefront = summarize(storefrontSamples);
    const baseline = summarize(baselineSamples);
    const ratios = {
      performance: Math.round((storefront.performance / Math.max(1, baseline.performance)) * 100) / 100,
      lcp: Math.round((storefront.lcpMs / Math.max(1, baseline.lcpMs)) * 100) / 100,
    };
    const met = storefront.performance >= goal.performance && storefront.cls <= goal.cls;
    const figures = {
      benchmark: 'storefront home page, Lighthouse 12 mobile (simulated throttling), Debian Chromium',
      page: 'GET / (the catalog, first 24 products): built storefront + real API on PostgreSQL and Redis',
      runs,
      goal: { ...goal, met },
      storefront: { ...storefront, samples: storefrontSamples },
      baseline: {
        description: 'the same 24 products as static HTML from a bare node:http server',
        ...baseline,
      },
      ratios,
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        loadAverage1mAtStart: loadAtStart,
        loadAverage1mAtEnd: Number(loadavg()[0]?.toFixed(1)),
        node: process.version,
      },
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(join(resultsFile, '..'), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(figures, null, 2)}\n`);

    const row = (name: string, s: ReturnType<typeof summarize>) =>
      `| ${name.padEnd(20)} | ${`${s.performance} (${s.performanceRange})`.padStart(13)} | ${s.cls.toFixed(3).padStart(5)} | ${String(s.lcpMs).padStart(6)} | ${String(s.tbtMs).padStart(6)} | ${(s.unusedJsBytes / 1024).toFixed(1).padStart(13)} | ${(s.jsTransferBytes / 1024).toFixed(1).padStart(8)} | ${String(s.benchmarkIndex).padStart(9)} |`;
    console.log(
      `Lighthouse 12 mobile, home page, median of ${runs} runs (load average at start ${loadAtStart}):`,
    );
    console.log(
      '| page                 | performance   |   CLS | LCP ms | TBT ms | unused JS KB  | JS KB    | CPU index |',
    );
    console.log(
      '|----------------------|--------------:|------:|-------:|-------:|--------------:|---------:|----------:|',
    );
    console.log(row('storefront', storefront));
    console.log(row('baseline static HTML', baseline));
    console.log(
      `ratios storefront / baseline: performance ${ratios.performance}, LCP ${ratios.lcp}; goal performance ≥ ${goal.performance} and CLS ≤ ${goal.cls}: ${met ? 'met' : 'NOT met'}`,
    );
    console.log(`written to ${resultsFile}; the last full report in ${reportFile}`);
  } finally {
    await chromium.close();
    bare.close();
    await shop.close();
  }
}

await main();
