// Checkout. Prices come from the database, never from the client; stock is taken by place_order() (see
// drizzle/0002_one_cart_one_order.sql) in one statement: conditional decrements, all lines or none, and the
// Idempotency-Key claimed in the same transaction, so a retried request can never create a second order. A
// cart is consumed by exactly one order: a second checkout of it under another key gets 409, a retry under
// the same key gets that order, even when it races the first try (see placeOrder).
import { createHash } from 'node:crypto';
import { cartAlreadyOrdered, isUuid } from '../cart/service.ts';
import type { Database } from '../db/database.ts';
import type { Customer } from '../shared/customer-fields.ts';
import { AppError } from '../shared/errors.ts';
import type { Metrics } from '../shared/metrics.ts';
import { maxLines, maxQuantity } from '../shared/order-limits.ts';

export type { Customer };

export type OrderRequest =
  | { cartId: string; customer: Customer }
  | { items: Array<{ productId: number; quantity: number }>; customer: Customer };

/** An Order (contract shape) as JSON text, built by the database's order_json(). */
export type OrderJson = string;

/** Adds up repeated products, in product id order. */
function mergeLines(lines: Array<{ productId: number; quantity: number }>) {
  const merged = new Map<number, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  const result = [...merged]
    .sort(([a], [b]) => a - b)
    .map(([productId, quantity]) => ({ productId, quantity }));
  if (result.length > maxLines)
    throw new AppError(400, 'invalid_request', `An order can have at most ${maxLines} lines`);
  for (const line of result) {
    if (line.quantity > maxQuantity) {
      throw new AppError(400, 'invalid_request', `At most ${maxQuantity} of one product per order`, {
        productId: line.productId,
      });
    }
  }
  return result;
}

/** Identifies the request body behind an Idempotency-Key, to tell a retry from a different request. */
function requestHash(request: OrderRequest): string {
  const what = 'cartId' in request ? { cartId: request.cartId } : { items: mergeLines(request.items) };
  return createHash('sha256')
    .update(JSON.stringify({ ...what, customer: request.customer }))
    .digest('base64url');
}

/** True when an order was already placed under this Idempotency-Key (so a request with it is a replay). */
export async function orderExistsForKey(db: Database, key: string): Promise<boolean> {
  const rows = await db.query<{ found: number }>('SELECT 1 AS found FROM orders WHERE idempotency_key = $1', [
    key,
  ]);
  return rows.length > 0;
}

export async function placeOrder(
  db: Database,
  metrics: Metrics,
  key: string,
  request: OrderRequest,
): Promise<{ order: OrderJson; replayed: boolean }> {
  const hash = requestHash(request);
  // A cart checkout sends no lines: place_order reads them from the cart under its lock.
  const lines = 'cartId' in request ? [] : mergeLines(request.items);
  const cartId = 'cartId' in request ? request.cartId : null;
  const params = [
    key,
    hash,
    request.customer.name,
    request.customer.phone,
    request.customer.address,
    lines.map((line) => line.productId),
    lines.map((line) => line.quantity),
    cartId,
  ];
  // The order comes back as JSON text and goes out as it is: no parse and re-serialise per checkout.
  const sql = `SELECT r->>'outcome' AS outcome, (r->'order')::text AS "order"
       FROM place_order($1, $2, $3, $4, $5, $6::int[], $7::int[], $8::uuid) AS r`;
  let cartRetried = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const rows = await db.query<{ outcome: string; order: string }>(sql, params, 'place_order');
      const result = rows[0];
      if (!result) throw new Error('while placing an order: place_order returned nothing');
      return outcome(metrics, result.outcome, result.order);
    } catch (error) {
      const { code, detail, constraint } = error as { code?: string; detail?: string; constraint?: string };
      const productId = Number(detail);
      // Two orders drew the same short number (about one in 10^11): draw again.
      if (code === '23505' && constraint === 'orders_number_unique' && attempt < 3) continue;
      // The cart went to an order meanwhile. If that order was this key's (a retry racing the first try: its
      // INSERT passed the key check before the first try's row existed and met the cart's unique index
      // instead), running the statement again finds the key and answers with that order; if another key's,
      // the cart was already ordered.
      if (code === '23505' && constraint === 'orders_cart_id_unique') {
        if (cartRetried) throw cartAlreadyOrdered();
        cartRetried = true;
        continue;
      }
      if (code === 'DC409') {
        metrics.stockConflicts.inc();
        throw new AppError(409, 'out_of_stock', `Not enough stock for product ${productId}`, { productId });
      }
      if (code === 'DC404') {
        throw new AppError(400, 'unknown_product', `Product ${productId} does not exist`, { productId });
      }
      if (code === 'DC4CN') throw new AppError(404, 'cart_not_found', 'Cart not found');
      if (code === 'DC4CE') throw new AppError(400, 'empty_cart', 'The cart is empty');
      throw error;
    }
  }
}

function outcome(
  metrics: Metrics,
  result: string,
  order: OrderJson,
): { order: OrderJson; replayed: boolean } {
  if (result === 'key_reused') {
    throw new AppError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different order; use a new key for a new order',
    );
  }
  metrics.orders.inc({ outcome: result });
  if (result === 'created') metrics.recordSale(order);
  return { order, replayed: result === 'replayed' };
}

/** Order numbers as people write them: any case, with or without the dash shown on the page (`7K4M-9QXP`). */
const orderNumberPattern = /^[2-9A-HJKMNP-TV-Z]{4}-?[2-9A-HJKMNP-TV-Z]{4}$/;

/** The order with this id (a UUID) or short number; `undefined` when there is none or the text is neither. */
export async function findOrder(db: Database, idOrNumber: string): Promise<OrderJson | undefined> {
  let rows: Array<{ order: OrderJson | null }>;
  if (isUuid(idOrNumber)) {
    rows = await db.query('SELECT order_json($1::uuid)::text AS "order"', [idOrNumber]);
  } else {
    const number = idOrNumber.trim().toUpperCase();
    if (!orderNumberPattern.test(number)) return undefined;
    rows = await db.query('SELECT order_json(id)::text AS "order" FROM orders WHERE number = $1', [
      number.replace('-', ''),
    ]);
  }
  return rows[0]?.order ?? undefined;
}
