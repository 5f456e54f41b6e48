// POST /api/orders (Idempotency-Key required, rate-limited per client except replays), GET /api/orders/:id
// (a UUID or the short order number). Order answers are never cached (Cache-Control: no-store).
import { Router } from 'express';
import { z } from 'zod';
import { isUuid } from '../cart/service.ts';
import type { Database } from '../db/database.ts';
import {
  type CustomerField,
  checkCustomer,
  type FieldProblem,
  fieldProblemMessages,
} from '../shared/customer-fields.ts';
import { AppError, isDatabaseUnavailable } from '../shared/errors.ts';
import type { Metrics } from '../shared/metrics.ts';
import { maxLines, maxQuantity } from '../shared/order-limits.ts';
import { parseInput } from '../shared/validate.ts';
import type { RateLimiter } from './rate-limit.ts';
import { findOrder, type OrderRequest, orderExistsForKey, placeOrder } from './service.ts';

// The customer's fields are checked by checkCustomer (shared with the storefront) after the shape is known.
const customer = z
  .object({ name: z.unknown(), phone: z.unknown(), address: z.unknown() })
  .strict()
  .transform((fields, ctx) => {
    const checked = checkCustomer(fields);
    if (checked.ok) return checked.customer;
    for (const [field, problem] of Object.entries(checked.problems) as Array<[CustomerField, FieldProblem]>) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: fieldProblemMessages[problem](field),
        params: { problem },
      });
    }
    return z.NEVER;
  });

// One object rather than a union of the two shapes, so a refused field is reported by its own path.
const orderBody = z
  .object({
    cartId: z.string().refine(isUuid, 'must be a cart id').optional(),
    items: z
      .array(
        z
          .object({
            productId: z.number().int().min(1).max(2_147_483_647),
            quantity: z.number().int().min(1).max(maxQuantity),
          })
          .strict(),
      )
      .min(1)
      .max(maxLines)
      .optional(),
    customer,
  })
  .strict()
  .transform((body, ctx): OrderRequest => {
    if (body.cartId !== undefined && body.items === undefined)
      return { cartId: body.cartId, customer: body.customer };
    if (body.items !== undefined && body.cartId === undefined)
      return { items: body.items, customer: body.customer };
    ctx.addIssue({ code: 'custom', message: 'send either cartId or items, not both' });
    return z.NEVER;
  });

const keyPattern = /^[\x21-\x7e]{1,128}$/;

export function ordersRouter(db: Database, metrics: Metrics, limiter: RateLimiter): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    // Order answers carry a name, a phone number and an address: no cache may keep them.
    res.set('Cache-Control', 'no-store');
    const key = req.get('idempotency-key');
    if (key === undefined || !keyPattern.test(key)) {
      metrics.orders.inc({ outcome: 'invalid' });
      throw new AppError(
        400,
        'idempotency_key_required',
        'Send an Idempotency-Key header of 1 to 128 visible characters',
      );
    }
    const client = req.ip ?? 'unknown';
    const limit = await limiter.hit(client);
    // A replay of an order already placed creates nothing, so it is never refused by the limit.
    if (!limit.allowed && !(await orderExistsForKey(db, key))) {
      metrics.orders.inc({ outcome: 'rate_limited' });
      res.set('Retry-After', String(limit.retryAfterS));
      throw new AppError(429, 'rate_limited', 'Too many checkouts from this client; please wait a minute');
    }
    let request: OrderRequest;
    try {
      request = parseInput(
        orderBody,
        req.body,
        'order (send {cartId} or {items}, plus customer {name, phone, address})',
      );
    } catch (error) {
      metrics.orders.inc({ outcome: 'invalid' });
      throw error;
    }
    try {
      const { order, replayed } = await placeOrder(db, metrics, key, request);
      if (replayed) {
        res.set('Idempotent-Replayed', 'true');
        // A replay creates nothing, so it does not count against the limit either.
        await limiter.refund(client);
      }
      res.status(201).type('application/json').send(order);
    } catch (error) {
      if (error instanceof AppError) {
        const byCode: Record<string, string> = {
          out_of_stock: 'out_of_stock',
          idempotency_key_reused: 'key_reused',
          cart_already_ordered: 'cart_already_ordered',
        };
        metrics.orders.inc({ outcome: byCode[error.code] ?? 'invalid' });
      } else {
        metrics.orders.inc({ outcome: isDatabaseUnavailable(error) ? 'unavailable' : 'error' });
      }
      throw error;
    }
  });
  // By id (UUID) or by the short order number people read out.
  router.get('/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const order = await findOrder(db, req.params.id);
    if (!order) throw new AppError(404, 'order_not_found', 'Order not found');
    res.type('application/json').send(order);
  });
  return router;
}
