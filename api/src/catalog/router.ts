// GET /api/products, /api/products/:slug, /api/categories: answered from the catalog cache as ready JSON.
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { notFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import type { CatalogBody, CatalogCache } from './cache.ts';
import { fastPathKey } from './fast-path.ts';
import { sendCatalogBody } from './send-body.ts';
import { decodeCursor, findProduct, listCategories, listProducts } from './service.ts';

const slugPattern = /^[a-z0-9][a-z0-9-]{0,99}$/;

const listQuery = z.object({
  // NFC, so every spelling of the same Bangla text (say য় as U+09DF or as U+09AF U+09BC) is one search.
  q: z
    .string()
    .max(100)
    .refine((q) => q.isWellFormed(), 'must be valid text')
    .transform((q) => q.normalize('NFC').trim())
    .optional(),
  category: z.string().regex(slugPattern, 'must be a category slug').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(100).optional(),
});

/** Sends a ready answer; written directly because this is the hottest path of the shop. */
function sendJson(req: Request, res: Response, body: CatalogBody) {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'public, max-age=5');
  sendCatalogBody(res, body, req.headers['accept-encoding']);
}

export function catalogRouter(db: Database, cache: CatalogCache): { products: Router; categories: Router } {
  const products = Router();
  products.get('/', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    const q = query.q || undefined;
    // Checked before the cache, so a forged cursor is a 400 and never reaches the database.
    if (query.cursor !== undefined) decodeCursor(query.cursor);
    const key = `products?${JSON.stringify([q ?? '', query.category ?? '', query.limit, query.cursor ?? ''])}`;
    const body = await cache.get(key, async () =>
      JSON.stringify(
        await listProducts(db, { q, category: query.category, limit: query.limit, cursor: query.cursor }),
      ),
    );
    cache.alias(fastPathKey(req.originalUrl), key);
    sendJson(req, res, body);
  });
  products.get('/:slug', async (req, res) => {
    const slug = req.params.slug;
    if (!slugPattern.test(slug)) throw notFound('Product');
    // A missing product is cached too (as an empty body), so probing unknown slugs cannot hammer the database.
    const body = await cache.get(`product:${slug}`, async () => {
      const product = await findProduct(db, slug);
      return product ? JSON.stringify(product) : '';
    });
    if (body.identity.length === 0) throw notFound('Product');
    cache.alias(fastPathKey(req.originalUrl), `product:${slug}`);
    sendJson(req, res, body);
  });

  const categories = Router();
  categories.get('/', async (req, res) => {
    const body = await cache.get('categories', async () => JSON.stringify(await listCategories(db)));
    cache.alias(fastPathKey(req.originalUrl), 'categories');
    sendJson(req, res, body);
  });
  return { products, categories };
}
