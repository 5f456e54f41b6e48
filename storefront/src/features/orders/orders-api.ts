import { apiRequest } from '../../shared/api/client.ts';
import type { Order } from '../../shared/api/types.ts';

export function fetchOrder(id: string, signal?: AbortSignal): Promise<Order> {
  return apiRequest<Order>(`/api/orders/${encodeURIComponent(id)}`, { signal });
}
