import { apiRequest } from '../../shared/api/client.ts';
import type { Cart, ProductId } from '../../shared/api/types.ts';

export function createCart(): Promise<Cart> {
  return apiRequest<Cart>('/api/carts', { method: 'POST', body: {} });
}

export function fetchCart(id: string): Promise<Cart> {
  return apiRequest<Cart>(`/api/carts/${encodeURIComponent(id)}`);
}

export function putCartItem(cartId: string, productId: ProductId, quantity: number): Promise<Cart> {
  return apiRequest<Cart>(
    `/api/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(String(productId))}`,
    { method: 'PUT', body: { quantity } },
  );
}
