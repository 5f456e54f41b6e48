// POST /api/orders (Idempotency-Key required, rate-limited per client), GET /api/orders/:id
import { Router } from 'express';
import { z } from 'zod';
import { isUuid } from '../cart/service.ts';
import type { Database } from '../db/database.ts';
import { AppError, isDatabaseUnavailable } from '../shared/errors.ts';
import type { Metrics } from '../shared/metrics.ts';
import { parseInput } from '../shared/validate.ts';
import type { RateLimiter } from './rate-limit.ts';
import { findOrder, type OrderRequest, placeOrder } from './service.ts';

/** Bangladeshi mobile numbers: 01[3-9] and 8 digits, optionally after +88 / 88 (so +8801…); stored as 01XXXXXXXXX. */
const phone = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(?:\+?88)?01[3-9]\d{8}$/, 'must be a Bangladeshi mobile number, e.g. 01712345678'))
  .transform((value) => value.slice(-11));

const customer = z.object({
  name: z.string().trim().min(1).max(100),
  phone,
  address: z.string().trim().min(5).max(500),
});

const orderBody = z.union([
  z.object({ cartId: z.string().refine(isUuid, 'must be a cart id'), customer }).strict(),
  z
    .object({
      items: z
        .array(
          z
            .object({
              productId: z.number().int().min(1).max(2_147_483_647),
              quantity: z.number().int().min(1).max(99),
            })
            .strict(),
        )
        .min(1)
        .max(50),
      customer,
    })
    .strict(),
]);

const keyPattern = /^[\x21-\x7e]{1,128}$/;

export function ordersRouter(db: Database, metrics: Metrics, limiter: RateLimiter): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const limit = await limiter.hit(req.ip ?? 'unknown');
    if (!limit.allowed) {
      metrics.orders.inc({ outcome: 'rate_limited' });
      res.set('Retry-After', String(limit.retryAfterS));
      throw new AppError(429, 'rate_limited', 'Too many checkouts from this client; please wait a minute');
    }
    const key = req.get('idempotency-key');
    if (key === undefined || !keyPattern.test(key)) {
      metrics.orders.inc({ outcome: 'invalid' });
      throw new AppError(
        400,
        'idempotency_key_required',
        'Send an Idempotency-Key header of 1 to 128 visible characters',
      );
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
      if (replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).type('application/json').send(order);
    } catch (error) {
      if (error instanceof AppError) {
        const byCode: Record<string, string> = {
          out_of_stock: 'out_of_stock',
          idempotency_key_reused: 'key_reused',
        };
        metrics.orders.inc({ outcome: byCode[error.code] ?? 'invalid' });
      } else {
        metrics.orders.inc({ outcome: isDatabaseUnavailable(error) ? 'unavailable' : 'error' });
      }
      throw error;
    }
  });
  router.get('/:id', async (req, res) => {
    const order = isUuid(req.params.id) ? await findOrder(db, req.params.id) : undefined;
    if (!order) throw new AppError(404, 'order_not_found', 'Order not found');
    res.type('application/json').send(order);
  });
  return router;
}
