import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON logs on stdout; secrets in connection strings and headers are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'dhakacart-api' },
    redact: ['req.headers.authorization', 'config.databaseUrl', 'config.redisUrl', 'config.adminToken'],
  });
}
