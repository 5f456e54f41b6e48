// The storefront's faults of issue 14, in a real Chromium against the real API: trailing slashes and unknown
// pages, the checkout form checking what the API checks with messages in the shopper's language, the short
// order number, quiet retries while the API starts, a cart ordered in another tab, and the Bengali web font.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Browser, desktop, launchBrowser, phone, screenshot } from './support/browser.ts';
import { apiJson, type Shop, startShop } from './support/shop.ts';
import {
  addToCart,
  bangla,
  confirmedOrderNumber,
  english,
  fillDelivery,
  inStockProductNames,
  search,
  shownOrderNumber,
} from './support/shopper.ts';

let shop: Shop;
let browser: Browser | undefined;

test.before(async () => {
  shop = await startShop();
});
test.after.each(async () => {
  await browser?.close();
  browser = undefined;
  await shop.api.start().catch(() => undefined);
});
test.after(async () => {
  await shop?.close();
});

const customer = { name: 'Nusrat Jahan', phone: '01912345678', address: 'House 9, Road 11, Banani, Dhaka' };

test('a trailing slash shows the same page; an unknown path answers 404 with the not-found page', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const cart = await page.goto(`${shop.url}/cart/`);
  assert.is(cart?.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
  const product = await page.goto(`${shop.url}/products/miniket-rice-1-kg/`);
  assert.is(product?.status(), 200);
  await page.getByRole('heading', { level: 1, name: /Miniket Rice/ }).waitFor();
  for (const path of ['/nowhere', '/products/miniket-rice-1-kg/reviews', '/cart/extra']) {
    const missing = await page.goto(`${shop.url}${path}`);
    assert.is(missing?.status(), 404, path);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    assert.ok(await page.getByRole('link', { name: 'Back to the shop' }).isVisible());
  }
});

test('the checkout form refuses what the API refuses, per field, in Bangla, before anything is sent', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const orderPosts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/orders')) orderPosts.push(request.url());
  });
  await page.goto(shop.url);
  await page.getByRole('button', { name: /switch to Bangla/ }).click();
  await page.getByRole('heading', { level: 1, name: 'সব পণ্য' }).waitFor();
  await search(page, bangla, 'চাল');
  const [name] = (await inStockProductNames(page, bangla, 1)) as [string];
  await addToCart(page, bangla, name, 1);
  await page.getByRole('link', { name: bangla.cart(1), exact: true }).click();
  await page.getByRole('button', { name: bangla.checkout, exact: true }).click();
  // A 4-character address, a name of zero-width spaces only, a landline number.
  await fillDelivery(page, bangla, { name: '\u200b\u200b', phone: '০২৯৮৭৬৫৪৩২', address: 'ঢাকা' });
  await page.getByRole('button', { name: bangla.placeOrder, exact: true }).click();
  await page.getByText('অনুগ্রহ করে পুরো ঠিকানা লিখুন').waitFor();
  assert.ok(await page.getByText('অনুগ্রহ করে আপনার পুরো নাম লিখুন।').isVisible());
  assert.ok(await page.getByText('অনুগ্রহ করে ০১৩–০১৯ দিয়ে শুরু').isVisible());
  for (const field of [bangla.fullName, bangla.phone, bangla.address]) {
    const box = page.getByRole('textbox', { name: field, exact: true });
    assert.is(await box.getAttribute('aria-invalid'), 'true', field);
  }
  assert.not.match((await page.locator('main').textContent()) ?? '', /[A-Za-z]{4,}/, 'no English message');
  await screenshot(page, 'checkout-bn-field-errors');
  assert.equal(orderPosts, [], 'nothing was sent to the API');

  await fillDelivery(page, bangla, {
    name: 'করিম হোসেন',
    phone: '০১৮১২-৩৪৫৬৭৮',
    address: 'বাড়ি ৭, রোড ২, মিরপুর, ঢাকা',
  });
  await page.getByRole('button', { name: bangla.placeOrder, exact: true }).click();
  const orderId = await confirmedOrderNumber(page, bangla);
  const { body: order } = await apiJson<{ customer: { phone: string } }>(shop.api, `/api/orders/${orderId}`);
  assert.is(order.customer.phone, '+8801812345678');
});

test('the confirmation shows a short order number, and the order page opens by that number', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await search(page, english, 'sugar');
  const [name] = (await inStockProductNames(page, english, 1)) as [string];
  await addToCart(page, english, name, 1);
  await page.getByRole('link', { name: 'Cart (1)', exact: true }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  await fillDelivery(page, english, customer);
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const orderId = await confirmedOrderNumber(page, english);
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  assert.not.match(heading, orderId, 'not the 36-character id');
  const number = shownOrderNumber.exec(heading)?.[0] as string;
  const { body: order } = await apiJson<{ number: string }>(shop.api, `/api/orders/${orderId}`);
  assert.is(number.replace('-', ''), order.number);

  await page.goto(`${shop.url}/orders/${number.toLowerCase()}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`Order confirmed: ${number}`) }).waitFor();
});

test('opening the shop while the API is still starting: no error, the catalog appears when it is up', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  // Records whether an error message was ever shown, however briefly.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('[role="alert"]'))
        (window as unknown as { sawAlert: boolean }).sawAlert = true;
    }).observe(document, { childList: true, subtree: true });
  });
  // The API answers as the storefront's proxy does while it is still starting (502) for the first three
  // seconds, then normally.
  const upAt = Date.now() + 3_000;
  let refused = 0;
  await page.route('**/api/**', async (route) => {
    if (Date.now() >= upAt) return route.continue();
    refused += 1;
    return route.fulfill({
      status: 502,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'api_unreachable', message: 'The shop API is unreachable.' } }),
    });
  });
  await page.goto(shop.url);
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
  await page.getByRole('heading', { level: 1, name: 'All products' }).waitFor();
  assert.ok(refused > 0, 'the page did meet the unreachable API');
  assert.is(
    await page.evaluate(() => (window as unknown as { sawAlert?: boolean }).sawAlert ?? false),
    false,
    `no error shown while the API was unreachable (${refused} requests refused)`,
  );
});

test('a cart ordered in another tab: adding in this tab starts a new cart instead of failing', async () => {
  browser = await launchBrowser();
  const first = await browser.context.newPage();
  await first.goto(shop.url);
  await search(first, english, 'tea');
  const [name, other] = (await inStockProductNames(first, english, 2)) as [string, string];
  await addToCart(first, english, name, 1);
  const second = await browser.context.newPage();
  await second.goto(`${shop.url}/?q=tea`);
  await second.getByRole('link', { name: 'Cart (1)', exact: true }).waitFor();

  await first.getByRole('link', { name: 'Cart (1)', exact: true }).click();
  await first.getByRole('button', { name: 'Checkout', exact: true }).click();
  await fillDelivery(first, english, customer);
  await first.getByRole('button', { name: 'Place order', exact: true }).click();
  await confirmedOrderNumber(first, english);

  // The second tab still shows the old cart; adding there must not fail.
  const storedCart = () =>
    second.evaluate(() => JSON.parse(localStorage.getItem('dhakacart.cart-id') ?? 'null') as string | null);
  const ordered = await storedCart();
  const card = second
    .getByRole('listitem')
    .filter({ has: second.getByRole('heading', { name: other, exact: true }) });
  await card.getByRole('button', { name: /^Add to cart/ }).click();
  await second.getByText(`${other} added to the cart.`).waitFor({ state: 'attached' });
  assert.is(await second.getByRole('alert').count(), 0, 'no error');
  const cartId = await storedCart();
  assert.ok(cartId && cartId !== ordered, 'a new cart');
  const { body: cart } = await apiJson<{ items: { productId: number; quantity: number }[] }>(
    shop.api,
    `/api/carts/${cartId}`,
  );
  assert.is(cart.items.length, 1, 'the new cart holds just the new product');
});

test('Bangla and ৳ are drawn with the shop’s own Bengali font, loaded with font-display swap', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const fonts: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.woff2')) fonts.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(shop.url);
  await page.getByRole('button', { name: /switch to Bangla/ }).click();
  await page.getByRole('heading', { level: 1, name: 'সব পণ্য' }).waitFor();
  await page.evaluate(() => document.fonts.ready);
  const face = await page.evaluate(() =>
    [...document.fonts].map((font) => ({ family: font.family, status: font.status, display: font.display })),
  );
  assert.equal(
    face.filter((font) => font.family.replace(/"/g, '') === 'DhakaCart Bengali'),
    [
      {
        family: face.find((font) => /DhakaCart Bengali/.test(font.family))?.family,
        status: 'loaded',
        display: 'swap',
      },
    ],
    JSON.stringify(face),
  );
  assert.is(fonts.length, 1, fonts.join(', '));
  assert.match(fonts[0] as string, /^200 .*\/assets\/noto-sans-bengali-400-[\w-]+\.woff2$/);
  assert.ok(await page.evaluate(() => document.fonts.check('16px "DhakaCart Bengali"', '৳১২৩ সব পণ্য')));
});

test('the home page holds still while it loads on a slow phone, in Bangla and in English (layout shift ≤ 0.05)', async () => {
  for (const [locale, viewport] of [
    ['bn', phone],
    ['en', desktop],
  ] as const) {
    browser = await launchBrowser({ viewport, mobile: viewport === phone });
    const page = await browser.context.newPage();
    // Slow 4G and a 4× slower CPU, as Lighthouse's mobile run: late content arrives well after the first paint.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript((chosen) => {
      localStorage.setItem('dhakacart.locale', JSON.stringify(chosen));
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<
          PerformanceEntry & { value: number; hadRecentInput: boolean }
        >)
          if (!entry.hadRecentInput) shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    }, locale);
    await page.goto(shop.url);
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading') })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.evaluate(() => document.fonts.ready);
    assert.is(await page.evaluate(() => document.documentElement.lang), locale);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
    const total = shifts.reduce((sum, value) => sum + value, 0);
    assert.ok(total <= 0.05, `${locale}: cumulative layout shift ${total.toFixed(3)} (${shifts.join(', ')})`);
    await browser.close();
    browser = undefined;
  }
});

test.run();
