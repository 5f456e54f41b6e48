/**
 * A random key of 32 lowercase hex characters (128 bits), for Idempotency-Keys. `crypto.randomUUID` exists
 * only in secure contexts (HTTPS or localhost), so a shop opened over plain HTTP on another address (a
 * cluster-internal URL, a LAN test) would fail at checkout; `crypto.getRandomValues` works everywhere.
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
