// POST /api/carts, GET /api/carts/:id, PUT /api/carts/:id/items/:productId
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { maxQuantity } from '../shared/order-limits.ts';
import { parseInput } from '../shared/validate.ts';
import { createCart, findCart, setCartItem } from './service.ts';

const itemBody = z.object({ quantity: z.number().int().min(0).max(maxQuantity) });

export function cartRouter(db: Database): Router {
  const router = Router();
  router.post('/', async (_req, res) => {
    res.status(201).json(await createCart(db));
  });
  router.get('/:id', async (req, res) => {
    const cart = await findCart(db, req.params.id);
    if (!cart) throw new AppError(404, 'cart_not_found', 'Cart not found');
    res.json(cart);
  });
  router.put('/:id/items/:productId', async (req, res) => {
    const productId = Number(req.params.productId);
    if (!/^\d{1,9}$/.test(req.params.productId) || productId < 1) {
      throw new AppError(404, 'product_not_found', 'Product not found');
    }
    const { quantity } = parseInput(itemBody, req.body, 'cart line');
    res.json(await setCartItem(db, req.params.id, productId, quantity));
  });
  return router;
}
