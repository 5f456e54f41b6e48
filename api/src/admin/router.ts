// POST /api/admin/products, PATCH /api/admin/products/:id, behind `Authorization: Bearer $ADMIN_TOKEN`.
// Every change empties the catalog cache so shoppers see it at once.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { CatalogCache } from '../catalog/cache.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { createProduct, updateProduct } from './service.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const names = z.object({ en: text(200), bn: text(200) }).strict();
const descriptions = z.object({ en: z.string().max(5_000), bn: z.string().max(5_000) }).strict();
const price = z.number().int().min(0).max(100_000_000);
const stock = z.number().int().min(0).max(10_000_000);
const category = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a category slug');
const imageUrl = z
  .string()
  .max(500)
  .refine((url) => url === '' || /^(\/|https:\/\/)/.test(url), 'must be a path or an https URL');

const newProduct = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be lowercase letters, digits and dashes'),
    name: names,
    description: descriptions.optional(),
    price,
    stock,
    category,
    imageUrl: imageUrl.optional(),
  })
  .strict();

const productChanges = z
  .object({
    price: price.optional(),
    stock: stock.optional(),
    name: names.optional(),
    description: descriptions.optional(),
    category: category.optional(),
    imageUrl: imageUrl.optional(),
  })
  .strict()
  .refine(
    (changes) => Object.keys(changes).length > 0,
    'send at least one of price, stock, name, description, category',
  );

const digest = (value: string) => createHash('sha256').update(value).digest();

function requireToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer ([^\s]+)$/.exec(req.get('authorization') ?? '');
    // Comparing digests keeps the comparison constant-time whatever the length sent.
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new AppError(401, 'unauthorized', 'A valid admin bearer token is required'));
      return;
    }
    next();
  };
}

export function adminRouter(db: Database, cache: CatalogCache, token: string | undefined): Router {
  const router = Router();
  if (!token) {
    router.use(() => {
      throw new AppError(404, 'not_found', 'Admin routes are turned off (no ADMIN_TOKEN configured)');
    });
    return router;
  }
  router.use(requireToken(token));
  router.post('/products', async (req, res) => {
    const product = await createProduct(db, parseInput(newProduct, req.body, 'product'));
    await cache.invalidate();
    res.status(201).json(product);
  });
  router.patch('/products/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!/^\d{1,9}$/.test(req.params.id) || id < 1)
      throw new AppError(404, 'product_not_found', 'Product not found');
    const product = await updateProduct(db, id, parseInput(productChanges, req.body, 'product changes'));
    if (!product) throw new AppError(404, 'product_not_found', 'Product not found');
    await cache.invalidate();
    res.json(product);
  });
  return router;
}
