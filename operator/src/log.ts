// JSON logs, one object per line on stdout, in the shape pino writes (level, time, msg, fields).
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

export function createLogger(
  minimum: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
): Logger {
  const floor = ORDER[minimum] ?? 30;
  return (level, msg, fields = {}) => {
    if (ORDER[level] < floor) return;
    process.stdout.write(
      `${JSON.stringify({ level: ORDER[level], time: Date.now(), name: 'dhakacart-operator', msg, ...fields })}\n`,
    );
  };
}
