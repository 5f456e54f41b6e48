// /healthz (the process is alive), /readyz (the database answers and has every migration this build needs,
// and we are not shutting down), /metrics (Prometheus).
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { appliedMigrations, expectedMigrations } from '../db/migrate.ts';
import type { Metrics } from '../shared/metrics.ts';

export interface Lifecycle {
  /** Set on SIGTERM: /readyz fails so load balancers move away, responses close their connections. */
  draining: boolean;
}

const problem = (code: string, message: string) => ({ error: { code, message } });

export function healthRouter(db: Database, metrics: Metrics, lifecycle: Lifecycle): Router {
  const router = Router();
  // Readiness is probed often by many load balancers; one database check per second is plenty.
  let checked: { at: number; result: Promise<string | undefined> } | undefined;
  const checkDatabase = async (): Promise<string | undefined> => {
    try {
      const applied = await appliedMigrations(db);
      return applied >= expectedMigrations
        ? undefined
        : `the database has ${applied} of ${expectedMigrations} migrations; run npm run db:migrate`;
    } catch (error) {
      return `the database is not reachable: ${(error as Error).message}`;
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
    if (!checked || Date.now() - checked.at > 1_000) checked = { at: Date.now(), result: checkDatabase() };
    const failure = await checked.result;
    if (failure) res.status(503).json(problem('not_ready', failure));
    else res.json({ status: 'ready' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
