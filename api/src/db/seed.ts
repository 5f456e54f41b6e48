// Loads the demo catalog. Safe to run again: existing categories and products (by slug) are left alone.

import type { Database } from './database.ts';
import { categories, products } from './schema.ts';
import { seedCategories, seedProducts } from './seed-data.ts';

export async function seedCatalog(db: Database): Promise<{ categories: number; products: number }> {
  await db.orm
    .insert(categories)
    .values(
      seedCategories.map((c, position) => ({
        slug: c.slug,
        nameEn: c.en.normalize('NFC'),
        nameBn: c.bn.normalize('NFC'),
        position,
      })),
    )
    .onConflictDoNothing();
  // Text is stored in NFC (see migration 0002), so searches normalised the same way find it.
  const rows = seedProducts().map((row) => ({
    ...row,
    nameEn: row.nameEn.normalize('NFC'),
    nameBn: row.nameBn.normalize('NFC'),
    descriptionEn: row.descriptionEn?.normalize('NFC'),
    descriptionBn: row.descriptionBn?.normalize('NFC'),
  }));
  const inserted = await db.orm
    .insert(products)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: products.id });
  return { categories: seedCategories.length, products: inserted.length };
}
