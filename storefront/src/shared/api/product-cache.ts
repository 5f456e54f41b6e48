// Products the shopper has seen, remembered so a cart or an order (which carry only product ids) can show
// names and images after a reload without another request per line.
import { readStored, writeStored } from '../storage/local-value.ts';
import type { Product, ProductId } from './types.ts';

const storageKey = 'dhakacart.products';
const limit = 200;

let cache: Map<string, Product> | undefined;

function load(): Map<string, Product> {
  cache ??= new Map(readStored<[string, Product][]>('local', storageKey) ?? []);
  return cache;
}

export function rememberProducts(products: Product[]): void {
  const map = load();
  for (const product of products) {
    map.delete(String(product.id));
    map.set(String(product.id), product);
  }
  while (map.size > limit) map.delete(map.keys().next().value as string);
  writeStored('local', storageKey, [...map]);
}

export function knownProduct(id: ProductId): Product | undefined {
  return load().get(String(id));
}
