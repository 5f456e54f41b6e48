import type { products } from '../db/schema.ts';

/** The contract's Product: money in poisha, names in English and Bangla. */
export interface ProductJson {
  id: number;
  slug: string;
  name: { en: string; bn: string };
  description: { en: string; bn: string };
  price: number;
  currency: 'BDT';
  stock: number;
  category: string;
  imageUrl: string;
}

export function productJson(row: typeof products.$inferSelect): ProductJson {
  return {
    id: row.id,
    slug: row.slug,
    name: { en: row.nameEn, bn: row.nameBn },
    description: { en: row.descriptionEn, bn: row.descriptionBn },
    price: row.price,
    currency: 'BDT',
    stock: row.stock,
    category: row.categorySlug,
    imageUrl: row.imageUrl,
  };
}
