// A thin fetch wrapper: every failure becomes an ApiError whose `kind` tells the UI which message to show.
// A request that is safe to repeat is retried quietly with backoff for a few seconds while the shop is
// unreachable (the API starting, a pod rolling), before the shopper is shown an error.

export type ApiErrorKind =
  | 'unreachable'
  | 'not_found'
  | 'out_of_stock'
  | 'cart_full'
  | 'cart_ordered'
  | 'invalid'
  | 'server';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly code: string;
  /** For `out_of_stock`: the product that ran out. */
  readonly productId: string | undefined;
  /** For `invalid`: the request field the API refused, as a dotted path (`customer.address`). */
  readonly field: string | undefined;
  /** The X-Request-Id of the failed answer: the reference a shopper quotes to support. */
  readonly requestId: string | undefined;

  constructor(
    kind: ApiErrorKind,
    status: number,
    code: string,
    message: string,
    productId?: string,
    field?: string,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.productId = productId;
    this.field = field;
    this.requestId = requestId;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; productId?: string | number; field?: string };
}

function kindOf(status: number, code: string): ApiErrorKind {
  if (code === 'out_of_stock') return 'out_of_stock';
  if (code === 'cart_full') return 'cart_full';
  if (code === 'cart_already_ordered') return 'cart_ordered';
  if (status === 404) return 'not_found';
  // 502/503/504 come from the proxy or a draining API: the shop is unreachable, not broken.
  if (status === 502 || status === 503 || status === 504) return 'unreachable';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/**
 * Waits between quiet retries, in milliseconds: under 7 seconds in all before the error is shown (long enough
 * for a pod to roll or the API to finish starting, short enough that a shopper is not left guessing).
 */
export const retryDelaysMs = [250, 500, 1_000, 2_000, 3_000];

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

interface RequestInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * One API call; resolves with the parsed JSON, rejects with an ApiError. GET and PUT (idempotent by
 * definition) and requests carrying an Idempotency-Key are retried on `unreachable` (no answer, 502, 503,
 * 504) after each of `retryDelaysMs`; other requests fail at once.
 */
export async function apiRequest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const repeatable =
    method === 'GET' ||
    method === 'PUT' ||
    Object.keys(init.headers ?? {}).some((name) => /^idempotency-key$/i.test(name));
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce<T>(path, init);
    } catch (error) {
      const delay = retryDelaysMs[attempt];
      if (!repeatable || delay === undefined || !(error instanceof ApiError) || error.kind !== 'unreachable')
        throw error;
      await pause(delay, init.signal);
    }
  }
}

async function requestOnce<T>(path: string, init: RequestInit): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError('unreachable', 0, 'network', `while requesting ${path}: ${String(error)}`);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data as ErrorBody | undefined)?.error;
    const code = error?.code ?? `http_${response.status}`;
    const productId = error?.productId === undefined ? undefined : String(error.productId);
    throw new ApiError(
      kindOf(response.status, code),
      response.status,
      code,
      error?.message ?? `${init.method ?? 'GET'} ${path} answered ${response.status}`,
      productId,
      typeof error?.field === 'string' ? error.field : undefined,
      response.headers.get('x-request-id') ?? undefined,
    );
  }
  return data as T;
}
