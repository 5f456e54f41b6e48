import { apiRequest } from '../../shared/api/client.ts';
import type { Category, Product, ProductPage } from '../../shared/api/types.ts';

export interface ProductQuery {
  q: string;
  category: string;
  cursor?: string | null;
}

/** The API's first catalog page, as the home page asks for it (and the server tells the browser to preload). */
export const firstCatalogPagePath = '/api/products?limit=24';
/** The category list the home page shows beside it (also preloaded for the home page). */
export const categoriesPath = '/api/categories';

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
