import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout, one object a line, in the shape every DhakaCart process writes: `time` (ISO 8601, UTC),
 * `level` (a name: debug, info, warn, error, fatal), `msg`, `service`, `shop` (from $SHOP_NAME, when the pod
 * has it), and for a request `request_id`, `trace_id` and `span_id`. Secrets in connection strings and
 * headers, and a shopper's phone number and address, are redacted wherever they appear.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dhakacart-api', ...(process.env.SHOP_NAME ? { shop: process.env.SHOP_NAME } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: [
        'req.headers.authorization',
        'headers.authorization',
        'config.databaseUrl',
        'config.redisUrl',
        'config.adminToken',
        'customer',
        '*.customer',
        '*.phone',
        '*.address',
      ],
    },
    destination,
  );
}
