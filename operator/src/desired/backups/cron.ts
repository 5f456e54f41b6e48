// Five-field cron schedules (minute hour day-of-month month day-of-week), evaluated in UTC. The operator
// decides itself when a snapshot or a restore drill is due, so it needs "the next run after t" and "the last
// run at or before t" rather than a CronJob.
//
// Supported: numbers, `*`, ranges `a-b`, steps `*/n` and `a-b/n`, lists, month and weekday names (JAN, MON),
// `?` as `*`, 7 as Sunday, and the macros @yearly @annually @monthly @weekly @daily @hourly. As in Vixie
// cron, when both day-of-month and day-of-week are restricted a day matches if either does.

export interface CronSchedule {
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Day-of-month was `*` (or `?`): then only day-of-week decides, and vice versa. */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}
const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

/** A schedule the operator cannot evaluate; the message names the problem for `kubectl describe`. */
export class CronError extends Error {}

function parseValue(text: string, field: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (field.namesFrom ?? 0);
  if (!/^\d+$/.test(text)) throw new CronError(`"${text}" is not a valid ${field.name}`);
  const value = Number(text);
  if (value < field.min || value > field.max)
    throw new CronError(`${field.name} ${value} is outside ${field.min}-${field.max}`);
  return value;
}

function parseField(text: string, field: FieldSpec): { values: Set<number>; any: boolean } {
  const values = new Set<number>();
  const any = text === '*' || text === '?';
  for (const part of text.split(',')) {
    const pieces = part.split('/');
    const [range = '', stepText] = pieces;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : Number.NaN;
    if (pieces.length > 2 || !Number.isInteger(step) || step < 1)
      throw new CronError(`"${part}" has an invalid step in ${field.name}`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = field.min;
      to = field.max;
    } else if (range.includes('-')) {
      const ends = range.split('-');
      if (ends.length > 2) throw new CronError(`"${range}" is not a valid range in ${field.name}`);
      const [a = '', b = ''] = ends;
      from = parseValue(a, field);
      to = parseValue(b, field);
      if (from > to) throw new CronError(`"${range}" is an empty range in ${field.name}`);
    } else {
      from = parseValue(range, field);
      // `5/15` means "from 5, every 15" as in most crons.
      to = stepText === undefined ? from : field.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  if (values.size === 0) throw new CronError(`${field.name} "${text}" matches nothing`);
  return { values, any };
}

/** Parses a schedule; throws CronError with a message naming the field at fault. */
export function parseCron(source: string): CronSchedule {
  const trimmed = source.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new CronError(`"${source}" must have five fields: minute hour day-of-month month day-of-week`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i] as FieldSpec)) as [
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
  ];
  const daysOfWeek = new Set([...dow.values].map((d) => d % 7));
  return {
    source,
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dom.values,
    months: month.values,
    daysOfWeek,
    anyDayOfMonth: dom.any,
    anyDayOfWeek: dow.any,
  };
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const dom = s.daysOfMonth.has(t.getUTCDate());
  const dow = s.daysOfWeek.has(t.getUTCDay());
  if (s.anyDayOfMonth && s.anyDayOfWeek) return true;
  if (s.anyDayOfMonth) return dow;
  if (s.anyDayOfWeek) return dom;
  return dom || dow;
}

/** True when the schedule fires at minute `t` (seconds ignored). */
export function matches(s: CronSchedule, t: Date): boolean {
  return (
    s.months.has(t.getUTCMonth() + 1) &&
    dayMatches(s, t) &&
    s.hours.has(t.getUTCHours()) &&
    s.minutes.has(t.getUTCMinutes())
  );
}

const MINUTE = 60_000;
/** Far enough for any satisfiable schedule (Feb 29 on a given weekday repeats within 28 years). */
const SEARCH_LIMIT_MS = 30 * 366 * 24 * 60 * MINUTE;

/** The first time strictly after `after` at which the schedule fires; undefined if it never does. */
export function nextRun(s: CronSchedule, after: Date): Date | undefined {
  const t = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
  const limit = after.getTime() + SEARCH_LIMIT_MS;
  while (t.getTime() <= limit) {
    if (!s.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!s.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!s.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else {
      return t;
    }
  }
  return undefined;
}

/** The last time at or before `atOrBefore` at which the schedule fired; undefined if none in the search window. */
export function previousRun(s: CronSchedule, atOrBefore: Date): Date | undefined {
  const t = new Date(Math.floor(atOrBefore.getTime() / MINUTE) * MINUTE);
  const limit = atOrBefore.getTime() - SEARCH_LIMIT_MS;
  while (t.getTime() >= limit) {
    if (!s.months.has(t.getUTCMonth() + 1)) {
      // Last minute of the previous month.
      t.setUTCDate(1);
      t.setUTCHours(0, 0, 0, 0);
      t.setTime(t.getTime() - MINUTE);
    } else if (!dayMatches(s, t)) {
      t.setUTCHours(0, 0, 0, 0);
      t.setTime(t.getTime() - MINUTE);
    } else if (!s.hours.has(t.getUTCHours())) {
      t.setUTCMinutes(0, 0, 0);
      t.setTime(t.getTime() - MINUTE);
    } else if (!s.minutes.has(t.getUTCMinutes())) {
      t.setTime(t.getTime() - MINUTE);
    } else {
      return t;
    }
  }
  return undefined;
}
