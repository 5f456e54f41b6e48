import { categoriesPath, firstCatalogPagePath } from '../../shared/api/catalog-paths.ts';
import { apiRequest } from '../../shared/api/client.ts';
import type { Category, Product, ProductPage } from '../../shared/api/types.ts';

export interface ProductQuery {
  q: string;
  category: string;
  cursor?: string | null;
}

export function fetchProducts(query: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
  if (!query.q && !query.category && !query.cursor)
    return apiRequest<ProductPage>(firstCatalogPagePath, { signal });
  const params = new URLSearchParams({ limit: '24' });
  if (query.q) params.set('q', query.q);
  if (query.category) params.set('category', query.category);
  if (query.cursor) params.set('cursor', query.cursor);
  return apiRequest<ProductPage>(`/api/products?${params}`, { signal });
}

export async function fetchCategories(signal?: AbortSignal): Promise<Category[]> {
  return (await apiRequest<{ items: Category[] }>(categoriesPath, { signal })).items;
}

export function fetchProduct(slug: string, signal?: AbortSignal): Promise<Product> {
  return apiRequest<Product>(`/api/products/${encodeURIComponent(slug)}`, { signal });
}
