// Waiting for PostgreSQL to answer before a one-shot command (the migration Job, the seed) makes its first real
// connection. On Kubernetes a new pod's first connections can be refused for a moment: the NetworkPolicy
// controller admits a pod's address about a second after the pod starts (seen on the real node, see
// docs/credentials.md), and a database that is still starting answers 57P03. A long-running API pod rides
// this out with its readiness probe; a Job that gives up at once fails a rollout instead.
import pRetry, { AbortError } from 'p-retry';
import pg from 'pg';

/**
 * SQLSTATE codes of a server that is there but cannot take the connection yet: `57P03` cannot_connect_now
 * (starting up or in recovery), `53300` too_many_connections. Source: PostgreSQL 15 manual, Appendix A.
 */
const NOT_YET = new Set(['57P03', '53300']);

/**
 * True when `error` may go away by itself: anything that is not an answer from PostgreSQL (refused, reset,
 * timed out, a name that does not resolve yet, "Connection terminated unexpectedly"), or an answer that says
 * "not yet". A wrong password (28P01) or a missing database (3D000) is an answer that waiting cannot change.
 */
export function isTransientConnectError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return NOT_YET.has(error.code ?? '');
  return true;
}

export interface WaitOptions {
  /** The longest wait in seconds; 0 tries once. */
  seconds: number;
  /** Told of each failed try that will be retried (for a log line). */
  onRetry?: (error: Error, attempt: number) => void;
}

/**
 * Resolves once a connection to `url` logs in and answers `SELECT 1`, retrying transient failures with
 * exponential backoff (250 ms doubling to at most 2 s) for at most `options.seconds` (p-retry's
 * `maxRetryTime`). Rejects at once on an error waiting cannot fix (wrong password, no such database), and
 * after the bound with `the database at <host>:<port> did not answer within <n> s: <last error>`.
 */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<void> {
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  try {
    await pRetry(
      async () => {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
        // An error after connect (the server going away) must not become an unhandled 'error' event.
        client.on('error', () => {});
        try {
          await client.connect();
          await client.query('SELECT 1');
        } catch (error) {
          throw isTransientConnectError(error) ? error : new AbortError(error as Error);
        } finally {
          await client.end().catch(() => {});
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 250,
        maxTimeout: 2_000,
        factor: 2,
        maxRetryTime: options.seconds * 1_000,
        onFailedAttempt: ({ error, attemptNumber }) => options.onRetry?.(error, attemptNumber),
      },
    );
  } catch (error) {
    if (!isTransientConnectError(error)) throw error;
    throw new Error(
      `the database at ${where} did not answer within ${options.seconds} s: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
