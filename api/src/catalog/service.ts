// Catalog reads from PostgreSQL. Pages are keyed by product id (a cursor), so a page stays cheap however deep
// the shopper scrolls.
import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { categories, products } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { type ProductJson, productJson } from './product-json.ts';

export interface ProductQuery {
  q: string | undefined;
  category: string | undefined;
  limit: number;
  cursor: string | undefined;
}

export const encodeCursor = (id: number) => Buffer.from(`id:${id}`).toString('base64url');

/** The largest product id: ids are PostgreSQL `integer`s. */
const maxProductId = 2_147_483_647;

/** The product id a cursor names; 400 invalid_cursor for anything this API could not have given out. */
export function decodeCursor(cursor: string): number {
  const match = /^id:([1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const id = Number(match?.[1]);
  if (!match || id > maxProductId || encodeCursor(id) !== cursor)
    throw new AppError(400, 'invalid_cursor', 'The cursor is not one this API gave out');
  return id;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listProducts(
  db: Database,
  query: ProductQuery,
): Promise<{ items: ProductJson[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (query.category) conditions.push(eq(products.categorySlug, query.category));
  if (query.q) {
    // Stored text is NFC (admin writes, seed and migration 0002 normalise it); so is the search.
    const pattern = likePattern(query.q.normalize('NFC'));
    const match = or(
      ilike(products.nameEn, pattern),
      ilike(products.nameBn, pattern),
      ilike(products.slug, pattern),
    );
    if (match) conditions.push(match);
  }
  if (query.cursor) conditions.push(gt(products.id, decodeCursor(query.cursor)));
  const rows = await db.orm
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(asc(products.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(productJson),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}

export async function findProduct(db: Database, slug: string): Promise<ProductJson | undefined> {
  const [row] = await db.orm.select().from(products).where(eq(products.slug, slug)).limit(1);
  return row ? productJson(row) : undefined;
}

export async function listCategories(db: Database) {
  const rows = await db.orm.select().from(categories).orderBy(asc(categories.position), asc(categories.slug));
  return { items: rows.map((row) => ({ slug: row.slug, name: { en: row.nameEn, bn: row.nameBn } })) };
}
