// When things go wrong the shopper gets a clear message and a way to retry, and keeps what they typed:
// a product sells out during checkout, and the API goes down and comes back.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Browser, launchBrowser, screenshot } from './support/browser.ts';
import { apiJson, type Shop, startShop } from './support/shop.ts';
import {
  addToCart,
  confirmedOrderNumber,
  english,
  fillDelivery,
  inStockProductNames,
  search,
} from './support/shopper.ts';

interface Product {
  id: number;
  slug: string;
  name: { en: string; bn: string };
  stock: number;
}
interface Order {
  items: { productId: number; quantity: number }[];
}

let shop: Shop;
let browser: Browser | undefined;

test.before(async () => {
  shop = await startShop();
});

test.after.each(async () => {
  await browser?.close();
  browser = undefined;
  // A failed test must not leave the API stopped for the next one.
  await shop.api.start().catch(() => undefined);
});

test.after(async () => {
  await shop?.close();
});

const customer = {
  name: 'Nusrat Jahan',
  phone: '+8801912345678',
  address: 'Flat 4B, House 9, Road 11, Banani, Dhaka',
};

async function fieldValues(page: Page) {
  return {
    name: await page.getByRole('textbox', { name: 'Full name', exact: true }).inputValue(),
    phone: await page.getByRole('textbox', { name: 'Phone', exact: true }).inputValue(),
    address: await page.getByRole('textbox', { name: 'Address', exact: true }).inputValue(),
  };
}

async function productNamed(name: string): Promise<Product> {
  const { body } = await apiJson<{ items: Product[] }>(
    shop.api,
    `/api/products?q=${encodeURIComponent(name)}&limit=100`,
  );
  const found = body.items.find((p) => p.name.en === name);
  assert.ok(found, `the API knows ${name}`);
  return found;
}

test('a seeded sold-out product cannot be added to the cart', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const { body: soldOut } = await apiJson<Product>(shop.api, '/api/products/padma-hilsa-1-kg');
  assert.is(soldOut.stock, 0);
  await page.goto(`${shop.url}/products/${soldOut.slug}`);
  await page.getByRole('heading', { level: 1, name: soldOut.name.en }).waitFor();
  assert.ok(await page.getByText('Out of stock').isVisible());
  assert.ok(await page.getByRole('button', { name: /^Add to cart/ }).isDisabled());
});

test('a mistyped phone number is pointed out before anything is sent, and the other fields are kept', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await search(page, english, 'sugar');
  const [name] = (await inStockProductNames(page, english, 1)) as [string];
  await addToCart(page, english, name, 1);
  await page.getByRole('link', { name: 'Cart (1)', exact: true }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  await fillDelivery(page, english, { ...customer, phone: '0123 456' });
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const phoneBox = page.getByRole('textbox', { name: 'Phone', exact: true });
  await page.getByText('Please enter a Bangladeshi mobile number').waitFor();
  assert.is(await phoneBox.getAttribute('aria-invalid'), 'true');
  assert.ok(
    await phoneBox.evaluate((element) => element === document.activeElement),
    'focus moves to the field',
  );
  assert.equal(await fieldValues(page), { ...customer, phone: '0123 456' });
  assert.match(page.url(), /\/checkout$/, 'no order was placed');

  await phoneBox.fill('017-1234-5678');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await confirmedOrderNumber(page, english);
});

test('a product that sells out during checkout: a clear message, remove it, order the rest', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await search(page, english, 'oil');
  const [soonGone, staying] = (await inStockProductNames(page, english, 2)) as [string, string];
  await addToCart(page, english, soonGone, 1);
  await addToCart(page, english, staying, 2);
  await page.getByRole('link', { name: 'Cart (2)', exact: true }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  await fillDelivery(page, english, customer);

  // Someone else buys the last one while this shopper is typing.
  const gone = await productNamed(soonGone);
  const patched = await apiJson<Product>(shop.api, `/api/admin/products/${gone.id}`, {
    method: 'PATCH',
    body: { stock: 0 },
    admin: true,
  });
  assert.is(patched.status, 200, 'the admin API set the stock to 0');

  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'out of stock' });
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', soonGone, 'the message names the product');
  assert.equal(await fieldValues(page), customer, 'what the shopper typed is kept');
  await screenshot(page, 'checkout-out-of-stock');

  await page.getByRole('button', { name: `Remove ${soonGone}`, exact: true }).click();
  await page.getByRole('link', { name: 'Cart (1)', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const orderId = await confirmedOrderNumber(page, english);

  const { body: order } = await apiJson<Order>(shop.api, `/api/orders/${orderId}`);
  const kept = await productNamed(staying);
  assert.equal(
    order.items.map((item) => [item.productId, item.quantity]),
    [[kept.id, 1]],
  );
});

test('the API goes down and comes back: messages with "Try again", typed details kept, the order goes through', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await search(page, english, 'tea');
  const [name] = (await inStockProductNames(page, english, 1)) as [string];
  await addToCart(page, english, name, 1);
  await page.getByRole('link', { name: 'Cart (1)', exact: true }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  await fillDelivery(page, english, customer);

  await shop.api.stop();

  // Placing the order fails with a clear message; nothing typed is lost.
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Try again', exact: true }).isVisible());
  assert.equal(await fieldValues(page), customer);
  await screenshot(page, 'checkout-api-down');

  // Even a reload while the API is down keeps the details, and the cart is not shown as empty.
  await page.reload();
  await page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).waitFor();
  assert.equal(await fieldValues(page), customer);
  assert.is(await page.getByText('Your cart is empty').count(), 0);

  // The catalog says so too, with its own retry.
  await page.getByRole('link', { name: 'DhakaCart', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).first().waitFor();

  await shop.api.start();

  // One "Try again" brings back everything that failed: products, categories and the cart.
  await page.getByRole('button', { name: 'Try again', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'All products' }).waitFor();
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
  await page.getByRole('navigation', { name: 'Categories' }).waitFor();
  await page.getByRole('alert').first().waitFor({ state: 'detached' });
  assert.is(await page.getByRole('alert').count(), 0, 'no error message is left');

  await page.getByRole('link', { name: 'Cart (1)', exact: true }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  assert.equal(await fieldValues(page), customer, 'the details typed before the outage are still there');

  // Down again at the moment of ordering; "Try again" after it is back places the order once.
  await shop.api.stop();
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).waitFor();
  await shop.api.start();
  await page.getByRole('button', { name: 'Try again', exact: true }).click();
  const orderId = await confirmedOrderNumber(page, english);
  const { status } = await apiJson<Order>(shop.api, `/api/orders/${orderId}`);
  assert.is(status, 200);
});

test('"Add to cart" while the API is down: a message, and Try again adds the product exactly once', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await search(page, english, 'salt');
  const [name] = (await inStockProductNames(page, english, 1)) as [string];

  await shop.api.stop();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await card.getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot reach the shop' }).waitFor();
  await shop.api.start();
  await page.getByRole('button', { name: 'Try again', exact: true }).click();
  await page.getByRole('link', { name: 'Cart (1)', exact: true }).waitFor();
  assert.is(await page.getByRole('alert').count(), 0);

  const cartId = await page.evaluate(() => JSON.parse(localStorage.getItem('dhakacart.cart-id') ?? 'null'));
  const { body: cart } = await apiJson<{ items: { quantity: number }[] }>(shop.api, `/api/carts/${cartId}`);
  assert.equal(
    cart.items.map((item) => item.quantity),
    [1],
    'the API cart holds the product once',
  );
});

test.run();
