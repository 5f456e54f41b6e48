// What the chart ships and the README shows is what the code generates: the dashboards' JSON, the rule
// file and the README tables are up to date (run `npm run monitoring:generate` after a change), the JSON is
// what Grafana's schema accepts (the Go SDK's strict decoder), every panel says what it shows, in which
// unit and with which thresholds, and every alert links a runbook that exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dashboards } from './dashboards/index.ts';
import {
  chartDir,
  dashboardFile,
  dashboardJson,
  readmeFile,
  repoRoot,
  rulesFile,
  rulesYaml,
  withSection,
} from './generate.ts';
import { type AlertRule, buildRules, RUNBOOK_BASE_URL } from './rules.ts';

const hint = 'run `npm run monitoring:generate` and commit the result';

test('each committed dashboard equals the generated one, and there is no other', () => {
  for (const spec of dashboards) {
    const file = dashboardFile(spec.uid);
    assert.ok(existsSync(file), `${file} is missing: ${hint}`);
    assert.ok(readFileSync(file, 'utf8') === dashboardJson(spec), `${file} is out of date: ${hint}`);
  }
  const committed = readdirSync(join(chartDir, 'dashboards')).sort();
  assert.equal(committed, dashboards.map((d) => `${d.uid}.json`).sort(), 'no stale dashboard files');
});

test('the committed rule file equals the generated one', () => {
  assert.ok(
    readFileSync(rulesFile, 'utf8') === rulesYaml(buildRules()),
    `${rulesFile} is out of date: ${hint}`,
  );
});

test("the README's panel and alert tables equal the generated ones", () => {
  const readme = readFileSync(readmeFile, 'utf8');
  assert.ok(readme === withSection(readme), `the tables in ${readmeFile} are out of date: ${hint}`);
  for (const spec of dashboards)
    for (const panel of spec.panels) assert.ok(readme.includes(`| ${panel.title} |`), panel.title);
});

test("the dashboards pass the foundation SDK's strict decoding and validation (its Go module)", () => {
  // tools/dashboard-check: built once per machine from the Go module proxy into ~/.cache/dhakacart.
  const build = spawnSync('bash', [join(repoRoot, 'monitoring', 'tools', 'dashboard-check', 'build.sh')], {
    encoding: 'utf8',
  });
  assert.is(build.status, 0, `building dashboard-check failed:\n${build.stderr}`);
  const files = dashboards.map((d) => dashboardFile(d.uid));
  const check = spawnSync(build.stdout.trim(), files, { encoding: 'utf8' });
  assert.is(check.status, 0, check.stdout + check.stderr);
  assert.is(
    check.stdout
      .trim()
      .split('\n')
      .filter((line) => line.endsWith(': ok')).length,
    files.length,
  );
});

test('every dashboard has the data source, namespace and shop variables', () => {
  for (const spec of dashboards) {
    const json = JSON.parse(dashboardJson(spec));
    const names = json.templating.list.map((v: { name: string }) => v.name);
    assert.equal(names, ['datasource', 'namespace', 'shop'], spec.uid);
  }
});

test('every panel has a title, a description, a unit, thresholds and queries on the chosen data source', () => {
  for (const spec of dashboards) {
    const json = JSON.parse(dashboardJson(spec));
    assert.ok(json.panels.length > 0, spec.uid);
    for (const panel of json.panels) {
      const where = `${spec.uid} / ${panel.title}`;
      assert.ok(panel.title, `${spec.uid}: a panel without a title`);
      assert.ok(panel.description?.length > 20, `${where}: no description`);
      assert.ok(panel.fieldConfig.defaults.unit, `${where}: no unit`);
      assert.ok(panel.fieldConfig.defaults.thresholds.steps.length > 0, `${where}: no thresholds`);
      assert.ok(panel.targets.length > 0, `${where}: no query`);
      for (const target of panel.targets) {
        assert.is(
          target.datasource.uid,
          '$' + '{datasource}',
          `${where}: query not on the data source variable`,
        );
        assert.ok(target.expr.trim(), `${where}: empty query`);
      }
    }
  }
});

test('panel titles are unique within a dashboard (the end-to-end test names panels by title)', () => {
  for (const spec of dashboards) {
    const titles = spec.panels.map((p) => p.title);
    assert.equal([...new Set(titles)], titles, spec.uid);
  }
});

test('every alert has a severity, a summary, a description and a runbook that exists in docs/runbooks/', () => {
  const alerts = buildRules().groups.flatMap((g) => g.rules.filter((r): r is AlertRule => 'alert' in r));
  assert.ok(alerts.length >= 15);
  for (const rule of alerts) {
    assert.ok(['page', 'ticket'].includes(rule.labels.severity), `${rule.alert}: severity`);
    assert.ok(rule.annotations.summary.length > 10, `${rule.alert}: summary`);
    assert.ok(rule.annotations.description.length > 30, `${rule.alert}: description`);
    assert.ok(rule.annotations.runbook_url.startsWith(`${RUNBOOK_BASE_URL}/`), `${rule.alert}: runbook_url`);
    const file = join(
      repoRoot,
      'docs',
      'runbooks',
      rule.annotations.runbook_url.slice(RUNBOOK_BASE_URL.length + 1),
    );
    assert.ok(existsSync(file), `${rule.alert}: ${file} does not exist`);
    assert.match(readFileSync(file, 'utf8'), rule.alert, `${file} is about ${rule.alert}`);
  }
});

test('the scaled rules keep every expression but the windows and waits', () => {
  const shipped = buildRules().groups.flatMap((g) => g.rules);
  const scaled = buildRules({ scale: 1 / 60, interval: '1s' }).groups.flatMap((g) => g.rules);
  assert.is(scaled.length, shipped.length);
  const shape = (expr: string) => expr.replace(/\[\w+\]|_rate\w+/g, '[w]');
  for (const [i, rule] of shipped.entries()) assert.is(shape(scaled[i]?.expr ?? ''), shape(rule.expr));
  const alert = scaled.find(
    (r): r is AlertRule => 'alert' in r && r.alert === 'DhakaCartCheckoutAvailabilityBudgetBurn',
  );
  assert.match(alert?.expr ?? '', 'ratio_rate60s');
  assert.match(alert?.expr ?? '', 'ratio_rate5s');
  assert.is(alert?.for, '2s');
});

test.run();
