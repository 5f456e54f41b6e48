// `npm run db:migrate -w api`: what the operator's migration Job runs before each API rollout. It first waits
// (DATABASE_WAIT_SECONDS, 60 by default) for PostgreSQL to answer: a new pod's first connections can be refused.
import { loadConfig } from '../config.ts';
import { migratePostgres } from './migrate.ts';
import { waitForDatabase } from './wait.ts';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('db:migrate needs DATABASE_URL (the embedded database migrates itself on start)');
  process.exit(2);
}
try {
  await waitForDatabase(config.databaseUrl, {
    seconds: config.databaseWaitSeconds,
    onRetry: (error, attempt) =>
      console.log(
        JSON.stringify({
          level: 'info',
          msg: 'the database does not answer yet',
          attempt,
          error: error.message,
        }),
      ),
  });
  await migratePostgres(config.databaseUrl);
  console.log(JSON.stringify({ level: 'info', msg: 'migrations applied' }));
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
