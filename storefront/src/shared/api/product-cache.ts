// Names of the products the shopper has put in a cart, remembered so an order (which carries only product
// ids) can show them, also after a reload.
import { readStored, writeStored } from '../storage/local-value.ts';
import type { ProductId, ProductSummary } from './types.ts';

const storageKey = 'dhakacart.products';
const limit = 200;

let cache: Map<string, ProductSummary> | undefined;

function load(): Map<string, ProductSummary> {
  cache ??= new Map(readStored<[string, ProductSummary][]>('local', storageKey) ?? []);
  return cache;
}

export function rememberProducts(products: ProductSummary[]): void {
  const map = load();
  for (const { id, slug, name, price } of products) {
    map.delete(String(id));
    map.set(String(id), { id, slug, name, price });
  }
  while (map.size > limit) map.delete(map.keys().next().value as string);
  writeStored('local', storageKey, [...map]);
}

export function knownProduct(id: ProductId): ProductSummary | undefined {
  return load().get(String(id));
}
