// One "Try again" retries everything on the page that failed (the catalog, the categories, the cart), so a
// shopper coming back from an outage clicks once rather than once per message.

const listeners = new Set<() => void>();

/** Registers a failed-request retrier; returns the unsubscribe function. */
export function onRetryRequested(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function retryFailedRequests(): void {
  for (const listener of [...listeners]) listener();
}
