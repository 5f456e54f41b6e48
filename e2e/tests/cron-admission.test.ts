// Admission and the operator agree on cron schedules: for generated schedules, valid and not, the API server
// (the CRD's CEL rule, asked with a server-side dry run) admits exactly those the operator's parser accepts.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CronError, parseCron } from '../../operator/src/desired/backups/cron.ts';
import { createTestNamespace, type TestNamespace, testCluster } from '../src/harness.ts';
import { ensureCrd } from './operator-support.ts';

let ns: TestNamespace;

test.before(async () => {
  await ensureCrd();
  ns = await createTestNamespace('cron-adm');
});

test.after(async () => {
  await ns?.delete();
});

/** A small seeded generator (the same schedules every run, so a failure can be replayed). */
function generator(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  // Values from a little below to a little above each field's range, names of the right and wrong field,
  // leading zeros, steps that are zero or not numbers, reversed ranges.
  const MAX = [59, 23, 31, 12, 7];
  const value = (field: number) => {
    const r = random();
    if (field === 3 && r < 0.15) return pick(['JAN', 'mar', 'Dec', 'MON']);
    if (field === 4 && r < 0.15) return pick(['MON', 'fri', 'Sun', 'JAN']);
    const n = Math.floor(random() * ((MAX[field] as number) + 4)) - (random() < 0.1 ? 1 : 0);
    return r < 0.25 ? `0${n}` : String(n);
  };
  const part = (field: number) => {
    if (random() < 0.15)
      return `${pick(['*', '?'])}${random() < 0.4 ? `/${pick(['0', '2', '15', '07', 'x'])}` : ''}`;
    let text = value(field);
    if (random() < 0.3) text += `-${value(field)}`;
    if (random() < 0.2) text += `/${pick(['0', '1', '5', '15', '07', 'x', ''])}`;
    return text;
  };
  const fieldText = (field: number) =>
    Array.from({ length: random() < 0.2 ? 2 : 1 }, () => part(field)).join(',');
  return (): string => {
    if (random() < 0.04) return pick(['@daily', '@HOURLY', '@weekly', '@often', '* * * *', '0 0 * * * *']);
    return [0, 1, 2, 3, 4].map(fieldText).join(' ');
  };
}

function parserAccepts(schedule: string): boolean {
  try {
    parseCron(schedule);
    return true;
  } catch (error) {
    if (error instanceof CronError) return false;
    throw error;
  }
}

test('the API server admits exactly the schedules the operator can parse', async () => {
  const { kc } = await testCluster();
  const api = kc.makeApiClient(CustomObjectsApi);
  const admits = async (schedule: string, i: number) => {
    try {
      await api.createNamespacedCustomObject({
        group: 'dhakacart.io',
        version: 'v1alpha1',
        namespace: ns.name,
        plural: 'dhakacarts',
        dryRun: 'All',
        body: {
          apiVersion: 'dhakacart.io/v1alpha1',
          kind: 'DhakaCart',
          metadata: { name: `cron-${i}`, namespace: ns.name },
          spec: { version: '1.4.0', database: { backup: { snapshots: { schedule } } } },
        },
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 422) return false;
      throw error;
    }
  };
  const next = generator(20261201);
  const schedules = [
    '61 25 * * *',
    '0 */6 * * *',
    '15 2 * * MON-FRI',
    '0 0 31 2-1 *',
    ...Array.from({ length: 300 }, next),
  ];
  const disagreements: string[] = [];
  let accepted = 0;
  for (const [i, schedule] of schedules.entries()) {
    const parser = parserAccepts(schedule);
    if (parser) accepted++;
    const admission = await admits(schedule, i);
    if (admission !== parser) disagreements.push(`"${schedule}": admission ${admission}, parser ${parser}`);
  }
  assert.equal(disagreements, []);
  // The generator is worth something only if it produces both kinds.
  assert.ok(accepted > 20 && accepted < schedules.length - 20, `${accepted} of ${schedules.length} valid`);
  assert.is(parserAccepts('61 25 * * *'), false);
});

test.run();
