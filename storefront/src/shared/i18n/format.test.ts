import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatNumber, formatPrice, toAsciiDigits, toLocaleDigits } from './format.ts';

test('prices are poisha shown as Taka, decimals only when there are poisha', () => {
  assert.is(formatPrice(7800, 'en'), '৳78');
  assert.is(formatPrice(185000, 'en'), '৳1,850');
  assert.is(formatPrice(125050, 'en'), '৳1,250.50');
});

test('Bangla uses Bangla digits and South Asian grouping', () => {
  assert.is(formatPrice(7800, 'bn'), '৳৭৮');
  assert.is(formatPrice(12345600, 'bn'), '৳১,২৩,৪৫৬');
  assert.is(formatPrice(125050, 'bn'), '৳১,২৫০.৫০');
  assert.is(formatNumber(3, 'bn'), '৩');
});

test('Bangla digits typed by a shopper become ASCII digits', () => {
  assert.is(toAsciiDigits('০১৭১২৩৪৫৬৭৮'), '01712345678');
  assert.is(toAsciiDigits('+৮৮০ 17'), '+880 17');
  assert.is(toLocaleDigits('01712345678', 'bn'), '০১৭১২৩৪৫৬৭৮');
  assert.is(toLocaleDigits('01712345678', 'en'), '01712345678');
});

test.run();
