import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchRoute } from './routes.ts';

test('paths map to pages', () => {
  assert.equal(matchRoute('/'), { page: 'catalog' });
  assert.equal(matchRoute('/cart'), { page: 'cart' });
  assert.equal(matchRoute('/checkout'), { page: 'checkout' });
  assert.equal(matchRoute('/products/miniket-rice-1-kg'), { page: 'product', slug: 'miniket-rice-1-kg' });
  assert.equal(matchRoute('/orders/0b6e4f'), { page: 'order', orderId: '0b6e4f' });
  assert.equal(matchRoute('/products/a/b'), { page: 'not-found' });
  assert.equal(matchRoute('/nowhere'), { page: 'not-found' });
});

test('a trailing slash is tolerated', () => {
  assert.equal(matchRoute('/cart/'), { page: 'cart' });
  assert.equal(matchRoute('/checkout/'), { page: 'checkout' });
  assert.equal(matchRoute('/products/miniket-rice-1-kg/'), { page: 'product', slug: 'miniket-rice-1-kg' });
  assert.equal(matchRoute('/orders/7K4M9QXP/'), { page: 'order', orderId: '7K4M9QXP' });
  assert.equal(matchRoute('//'), { page: 'catalog' });
  assert.equal(matchRoute('/nowhere/'), { page: 'not-found' });
});

test.run();
