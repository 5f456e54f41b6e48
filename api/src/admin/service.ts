// Product and stock management. Changes run under the product row's lock: `stockAdjustment` adds to the
// stock as it is then (sales in between are kept), and an `If-Match` ETag makes any change conditional on
// nothing having changed since the admin read it. Checkouts still cannot take stock below zero (the CHECK
// constraint and the conditional decrement hold). Text is stored in Unicode NFC.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ProductJson } from '../catalog/product-json.ts';
import { productJson } from '../catalog/product-json.ts';
import type { Database } from '../db/database.ts';
import { products } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';

export interface NewProduct {
  slug: string;
  name: { en: string; bn: string };
  description?: { en: string; bn: string } | undefined;
  price: number;
  stock: number;
  category: string;
  imageUrl?: string | undefined;
}

export interface ProductChanges {
  price?: number | undefined;
  /** The new stock count (absolute). */
  stock?: number | undefined;
  /** Added to the stock as it is when the change is applied (negative: taken away). */
  stockAdjustment?: number | undefined;
  name?: { en: string; bn: string } | undefined;
  description?: { en: string; bn: string } | undefined;
  category?: string | undefined;
  imageUrl?: string | undefined;
}

/** Turns constraint violations into the client's mistake they are. */
function explain(error: unknown, input: { slug?: string; category?: string | undefined }): never {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: string }).code;
  if (code === '23505')
    throw new AppError(409, 'slug_taken', `A product with slug "${input.slug}" already exists`);
  if (code === '23503')
    throw new AppError(400, 'unknown_category', `There is no category "${input.category}"`);
  throw error;
}

export async function createProduct(db: Database, input: NewProduct): Promise<ProductJson> {
  try {
    const [row] = await db.orm
      .insert(products)
      .values({
        slug: input.slug,
        nameEn: input.name.en,
        nameBn: input.name.bn,
        descriptionEn: input.description?.en ?? '',
        descriptionBn: input.description?.bn ?? '',
        price: input.price,
        stock: input.stock,
        categorySlug: input.category,
        imageUrl: input.imageUrl ?? `/images/products/${input.slug}.svg`,
      })
      .returning();
    if (!row) throw new Error('while creating a product: the insert returned no row');
    return productJson(row);
  } catch (error) {
    explain(error, input);
  }
}

/**
 * A strong entity tag for a product as the admin sees it: a digest of every field, stock included, so a sale
 * or another admin's change since the read makes it stale. Quoted, as it goes into `ETag`.
 */
export function productEtag(product: ProductJson): string {
  return `"${createHash('sha256').update(JSON.stringify(product)).digest('base64url').slice(0, 27)}"`;
}

/** True when an `If-Match` header value (`*` or a list of entity tags) matches `etag` (strong comparison). */
export function ifMatchAccepts(header: string, etag: string): boolean {
  const tags = header.split(',').map((tag) => tag.trim());
  return tags.includes('*') || tags.includes(etag);
}

/** The product as it is in the database now: no cache in between (the admin's stock read). */
export async function findProductLive(db: Database, id: number): Promise<ProductJson | undefined> {
  const [row] = await db.orm.select().from(products).where(eq(products.id, id)).limit(1);
  return row ? productJson(row) : undefined;
}

/**
 * Applies `changes` under the product row's lock. `ifMatch` (the `If-Match` header) makes it conditional:
 * 412 precondition_failed when the product changed since that ETag was read. `stockAdjustment` adds to (or,
 * negative, takes from) the stock as it is at that moment, so sales in between are never overwritten; 409
 * insufficient_stock if it would go below zero. `undefined` when there is no such product.
 */
export async function updateProduct(
  db: Database,
  id: number,
  changes: ProductChanges,
  ifMatch?: string,
): Promise<ProductJson | undefined> {
  try {
    return await db.orm.transaction(async (tx) => {
      const [current] = await tx.select().from(products).where(eq(products.id, id)).for('update');
      if (!current) return undefined;
      if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, productEtag(productJson(current)))) {
        throw new AppError(
          412,
          'precondition_failed',
          'The product changed since you read it (its ETag no longer matches); read it again and retry',
          { etag: productEtag(productJson(current)) },
        );
      }
      const set: Partial<Omit<typeof products.$inferInsert, 'updatedAt'>> & {
        updatedAt: ReturnType<typeof sql>;
      } = {
        updatedAt: sql`now()`,
      };
      if (changes.price !== undefined) set.price = changes.price;
      if (changes.stock !== undefined) set.stock = changes.stock;
      if (changes.stockAdjustment !== undefined) {
        const stock = current.stock + changes.stockAdjustment;
        if (stock < 0) {
          throw new AppError(
            409,
            'insufficient_stock',
            `Only ${current.stock} in stock; cannot take ${-changes.stockAdjustment}`,
            { productId: id, available: current.stock },
          );
        }
        set.stock = stock;
      }
      if (changes.name) {
        set.nameEn = changes.name.en;
        set.nameBn = changes.name.bn;
      }
      if (changes.description) {
        set.descriptionEn = changes.description.en;
        set.descriptionBn = changes.description.bn;
      }
      if (changes.category !== undefined) set.categorySlug = changes.category;
      if (changes.imageUrl !== undefined) set.imageUrl = changes.imageUrl;
      const [row] = await tx.update(products).set(set).where(eq(products.id, id)).returning();
      return row ? productJson(row) : undefined;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    explain(error, { category: changes.category });
  }
}
