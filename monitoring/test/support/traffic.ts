// A short load like a sale's: a few shoppers browse the catalog and product pages through the storefront
// server, open the app, and now and then check out (every other checkout retried with the same
// Idempotency-Key). Failures are part of the load (the API may be down on purpose) and are not thrown.
import { randomBytes } from 'node:crypto';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface Traffic {
  /** Requests sent so far, and how many were answered 5xx or not at all. */
  counts: { sent: number; failed: number };
  stop(): Promise<void>;
}

/** Starts `shoppers` concurrent shoppers against the storefront at `base` until `stop()`. */
export async function startTraffic(base: string, shoppers = 3): Promise<Traffic> {
  const list = (await (await fetch(`${base}/api/products?limit=20`)).json()) as {
    items: Array<{ id: number; slug: string }>;
  };
  let running = true;
  const counts = { sent: 0, failed: 0 };
  const send = async (call: Promise<Response>) => {
    counts.sent++;
    try {
      const response = await call;
      await response.arrayBuffer();
      if (response.status >= 500) counts.failed++;
      return response;
    } catch {
      counts.failed++;
      return undefined;
    }
  };
  const shopper = async (id: number) => {
    let round = 0;
    while (running) {
      round++;
      const product = list.items[(round + id) % list.items.length] as { id: number; slug: string };
      const calls = [
        send(fetch(`${base}/api/products?limit=12`)),
        send(fetch(`${base}/api/products/${product.slug}`)),
        send(fetch(`${base}/api/categories`)),
        send(fetch(`${base}/`)),
      ];
      if (round % 5 === 0) {
        const key = randomBytes(8).toString('hex');
        const checkout = () =>
          fetch(`${base}/api/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({
              items: [{ productId: product.id, quantity: 1 }],
              customer: { name: 'Karim', phone: '01812345678', address: 'Road 7, Gulshan, Dhaka' },
            }),
          });
        calls.push(send(checkout()).then(() => (round % 10 === 0 ? send(checkout()) : undefined)));
      }
      await Promise.all(calls);
      await sleep(50);
    }
  };
  const all = Promise.all(Array.from({ length: shoppers }, (_, id) => shopper(id)));
  return {
    counts,
    stop: async () => {
      running = false;
      await all;
    },
  };
}
