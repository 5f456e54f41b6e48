// JSON logs, one object a line on stdout, in the shape every DhakaCart process writes: `time` (ISO 8601,
// UTC), `level` (debug, info, warn, error), `service`, `msg` and the caller's fields (a reconcile's `shop`
// is its `namespace/name` key). `msg` comes before the fields, as tests and log readers expect.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

/** A logger from `minimum` up ($LOG_LEVEL, default info), writing to `write` (stdout by default). */
export function createLogger(
  minimum: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const floor = ORDER[minimum] ?? 30;
  return (level, msg, fields = {}) => {
    if (ORDER[level] < floor) return;
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service: 'dhakacart-operator', msg, ...fields })}\n`,
    );
  };
}
