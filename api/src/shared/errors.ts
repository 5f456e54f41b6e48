// Domain errors carry an HTTP status and a stable code; the one error handler in app.ts turns them into
// `{ "error": { "code", "message" } }`.

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);

/** PostgreSQL is down, restarting or refusing connections: the client should retry, it is not a bug. */
export class DatabaseUnavailableError extends AppError {
  constructor(cause: unknown) {
    super(503, 'service_unavailable', 'The shop is briefly unavailable; please try again in a moment.');
    this.cause = cause;
  }
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * True for errors that mean "the database is not reachable right now" rather than "this query is wrong":
 * refused or dropped connections, server shutting down or starting (SQLSTATE 57P0x), connection
 * exceptions (class 08), and the pool giving up waiting for a connection.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  // drizzle wraps driver errors; the driver's error is the cause.
  if (error.cause !== undefined && isDatabaseUnavailable(error.cause, depth + 1)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (unavailableCodes.has(code)) return true;
    if (/^57P0[1-4]$/.test(code) || code.startsWith('08') || code === '53300') return true;
  }
  const message = error.message;
  return (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end/i.test(
      message,
    ) ||
    (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1)))
  );
}
