// Checkout traffic for the real-node suites: `concurrency` shoppers each placing orders back to back, every one
// with its own Idempotency-Key and its own address in X-Forwarded-For (as a load balancer would name many
// shoppers), so the per-shopper rate limit does not turn the run into a 429 test. Every answer is recorded: the
// status, Retry-After, the error code and, for 201, the order's id, so a suite can check that every
// acknowledged order is in the database.
import { randomBytes, randomUUID } from 'node:crypto';

/** One checkout's answer. `status` 0: no HTTP answer (connection error or the 10 s deadline). */
export interface CheckoutAnswer {
  at: number;
  status: number;
  retryAfter: string | null;
  code: string | undefined;
  orderId: string | undefined;
}

export interface CheckoutLoad {
  /** Every answer so far (the array grows while the load runs). */
  answers: CheckoutAnswer[];
  /** Stops starting new checkouts and resolves when those in flight have answered. */
  stop(): Promise<CheckoutAnswer[]>;
}

/**
 * Starts `concurrency` loops of `POST <url>/api/orders`, each ordering one unit of a product drawn from
 * `productIds`, pausing `pauseMs` between its checkouts.
 */
export function checkoutLoad(
  url: string,
  productIds: number[],
  concurrency: number,
  pauseMs = 0,
): CheckoutLoad {
  const answers: CheckoutAnswer[] = [];
  let running = true;
  const one = async (): Promise<void> => {
    const productId = productIds[Math.floor(Math.random() * productIds.length)];
    try {
      const res = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          'x-forwarded-for': `10.${randomBytes(3).join('.')}`,
        },
        body: JSON.stringify({
          items: [{ productId, quantity: 1 }],
          customer: {
            name: 'Load Shopper',
            phone: '01712345678',
            address: 'House 1, Road 1, Dhanmondi, Dhaka',
          },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
      answers.push({
        at: Date.now(),
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        code: body.error?.code,
        orderId: res.status === 201 ? body.id : undefined,
      });
    } catch (error) {
      answers.push({
        at: Date.now(),
        status: 0,
        retryAfter: null,
        code: (error as Error).message,
        orderId: undefined,
      });
    }
  };
  const loop = async () => {
    while (running) {
      await one();
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const loops = Promise.all(Array.from({ length: concurrency }, loop));
  return {
    answers,
    stop: async () => {
      running = false;
      await loops;
      return answers;
    },
  };
}

/** A count of answers by status, for assertion messages: `{ "201": 40, "503": 12 }`. */
export function byStatus(answers: CheckoutAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
