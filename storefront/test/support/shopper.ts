// What a shopper does in the browser, by role and accessible name only (the names are the contract).
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';

export interface Words {
  search: string;
  addToCart: string;
  cart(count: number): string;
  increase(name: string): string;
  checkout: string;
  fullName: string;
  phone: string;
  address: string;
  placeOrder: string;
  orderConfirmed: string;
}

const banglaDigits = (n: number) => String(n).replace(/\d/g, (d) => '০১২৩৪৫৬৭৮৯'[Number(d)] as string);

export const english: Words = {
  search: 'Search',
  addToCart: 'Add to cart',
  cart: (count) => `Cart (${count})`,
  increase: (name) => `Increase quantity of ${name}`,
  checkout: 'Checkout',
  fullName: 'Full name',
  phone: 'Phone',
  address: 'Address',
  placeOrder: 'Place order',
  orderConfirmed: 'Order confirmed',
};

export const bangla: Words = {
  search: 'খুঁজুন',
  addToCart: 'ঝুড়িতে যোগ করুন',
  cart: (count) => `ঝুড়ি (${banglaDigits(count)})`,
  increase: (name) => `${name}-এর পরিমাণ বাড়ান`,
  checkout: 'চেকআউট',
  fullName: 'পুরো নাম',
  phone: 'মোবাইল নম্বর',
  address: 'ঠিকানা',
  placeOrder: 'অর্ডার করুন',
  orderConfirmed: 'অর্ডার নিশ্চিত হয়েছে',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function search(page: Page, words: Words, query: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: words.search, exact: true });
  await box.fill(query);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(escapeRegExp(query)) }).waitFor();
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
}

/** The names of the first `count` products on the page that can be added to the cart. */
export async function inStockProductNames(page: Page, words: Words, count: number): Promise<string[]> {
  const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading') });
  const names: string[] = [];
  for (const card of await cards.all()) {
    const button = card.getByRole('button', { name: new RegExp(`^${escapeRegExp(words.addToCart)}`) });
    if ((await button.count()) === 1 && (await button.isEnabled())) {
      names.push(((await card.getByRole('heading').textContent()) ?? '').trim());
      if (names.length === count) return names;
    }
  }
  throw new Error(`only ${names.length} products in stock on ${page.url()}, wanted ${count}`);
}

export async function addToCart(
  page: Page,
  words: Words,
  productName: string,
  expectedCount: number,
): Promise<void> {
  const card = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: productName, exact: true }) });
  await card.getByRole('button', { name: new RegExp(`^${escapeRegExp(words.addToCart)}`) }).click();
  await page.getByRole('link', { name: words.cart(expectedCount), exact: true }).waitFor();
}

export async function fillDelivery(
  page: Page,
  words: Words,
  customer: { name: string; phone: string; address: string },
): Promise<void> {
  await page.getByRole('textbox', { name: words.fullName, exact: true }).fill(customer.name);
  await page.getByRole('textbox', { name: words.phone, exact: true }).fill(customer.phone);
  await page.getByRole('textbox', { name: words.address, exact: true }).fill(customer.address);
}

/** The short order number as the confirmation shows it: two groups of four, no look-alike characters. */
export const shownOrderNumber = /\b[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\b/;

/** Waits for the confirmation, checks that it shows the short order number, and returns the order's id. */
export async function confirmedOrderNumber(page: Page, words: Words): Promise<string> {
  const heading = page.getByRole('heading', {
    level: 1,
    name: new RegExp(escapeRegExp(words.orderConfirmed)),
  });
  await heading.waitFor();
  const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  assert.ok(orderId, 'the confirmation URL names the order');
  assert.match((await heading.textContent()) ?? '', shownOrderNumber, 'the heading shows the short number');
  return orderId;
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function fitsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
