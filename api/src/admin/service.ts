// Product and stock management. Setting `stock` writes the new count in one statement; checkouts running at
// the same moment still cannot take it below zero (the CHECK constraint and conditional decrement hold).
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
  stock?: number | undefined;
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

export async function updateProduct(
  db: Database,
  id: number,
  changes: ProductChanges,
): Promise<ProductJson | undefined> {
  const set: Partial<Omit<typeof products.$inferInsert, 'updatedAt'>> & {
    updatedAt: ReturnType<typeof sql>;
  } = {
    updatedAt: sql`now()`,
  };
  if (changes.price !== undefined) set.price = changes.price;
  if (changes.stock !== undefined) set.stock = changes.stock;
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
  try {
    const [row] = await db.orm.update(products).set(set).where(eq(products.id, id)).returning();
    return row ? productJson(row) : undefined;
  } catch (error) {
    explain(error, { category: changes.category });
  }
}
