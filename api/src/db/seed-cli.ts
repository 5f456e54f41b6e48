// `npm run db:seed -w api`: loads the demo catalog into DATABASE_URL (migrating first if needed).
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { connectPostgres } from './database.ts';
import { migratePostgres } from './migrate.ts';
import { seedCatalog } from './seed.ts';
import { waitForDatabase } from './wait.ts';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('db:seed needs DATABASE_URL (the embedded database seeds itself on first start)');
  process.exit(2);
}
const db = connectPostgres(config.databaseUrl, {
  max: 2,
  namedStatements: config.dbNamedStatements,
  logger: createLogger(config.logLevel),
});
try {
  await waitForDatabase(config.databaseUrl, { seconds: config.databaseWaitSeconds });
  await migratePostgres(config.databaseUrl);
  const seeded = await seedCatalog(db);
  console.log(JSON.stringify({ level: 'info', msg: 'catalog seeded', ...seeded }));
} catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
