// Loads the demo catalog. Safe to run again: existing categories and products (by slug) are left alone.

import type { Database } from './database.ts';
import { categories, products } from './schema.ts';
import { seedCategories, seedProducts } from './seed-data.ts';

export async function seedCatalog(db: Database): Promise<{ categories: number; products: number }> {
  await db.orm
    .insert(categories)
    .values(seedCategories.map((c, position) => ({ slug: c.slug, nameEn: c.en, nameBn: c.bn, position })))
    .onConflictDoNothing();
  const rows = seedProducts();
  const inserted = await db.orm
    .insert(products)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: products.id });
  return { categories: seedCategories.length, products: inserted.length };
}
