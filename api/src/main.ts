// `npm run start -w api`: reads the environment, starts the API, drains on SIGTERM/SIGINT.
import { fileURLToPath } from 'node:url';
import { type Config, loadConfig } from './config.ts';
import { startServer } from './server.ts';
import { createLogger } from './shared/logger.ts';

const defaultPgliteDir = fileURLToPath(new URL('../.data/pglite', import.meta.url));

let config: Config;
try {
  config = loadConfig(process.env, { pgliteDir: defaultPgliteDir });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
try {
  const running = await startServer(config, { logger });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutdown requested');
      running.shutdown().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'the API could not start');
  process.exit(1);
}
