// Applies the committed SQL migrations in api/drizzle/. Against a real server it holds a PostgreSQL advisory
// lock, so two migration runs (say, two rollouts) never interleave.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Database } from './database.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** How many migrations this build ships; `/readyz` waits until the database has all of them. */
export const expectedMigrations: number = JSON.parse(
  readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8'),
).entries.length;

const lockId = 4_242_020_26;

export async function migratePostgres(url: string): Promise<void> {
  // One connection, so the advisory lock and the migration share a session.
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'dhakacart-migrate' });
  try {
    await pool.query('SELECT pg_advisory_lock($1)', [lockId]);
    try {
      await migrateNodePg(drizzle(pool), { migrationsFolder });
    } finally {
      await pool.query('SELECT pg_advisory_unlock($1)', [lockId]);
    }
  } finally {
    await pool.end();
  }
}

export async function migrateEmbedded(db: Database): Promise<void> {
  await migratePglite(db.orm as unknown as PgliteDatabase, { migrationsFolder });
}

/** How many migrations the database has applied (0 when it has never been migrated). */
export async function appliedMigrations(db: Database): Promise<number> {
  const [table] = await db.query<{ present: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'drizzle' AND tablename = '__drizzle_migrations') AS present",
  );
  if (!table?.present) return 0;
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  return Number(row?.n ?? 0);
}
