// placeOrder's answer when the cart's unique index, not the Idempotency-Key, stops the INSERT: a retry racing
// its own first try meets the cart's index when its key check ran before the first try's row existed (seen
// once in api/test/checkout-concurrency.test.ts on PostgreSQL). The database is a fake that fails the way
// PostgreSQL does, so the race is not left to timing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { createMetrics } from '../shared/metrics.ts';
import { placeOrder } from './service.ts';

const cartTaken = Object.assign(
  new Error('duplicate key value violates unique constraint "orders_cart_id_unique"'),
  {
    code: '23505',
    constraint: 'orders_cart_id_unique',
  },
);

/** A database whose place_order statement answers each call with the next of `answers` (an Error is thrown). */
function fakeDatabase(
  answers: Array<Error | { outcome: string; order: string }>,
): Database & { calls: number } {
  const db = {
    kind: 'postgres' as const,
    orm: undefined as unknown as Database['orm'],
    calls: 0,
    async query<Row>(): Promise<Row[]> {
      const answer = answers[db.calls++];
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return [answer as Row];
    },
    poolStats: () => ({ total: 0, idle: 0, waiting: 0 }),
    close: async () => {},
  };
  return db;
}

const request = {
  cartId: '0b7c6f4e-2f0a-4c4e-9d51-0a4f3f7f6d2a',
  customer: { name: 'Rahim Uddin', phone: '+8801712345678', address: 'House 1, Road 1, Dhanmondi, Dhaka' },
};
const order = '{"id":"4a0f0d3e-5d8e-4f7e-9a59-3f1f2c0e9b11","number":"7K4M9QXP"}';

test("a retry that meets the cart's index answers with its own key's order", async () => {
  const db = fakeDatabase([cartTaken, { outcome: 'replayed', order }]);
  const placed = await placeOrder(db, createMetrics(db.poolStats), 'key-1', request);
  assert.equal(placed, { order, replayed: true });
  assert.is(db.calls, 2);
});

test('a cart ordered under another key is refused with 409 cart_already_ordered', async () => {
  const db = fakeDatabase([cartTaken, cartTaken]);
  const refused = await placeOrder(db, createMetrics(db.poolStats), 'key-2', request).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.instance(refused, AppError);
  assert.is((refused as AppError).status, 409);
  assert.is((refused as AppError).code, 'cart_already_ordered');
  assert.is(db.calls, 2);
});

test.run();
