// Checkout. Prices come from the database, never from the client; stock is taken by place_order() (see
// drizzle/0001_place_order.sql) in one statement: conditional decrements, all lines or none, and the
// Idempotency-Key claimed in the same transaction, so a retried request can never create a second order.
import { createHash } from 'node:crypto';
import { cartLines } from '../cart/service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import type { Metrics } from '../shared/metrics.ts';

export interface Customer {
  name: string;
  phone: string;
  address: string;
}

export type OrderRequest =
  | { cartId: string; customer: Customer }
  | { items: Array<{ productId: number; quantity: number }>; customer: Customer };

/** An Order (contract shape) as JSON text, built by the database's order_json(). */
export type OrderJson = string;

const maxLines = 50;
const maxQuantity = 99;

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

async function existingOrder(
  db: Database,
  key: string,
  hash: string,
): Promise<{ order: OrderJson; outcome: string } | undefined> {
  const rows = await db.query<{ request_hash: string; order: OrderJson }>(
    'SELECT request_hash, order_json(id)::text AS "order" FROM orders WHERE idempotency_key = $1',
    [key],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { order: row.order, outcome: row.request_hash === hash ? 'replayed' : 'key_reused' };
}

export async function placeOrder(
  db: Database,
  metrics: Metrics,
  key: string,
  request: OrderRequest,
): Promise<{ order: OrderJson; replayed: boolean }> {
  const hash = requestHash(request);
  let lines: Array<{ productId: number; quantity: number }>;
  let cartId: string | null = null;
  if ('cartId' in request) {
    // A retry of a cart checkout that already succeeded finds the cart emptied: answer from the order.
    const earlier = await existingOrder(db, key, hash);
    if (earlier) return outcome(metrics, earlier.outcome, earlier.order);
    const stored = await cartLines(db, request.cartId);
    if (!stored) throw new AppError(404, 'cart_not_found', 'Cart not found');
    if (stored.length === 0) {
      const racing = await existingOrder(db, key, hash);
      if (racing) return outcome(metrics, racing.outcome, racing.order);
      throw new AppError(400, 'empty_cart', 'The cart is empty');
    }
    lines = mergeLines(stored);
    cartId = request.cartId;
  } else {
    lines = mergeLines(request.items);
  }

  try {
    // The order comes back as JSON text and goes out as it is: no parse and re-serialise per checkout.
    const rows = await db.query<{ outcome: string; order: string }>(
      `SELECT r->>'outcome' AS outcome, (r->'order')::text AS "order"
       FROM place_order($1, $2, $3, $4, $5, $6::int[], $7::int[], $8::uuid) AS r`,
      [
        key,
        hash,
        request.customer.name,
        request.customer.phone,
        request.customer.address,
        lines.map((line) => line.productId),
        lines.map((line) => line.quantity),
        cartId,
      ],
      'place_order',
    );
    const result = rows[0];
    if (!result) throw new Error('while placing an order: place_order returned nothing');
    return outcome(metrics, result.outcome, result.order);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const productId = Number((error as { detail?: string }).detail);
    if (code === 'DC409') {
      metrics.stockConflicts.inc();
      throw new AppError(409, 'out_of_stock', `Not enough stock for product ${productId}`, { productId });
    }
    if (code === 'DC404') {
      throw new AppError(400, 'unknown_product', `Product ${productId} does not exist`, { productId });
    }
    throw error;
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

export async function findOrder(db: Database, id: string): Promise<OrderJson | undefined> {
  const rows = await db.query<{ order: OrderJson | null }>('SELECT order_json($1::uuid)::text AS "order"', [
    id,
  ]);
  return rows[0]?.order ?? undefined;
}
