// POST /api/admin/products, GET and PATCH /api/admin/products/:id, behind `Authorization: Bearer
// $ADMIN_TOKEN`. GET reads the database directly and answers an ETag; PATCH takes `If-Match` (412 when
// stale) and `stockAdjustment` (relative). Every change empties the catalog cache so shoppers see it at once.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { CatalogCache } from '../catalog/cache.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { createProduct, findProductLive, productEtag, updateProduct } from './service.ts';

// Stored in NFC, so searches (normalised the same way) find the text however it was typed.
const nfc = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => value.isWellFormed(), 'must be valid text (no lone surrogates)')
    .refine(
      (value) => !/[\p{Cc}]/u.test(value.replace(/[\n\r\t]/g, '')),
      'must not contain control characters',
    )
    .transform((value) => value.normalize('NFC').trim());
const text = (max: number) => nfc(max).pipe(z.string().min(1, 'is required'));
const names = z.object({ en: text(200), bn: text(200) }).strict();
const descriptions = z.object({ en: nfc(5_000), bn: nfc(5_000) }).strict();
const price = z.number().int().min(0).max(100_000_000);
const stock = z.number().int().min(0).max(10_000_000);
const stockAdjustment = z.number().int().min(-10_000_000).max(10_000_000);
const category = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a category slug');
const imageUrl = z
  .string()
  .max(500)
  .refine((url) => !/[\p{Cc}\s]/u.test(url), 'must not contain spaces or control characters')
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
    stockAdjustment: stockAdjustment.optional(),
    name: names.optional(),
    description: descriptions.optional(),
    category: category.optional(),
    imageUrl: imageUrl.optional(),
  })
  .strict()
  .refine(
    (changes) => Object.keys(changes).length > 0,
    'send at least one of price, stock, stockAdjustment, name, description, category',
  )
  .refine(
    (changes) => changes.stock === undefined || changes.stockAdjustment === undefined,
    'send stock (a new count) or stockAdjustment (a change to the current count), not both',
  );

const digest = (value: string) => createHash('sha256').update(value).digest();

function requireToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    // The scheme name is case-insensitive (RFC 9110 §11.1): Bearer, bearer and BEARER are one scheme.
    const match = /^bearer[ \t]+([^\s]+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    // Comparing digests keeps the comparison constant-time whatever the length sent.
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new AppError(401, 'unauthorized', 'A valid admin bearer token is required'));
      return;
    }
    next();
  };
}

function productIdParam(param: string): number {
  const id = Number(param);
  if (!/^\d{1,10}$/.test(param) || id < 1 || id > 2_147_483_647)
    throw new AppError(404, 'product_not_found', 'Product not found');
  return id;
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
    res
      .status(201)
      .set({ 'Cache-Control': 'no-store', ETag: productEtag(product) })
      .json(product);
  });
  // The live product (stock as it is now, not the catalog's cached copy), with the ETag for If-Match.
  router.get('/products/:id', async (req, res) => {
    const product = await findProductLive(db, productIdParam(req.params.id));
    if (!product) throw new AppError(404, 'product_not_found', 'Product not found');
    res.set({ 'Cache-Control': 'no-store', ETag: productEtag(product) }).json(product);
  });
  router.patch('/products/:id', async (req, res) => {
    const id = productIdParam(req.params.id);
    const changes = parseInput(productChanges, req.body, 'product changes');
    const product = await updateProduct(db, id, changes, req.get('if-match'));
    if (!product) throw new AppError(404, 'product_not_found', 'Product not found');
    await cache.invalidate();
    res.set({ 'Cache-Control': 'no-store', ETag: productEtag(product) }).json(product);
  });
  return router;
}
