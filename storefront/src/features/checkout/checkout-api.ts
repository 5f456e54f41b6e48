import { apiRequest } from '../../shared/api/client.ts';
import type { Customer, Order } from '../../shared/api/types.ts';

export interface OrderRequest {
  cartId: string;
  customer: Customer;
}

/** The same key with the same body returns the same order, so a retried request never orders twice. */
export function placeOrder(request: OrderRequest, idempotencyKey: string): Promise<Order> {
  return apiRequest<Order>('/api/orders', {
    method: 'POST',
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });
}
