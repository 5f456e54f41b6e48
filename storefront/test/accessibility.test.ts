// Every page passes an axe-core scan with no serious or critical violation, in English and Bangla, on a
// desktop and on a phone; a screenshot of each is kept under test-results/screenshots/.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type Browser,
  describeViolations,
  launchBrowser,
  phone,
  screenshot,
  seriousViolations,
} from './support/browser.ts';
import { type Shop, startShop } from './support/shop.ts';
import {
  bangla,
  confirmedOrderNumber,
  english,
  fillDelivery,
  inStockProductNames,
  search,
  type Words,
} from './support/shopper.ts';

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

/** Scans the page as it is now and keeps a screenshot; collects failures so one run reports them all. */
async function check(page: Page, name: string, failures: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  if (violations.length > 0) failures.push(`${name} (${page.url()}):\n${describeViolations(violations)}`);
}

async function walkEveryPage(page: Page, words: Words, prefix: string, query: string): Promise<string[]> {
  const failures: string[] = [];
  await page.goto(shop.url);
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
  await check(page, `${prefix}-catalog`, failures);

  await page.getByRole('navigation').getByRole('link').nth(2).click();
  await page.waitForURL(/category=/);
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
  await check(page, `${prefix}-category`, failures);

  await search(page, words, query);
  await check(page, `${prefix}-search`, failures);

  const [first] = (await inStockProductNames(page, words, 1)) as [string];
  await page.getByRole('link', { name: first, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: first, exact: true }).waitFor();
  await check(page, `${prefix}-product`, failures);

  await page.getByRole('link', { name: words.cart(0), exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, `${prefix}-cart-empty`, failures);

  await page.goBack();
  await page.getByRole('heading', { level: 1, name: first, exact: true }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${words.addToCart}`) }).click();
  await page.getByRole('link', { name: words.cart(1), exact: true }).click();
  await page.getByRole('heading', { name: first, exact: true }).waitFor();
  await check(page, `${prefix}-cart`, failures);

  await page.getByRole('button', { name: words.checkout, exact: true }).click();
  await page.getByRole('textbox', { name: words.fullName, exact: true }).waitFor();
  await check(page, `${prefix}-checkout`, failures);

  // Sending the empty form shows the field errors, which must be accessible too.
  await page.getByRole('button', { name: words.placeOrder, exact: true }).click();
  await page.locator('[aria-invalid="true"]').first().waitFor();
  await check(page, `${prefix}-checkout-errors`, failures);

  await fillDelivery(page, words, {
    name: 'Test Shopper',
    phone: '01512345678',
    address: 'House 1, Road 1, Gulshan, Dhaka',
  });
  await page.getByRole('button', { name: words.placeOrder, exact: true }).click();
  await confirmedOrderNumber(page, words);
  await check(page, `${prefix}-confirmation`, failures);

  await page.goto(`${shop.url}/no-such-page`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, `${prefix}-not-found`, failures);
  return failures;
}

test('every page in English on a desktop has no serious or critical axe violation', async () => {
  browser = await launchBrowser();
  const failures = await walkEveryPage(await browser.context.newPage(), english, 'en-desktop', 'rice');
  assert.ok(failures.length === 0, failures.join('\n\n'));
});

test('every page in Bangla on a desktop has no serious or critical axe violation', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await page.getByRole('button', { name: /switch to Bangla/ }).click();
  await page.getByRole('searchbox', { name: bangla.search }).waitFor();
  const failures = await walkEveryPage(page, bangla, 'bn-desktop', 'চাল');
  assert.ok(failures.length === 0, failures.join('\n\n'));
});

test('every page in English on a phone has no serious or critical axe violation', async () => {
  browser = await launchBrowser({ viewport: phone, mobile: true });
  const failures = await walkEveryPage(await browser.context.newPage(), english, 'en-phone', 'lentils');
  assert.ok(failures.length === 0, failures.join('\n\n'));
});

test('the keyboard reaches the skip link first, and it moves focus to the page', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(shop.url);
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading') })
    .first()
    .waitFor();
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  assert.is(await focused.textContent(), 'Skip to content');
  // The focus ring is visible (not removed by the styles).
  const outline = await focused.evaluate((element) => getComputedStyle(element).outlineStyle);
  assert.is.not(outline, 'none');
  await page.keyboard.press('Enter');
  assert.is(await page.evaluate(() => document.activeElement?.id), 'main');
  // Tabbing on from the page start reaches the first product's link, then its "Add to cart" button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const names: string[] = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    names.push((await page.locator(':focus').textContent()) ?? '');
    if (names.at(-1)?.startsWith('Add to cart')) break;
  }
  assert.ok(
    names.at(-1)?.startsWith('Add to cart'),
    `Tab reaches an "Add to cart" button: ${names.join(' | ')}`,
  );
});

test.run();
