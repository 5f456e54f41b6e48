// A thin fetch wrapper: every failure becomes an ApiError whose `kind` tells the UI which message to show.

export type ApiErrorKind = 'unreachable' | 'not_found' | 'out_of_stock' | 'invalid' | 'server';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly code: string;
  /** For `out_of_stock`: the product that ran out. */
  readonly productId: string | undefined;
  /** The X-Request-Id of the failed answer: the reference a shopper quotes to support. */
  readonly requestId: string | undefined;

  constructor(
    kind: ApiErrorKind,
    status: number,
    code: string,
    message: string,
    productId?: string,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.productId = productId;
    this.requestId = requestId;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; productId?: string | number };
}

function kindOf(status: number, code: string): ApiErrorKind {
  if (code === 'out_of_stock') return 'out_of_stock';
  if (status === 404) return 'not_found';
  // 502/503/504 come from the proxy or a draining API: the shop is unreachable, not broken.
  if (status === 502 || status === 503 || status === 504) return 'unreachable';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

export async function apiRequest<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
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
      response.headers.get('x-request-id') ?? undefined,
    );
  }
  return data as T;
}
