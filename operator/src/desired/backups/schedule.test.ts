// The snapshot schedule as a platform engineer relies on it: cron times in UTC, one catch-up at most after
// downtime, nothing while suspended or while a snapshot runs, and pruning that keeps exactly `keep`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronError, matches, nextRun, parseCron, previousRun } from './cron.ts';
import {
  newestSnapshot,
  type RunRecord,
  replacedBy,
  scheduleDecision,
  snapshotsToPrune,
} from './schedule.ts';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();
const next = (expr: string, after: string) => iso(nextRun(parseCron(expr), at(after)));
const prev = (expr: string, atOrBefore: string) => iso(previousRun(parseCron(expr), at(atOrBefore)));

test('cron: every six hours, from the design sample', () => {
  assert.is(next('0 */6 * * *', '2026-11-24T20:41:13Z'), '2026-11-25T00:00:00.000Z');
  assert.is(next('0 */6 * * *', '2026-11-25T00:00:00Z'), '2026-11-25T06:00:00.000Z');
  assert.is(prev('0 */6 * * *', '2026-11-24T20:41:13Z'), '2026-11-24T18:00:00.000Z');
  assert.is(prev('0 */6 * * *', '2026-11-24T18:00:00Z'), '2026-11-24T18:00:00.000Z', 'inclusive');
});

test('cron: every minute is strictly after, at whole minutes', () => {
  assert.is(next('* * * * *', '2026-11-24T20:41:13.500Z'), '2026-11-24T20:42:00.000Z');
  assert.is(next('* * * * *', '2026-11-24T20:42:00Z'), '2026-11-24T20:43:00.000Z');
  assert.is(prev('* * * * *', '2026-11-24T20:41:59.999Z'), '2026-11-24T20:41:00.000Z');
});

test('cron: ranges, lists, steps and names', () => {
  assert.is(next('15,45 9-17 * * MON-FRI', '2026-11-27T17:50:00Z'), '2026-11-30T09:15:00.000Z', 'Fri → Mon');
  assert.is(next('30 2 * JAN,JUL *', '2026-11-24T00:00:00Z'), '2027-01-01T02:30:00.000Z');
  assert.is(next('5/20 * * * *', '2026-11-24T10:06:00Z'), '2026-11-24T10:25:00.000Z');
  assert.is(next('0 0 * * 7', '2026-11-24T00:00:00Z'), '2026-11-29T00:00:00.000Z', '7 is Sunday');
  assert.is(next('@daily', '2026-11-24T00:00:00Z'), '2026-11-25T00:00:00.000Z');
  assert.is(next('@hourly', '2026-11-24T10:59:59Z'), '2026-11-24T11:00:00.000Z');
});

test('cron: month ends, leap days and year ends', () => {
  assert.is(next('0 0 31 * *', '2026-11-01T00:00:00Z'), '2026-12-31T00:00:00.000Z', 'skips 30-day November');
  assert.is(next('0 12 29 2 *', '2026-01-01T00:00:00Z'), '2028-02-29T12:00:00.000Z');
  assert.is(prev('0 12 29 2 *', '2027-06-01T00:00:00Z'), '2024-02-29T12:00:00.000Z');
  assert.is(next('59 23 31 12 *', '2026-12-31T23:59:00Z'), '2027-12-31T23:59:00.000Z');
  assert.is(prev('0 0 1 1 *', '2026-01-01T00:00:30Z'), '2026-01-01T00:00:00.000Z');
  assert.is(prev('0 0 1 * *', '2026-03-15T10:00:00Z'), '2026-03-01T00:00:00.000Z');
});

test('cron: day-of-month and day-of-week both restricted match either (as in Vixie cron)', () => {
  const s = parseCron('0 0 13 * FRI');
  assert.ok(matches(s, at('2026-11-13T00:00:00Z')), 'the 13th (a Friday)');
  assert.ok(matches(s, at('2026-11-20T00:00:00Z')), 'a Friday');
  assert.ok(matches(s, at('2026-12-13T00:00:00Z')), 'the 13th (a Sunday)');
  assert.not.ok(matches(s, at('2026-11-21T00:00:00Z')));
});

test('cron: a schedule that can never fire has no next run', () => {
  assert.is(next('0 0 30 2 *', '2026-01-01T00:00:00Z'), undefined);
  assert.is(prev('0 0 31 4 *', '2026-06-01T00:00:00Z'), undefined);
});

test('cron: malformed schedules are refused with the field named', () => {
  for (const [expr, words] of [
    ['0 */6 * *', 'five fields'],
    ['60 * * * *', 'minute 60'],
    ['0 24 * * *', 'hour 24'],
    ['0 0 0 * *', 'day-of-month 0'],
    ['0 0 * 13 *', 'month 13'],
    ['0 0 * * 8', 'day-of-week 8'],
    ['*/0 * * * *', 'step'],
    ['5-1 * * * *', 'empty range'],
    ['0 0 L * *', 'day-of-month'],
    ['61 25 * * *', 'minute 61'],
    ['*/1e2 * * * *', 'step'],
    ['1-2-3 * * * *', 'range'],
    ['*/5/2 * * * *', 'step'],
  ] as const) {
    assert.throws(
      () => parseCron(expr),
      (e: unknown) => e instanceof CronError && e.message.includes(words),
      expr,
    );
  }
});

const everyMinute = parseCron('* * * * *');
const sixHourly = parseCron('0 */6 * * *');

test('schedule: nothing is due before the first scheduled time after the shop was created', () => {
  const d = scheduleDecision({
    schedule: sixHourly,
    suspend: false,
    lastScheduled: undefined,
    since: at('2026-11-24T19:00:00Z'),
    now: at('2026-11-24T20:00:00Z'),
    running: false,
  });
  assert.is(d.due, undefined);
  assert.is(iso(d.next), '2026-11-25T00:00:00.000Z');
});

test('schedule: the scheduled time has come ⇒ one run, named by its scheduled time', () => {
  const d = scheduleDecision({
    schedule: sixHourly,
    suspend: false,
    lastScheduled: at('2026-11-24T18:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-25T00:00:07Z'),
    running: false,
  });
  assert.is(iso(d.due), '2026-11-25T00:00:00.000Z');
  assert.is(d.skipped, 0);
  assert.is(iso(d.next), '2026-11-25T06:00:00.000Z');
});

test('schedule: after the started run is recorded, the same time is never due again (no duplicates)', () => {
  const d = scheduleDecision({
    schedule: sixHourly,
    suspend: false,
    lastScheduled: at('2026-11-25T00:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-25T05:59:59Z'),
    running: false,
  });
  assert.is(d.due, undefined);
});

test('schedule: after downtime only the latest missed run happens, once (no burst)', () => {
  // The operator was away for two days of a six-hourly schedule: 8 runs were missed.
  const first = scheduleDecision({
    schedule: sixHourly,
    suspend: false,
    lastScheduled: at('2026-11-22T18:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T20:41:00Z'),
    running: false,
  });
  assert.is(iso(first.due), '2026-11-24T18:00:00.000Z');
  assert.is(first.skipped, 7, 'the 7 older missed times are folded into the one catch-up');
  const again = scheduleDecision({
    schedule: sixHourly,
    suspend: false,
    lastScheduled: first.due,
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T20:42:00Z'),
    running: false,
  });
  assert.is(again.due, undefined, 'the catch-up is not followed by another');
});

test('schedule: a week of missed every-minute runs still makes one run', () => {
  const d = scheduleDecision({
    schedule: everyMinute,
    suspend: false,
    lastScheduled: at('2026-11-17T00:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T00:00:30Z'),
    running: false,
  });
  assert.is(iso(d.due), '2026-11-24T00:00:00.000Z');
  assert.ok(d.skipped >= 1000, 'counting stops, the decision does not');
});

test('schedule: nothing starts while a run is in progress; the missed time is caught up when it ends', () => {
  const base = {
    schedule: everyMinute,
    suspend: false,
    lastScheduled: at('2026-11-24T20:40:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T20:41:30Z'),
  };
  assert.is(scheduleDecision({ ...base, running: true }).due, undefined);
  assert.is(iso(scheduleDecision({ ...base, running: false }).due), '2026-11-24T20:41:00.000Z');
});

test('schedule: suspend stops runs and shows no next time; resuming does not replay the suspended period', () => {
  const suspended = scheduleDecision({
    schedule: everyMinute,
    suspend: true,
    lastScheduled: at('2026-11-24T20:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T21:00:00Z'),
    running: false,
  });
  assert.equal(suspended, { due: undefined, skipped: 0, next: undefined });
  const resumed = scheduleDecision({
    schedule: everyMinute,
    suspend: false,
    lastScheduled: at('2026-11-24T20:00:00Z'),
    since: at('2026-11-01T00:00:00Z'),
    now: at('2026-11-24T21:00:10Z'),
    running: false,
  });
  assert.is(iso(resumed.due), '2026-11-24T21:00:00.000Z', 'one run at resume, not sixty');
});

const rec = (name: string, time: string, phase: RunRecord['phase'] = 'Succeeded'): RunRecord => ({
  name,
  time: at(time),
  phase,
});

test('prune: keeps the newest `keep` successful snapshots', () => {
  const records = [
    rec('s1', '2026-11-24T20:01:00Z'),
    rec('s3', '2026-11-24T20:03:00Z'),
    rec('s2', '2026-11-24T20:02:00Z'),
    rec('s4', '2026-11-24T20:04:00Z'),
  ];
  assert.equal(snapshotsToPrune(records, 2).sort(), ['s1', 's2']);
  assert.equal(snapshotsToPrune(records, 4), []);
  assert.equal(snapshotsToPrune(records, 10), []);
});

test('prune: a snapshot in use by a restore or drill is kept', () => {
  const records = [
    rec('s1', '2026-11-24T20:01:00Z'),
    rec('s2', '2026-11-24T20:02:00Z'),
    rec('s3', '2026-11-24T20:03:00Z'),
  ];
  assert.equal(snapshotsToPrune(records, 1, new Set(['s1'])), ['s2']);
});

test('prune: failed attempts hold no data; only the newest is kept, and only while no later success exists', () => {
  const records = [
    rec('s1', '2026-11-24T20:01:00Z'),
    rec('f2', '2026-11-24T20:02:00Z', 'Failed'),
    rec('f3', '2026-11-24T20:03:00Z', 'Failed'),
    rec('r4', '2026-11-24T20:04:00Z', 'Running'),
  ];
  assert.equal(snapshotsToPrune(records, 5), ['f2'], 'f3 explains the last failure; running r4 is untouched');
  const recovered = [...records, rec('s5', '2026-11-24T20:05:00Z')];
  assert.equal(snapshotsToPrune(recovered, 5).sort(), ['f2', 'f3']);
});

test('prune: a new snapshot replaces exactly the ones beyond keep - 1, so keep remain after it succeeds', () => {
  const records = [
    rec('s1', '2026-11-24T20:01:00Z'),
    rec('s2', '2026-11-24T20:02:00Z'),
    rec('s3', '2026-11-24T20:03:00Z'),
  ];
  assert.equal(replacedBy(records, 2).sort(), ['s1', 's2']);
  assert.equal(replacedBy(records, 3), ['s1']);
  assert.equal(replacedBy(records, 4), []);
  assert.equal(replacedBy(records, 1).length, 3);
});

test('the newest successful snapshot is what a drill restores', () => {
  const records = [
    rec('s1', '2026-11-24T20:01:00Z'),
    rec('s2', '2026-11-24T20:02:00Z'),
    rec('f3', '2026-11-24T20:03:00Z', 'Failed'),
  ];
  assert.is(newestSnapshot(records)?.name, 's2');
  assert.is(newestSnapshot([]), undefined);
});

test.run();
