// `npm run db:migrate -w api`: what the operator's migration Job runs before each API rollout.
import { loadConfig } from '../config.ts';
import { migratePostgres } from './migrate.ts';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('db:migrate needs DATABASE_URL (the embedded database migrates itself on start)');
  process.exit(2);
}
try {
  await migratePostgres(config.databaseUrl);
  console.log(JSON.stringify({ level: 'info', msg: 'migrations applied' }));
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
