// The home page asks the browser (a Link header) to fetch the catalog's first page and the categories while
// its script downloads. In Chromium each is fetched once — the app uses the preloaded answer rather than
// asking the API again — and other pages (a search, the cart) preload nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Browser, launchBrowser, phone } from './support/browser.ts';
import { type Shop, startShop } from './support/shop.ts';

let shop: Shop;
let browser: Browser | undefined;

test.before(async () => {
  shop = await startShop();
});
test.after(async () => {
  await browser?.close();
  await shop?.close();
});

test('only the home page says what to preload', async () => {
  const home = await fetch(`${shop.url}/`);
  assert.is(home.status, 200);
  const link = home.headers.get('link') ?? '';
  assert.match(link, '</api/products?limit=24>; rel=preload; as=fetch; crossorigin');
  assert.match(link, '</api/categories>; rel=preload; as=fetch; crossorigin');
  for (const path of ['/?q=rice', '/cart', '/products/miniket-rice-5-kg']) {
    const response = await fetch(`${shop.url}${path}`);
    assert.is(response.headers.get('link'), null, path);
  }
});

test('in Chromium the home page fetches its catalog and categories once each, and shows the products', async () => {
  browser = await launchBrowser({ viewport: phone, mobile: true });
  const page = await browser.context.newPage();
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(`${url.pathname}${url.search}`);
  });
  await page.goto(shop.url);
  await page.locator('.product-card').first().waitFor();
  await page.locator('nav.categories li').nth(1).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(
    apiRequests.filter((r) => r === '/api/products?limit=24'),
    ['/api/products?limit=24'],
    `requests: ${apiRequests.join(', ')}`,
  );
  assert.equal(
    apiRequests.filter((r) => r === '/api/categories'),
    ['/api/categories'],
    `requests: ${apiRequests.join(', ')}`,
  );
  assert.is(await page.locator('.product-card').count(), 24);
});

test.run();
