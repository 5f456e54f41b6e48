// /healthz (the process is alive: it never looks at a dependency, so a database outage never restarts pods),
// /readyz (this pod can serve: not shutting down, and either the database answers with every migration this
// build needs, or the database is unreachable but the catalog can still be served from the cache — then
// catalog reads keep answering while checkout answers 503 with Retry-After). /metrics is not here: it has a
// listener of its own (shared/metrics-server.ts) that only Prometheus may reach.
import { Router } from 'express';
import type { CatalogCache } from '../catalog/cache.ts';
import type { Database } from '../db/database.ts';
import { appliedMigrations, expectedMigrations } from '../db/migrate.ts';

export interface Lifecycle {
  /** Set on SIGTERM: /readyz fails so load balancers move away, responses close their connections. */
  draining: boolean;
}

const problem = (code: string, message: string) => ({ error: { code, message } });

/**
 * How long the readiness check waits for the database. Behind PgBouncer a query to a stopped PostgreSQL waits
 * for a server connection (query_wait_timeout, seconds) instead of failing at once; the kubelet's probe gives up
 * after 1 s, which would take the pod out even though it can serve the catalog from the cache.
 */
export const READINESS_DATABASE_TIMEOUT_MS = 700;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** What /readyz found: the database's state, and the problem that makes the pod unready, if any. */
interface Readiness {
  database: 'ok' | 'unavailable' | 'not_migrated';
  failure: string | undefined;
}

export function healthRouter(db: Database, cache: CatalogCache, lifecycle: Lifecycle): Router {
  const router = Router();
  // Readiness is probed often by many load balancers; one database check per second is plenty.
  let checked: { at: number; result: Promise<Readiness> } | undefined;
  const check = async (): Promise<Readiness> => {
    try {
      const applied = await withinDeadline(appliedMigrations(db), READINESS_DATABASE_TIMEOUT_MS);
      return applied >= expectedMigrations
        ? { database: 'ok', failure: undefined }
        : {
            database: 'not_migrated',
            failure: `the database has ${applied} of ${expectedMigrations} migrations; run npm run db:migrate`,
          };
    } catch (error) {
      // Every pod loses the database at once; taking them all out of the load balancer would close the
      // whole shop, when the catalog can still be served from the cache.
      if (cache.servesWithoutDatabase()) return { database: 'unavailable', failure: undefined };
      return {
        database: 'unavailable',
        failure: `the database is not reachable and the catalog cache is empty: ${(error as Error).message}`,
      };
    }
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json(problem('shutting_down', 'This instance is shutting down'));
      return;
    }
    if (!checked || Date.now() - checked.at > 1_000) checked = { at: Date.now(), result: check() };
    const { database, failure } = await checked.result;
    res.set('Cache-Control', 'no-store');
    if (failure) res.status(503).json(problem('not_ready', failure));
    else
      res.json({
        status: 'ready',
        database,
        catalog: 'ok',
        checkout: database === 'ok' ? 'ok' : 'unavailable',
      });
  });
  return router;
}
