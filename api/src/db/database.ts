// One interface over the two ways the API reaches PostgreSQL: a pool to a real server (DATABASE_URL) or an
// embedded PGlite (no DATABASE_URL). drizzle serves both; `query` runs plain SQL on the hot paths.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from '../shared/logger.ts';
import * as schema from './schema.ts';

export type Orm = NodePgDatabase<typeof schema>;

export interface Database {
  kind: 'postgres' | 'pglite';
  orm: Orm;
  /**
   * Runs one SQL statement with positional parameters ($1, $2, …) and returns its rows. A `name` makes it a
   * prepared statement on each pooled connection (parsed and planned once), for the hot paths.
   */
  query<Row>(text: string, params?: unknown[], name?: string): Promise<Row[]>;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

// int8 (count(*), bigint totals) as a JavaScript number: our values stay far below 2^53.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pool of at most `opts.max` connections to `url`. With `opts.namedStatements` false (behind a transaction
 * pooler), a statement's `name` is dropped: it then runs as an unnamed statement, parsed on every call.
 */
export function connectPostgres(
  url: string,
  opts: { max: number; logger: Logger; namedStatements?: boolean },
): Database {
  const named = opts.namedStatements ?? true;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    application_name: 'dhakacart-api',
    types: pgTypes,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the pool
  // discards it and opens a new one on demand.
  pool.on('error', (error) => opts.logger.warn({ err: error }, 'idle database connection lost'));
  return {
    kind: 'postgres',
    orm: drizzlePg(pool, { schema }),
    async query<Row>(text: string, params: unknown[] = [], name?: string) {
      const result = await pool.query(
        name && named ? { name, text, values: params } : { text, values: params },
      );
      return result.rows as Row[];
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const client = dataDir === 'memory://' ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  return {
    kind: 'pglite',
    orm: drizzlePglite(client, { schema }) as unknown as Orm,
    async query<Row>(text: string, params: unknown[] = []) {
      const result = await client.query<Row>(text, params);
      return result.rows;
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => client.close(),
  };
}
