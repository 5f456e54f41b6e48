// A shopper buys in English on a desktop and in Bangla on a phone: search, add two products, change a
// quantity, check out, see the confirmation; the order then exists in the API with what was bought.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Browser, launchBrowser, phone, screenshot } from './support/browser.ts';
import { apiJson, type Shop, startShop } from './support/shop.ts';
import {
  addToCart,
  bangla,
  confirmedOrderNumber,
  english,
  fillDelivery,
  fitsViewport,
  inStockProductNames,
  search,
  type Words,
} from './support/shopper.ts';

interface Product {
  id: number;
  name: { en: string; bn: string };
  price: number;
}
interface Order {
  id: string;
  status: string;
  items: { productId: number; quantity: number; unitPrice: number }[];
  total: number;
  customer: { name: string; phone: string; address: string };
}

let shop: Shop;
let browser: Browser | undefined;

test.before(async () => {
  shop = await startShop();
});

test.after.each(async () => {
  await browser?.close();
  browser = undefined;
});

test.after(async () => {
  await shop?.close();
});

/** Looks a product up through the API by its name in either language. */
async function productNamed(name: string, locale: 'en' | 'bn'): Promise<Product> {
  const { body } = await apiJson<{ items: Product[] }>(
    shop.api,
    `/api/products?q=${encodeURIComponent(name)}&limit=100`,
  );
  const found = body.items.find((p) => p.name[locale] === name);
  assert.ok(found, `the API knows a product named ${name}`);
  return found;
}

async function purchase(
  page: Page,
  words: Words,
  locale: 'en' | 'bn',
  query: string,
  customer: { name: string; phone: string; address: string },
  checkLayout: boolean,
): Promise<{ orderId: string; first: Product; second: Product }> {
  await search(page, words, query);
  const [firstName, secondName] = (await inStockProductNames(page, words, 2)) as [string, string];
  await addToCart(page, words, firstName, 1);
  await addToCart(page, words, secondName, 2);
  if (checkLayout) assert.ok(await fitsViewport(page), 'the catalog fits the phone screen');

  await page.getByRole('link', { name: words.cart(2), exact: true }).click();
  await page.getByRole('button', { name: words.increase(firstName), exact: true }).click();
  await page.getByRole('link', { name: words.cart(3), exact: true }).waitFor();

  // The cart lives in the API: a reload shows the same cart.
  await page.reload();
  await page.getByRole('link', { name: words.cart(3), exact: true }).waitFor();
  await page.getByRole('heading', { name: firstName, exact: true }).waitFor();
  if (checkLayout) assert.ok(await fitsViewport(page), 'the cart fits the phone screen');

  await page.getByRole('button', { name: words.checkout, exact: true }).click();
  await fillDelivery(page, words, customer);
  if (checkLayout) assert.ok(await fitsViewport(page), 'the checkout fits the phone screen');
  await page.getByRole('button', { name: words.placeOrder, exact: true }).click();
  const orderId = await confirmedOrderNumber(page, words);
  if (checkLayout) assert.ok(await fitsViewport(page), 'the confirmation fits the phone screen');
  // After ordering, the cart starts empty again.
  await page.getByRole('link', { name: words.cart(0), exact: true }).waitFor();

  const first = await productNamed(firstName, locale);
  const second = await productNamed(secondName, locale);
  return { orderId, first, second };
}

async function assertOrder(
  orderId: string,
  first: Product,
  second: Product,
  customerName: string,
  phone: string,
) {
  const { status, body: order } = await apiJson<Order>(
    shop.api,
    `/api/orders/${encodeURIComponent(orderId)}`,
  );
  assert.is(status, 200, 'the order exists in the API');
  assert.is(order.status, 'confirmed');
  const quantities = Object.fromEntries(order.items.map((item) => [item.productId, item.quantity]));
  assert.equal(quantities, { [first.id]: 2, [second.id]: 1 });
  assert.is(order.total, first.price * 2 + second.price);
  assert.is(order.customer.name, customerName);
  assert.match(order.customer.phone, phone);
}

test('an English purchase on a desktop: search, two products, a quantity change, checkout, confirmation', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await page.getByRole('heading', { level: 1, name: 'All products' }).waitFor();
  const customer = {
    name: 'Rahim Uddin',
    phone: '01712345678',
    address: 'House 12, Road 5, Dhanmondi, Dhaka 1205',
  };
  const { orderId, first, second } = await purchase(page, english, 'en', 'rice', customer, false);
  assert.match(
    (await page.locator('main').textContent()) ?? '',
    /৳[\d,]+/,
    'prices are in Taka with Latin digits',
  );
  await screenshot(page, 'purchase-en-confirmation');
  await assertOrder(orderId, first, second, customer.name, '1712345678');
});

test('a Bangla purchase on a phone, with Bangla digits typed into the phone field', async () => {
  browser = await launchBrowser({ viewport: phone, mobile: true });
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await page.getByRole('button', { name: /switch to Bangla/ }).click();
  await page.getByRole('heading', { level: 1, name: 'সব পণ্য' }).waitFor();
  assert.is(await page.evaluate(() => document.documentElement.lang), 'bn');
  assert.match((await page.locator('main').textContent()) ?? '', /৳[০-৯,]+/, 'prices use Bangla digits');
  assert.ok(await fitsViewport(page), 'the catalog fits the phone screen');

  // The choice is remembered.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'সব পণ্য' }).waitFor();

  const customer = { name: 'করিম হোসেন', phone: '০১৮১২৩৪৫৬৭৮', address: 'বাড়ি ৭, রোড ২, মিরপুর, ঢাকা' };
  const { orderId, first, second } = await purchase(page, bangla, 'bn', 'চাল', customer, true);
  const text = (await page.locator('main').textContent()) ?? '';
  assert.match(text, /৳[০-৯,]+/, 'the total is in Taka with Bangla digits');
  await screenshot(page, 'purchase-bn-phone-confirmation');
  await assertOrder(orderId, first, second, customer.name, '1812345678');
});

test.run();
