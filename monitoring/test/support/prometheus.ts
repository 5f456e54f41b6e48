// A real Prometheus and a real Alertmanager (Debian's `prometheus` and `prometheus-alertmanager`) on free
// loopback ports with throw-away storage, and a webhook receiver that records what Alertmanager delivers.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from '@dhakacart/e2e/processes';
import { freePort } from '@dhakacart/e2e/services';
import { stringify } from 'yaml';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One static scrape target with the labels the dashboards and rules select on. */
export interface ScrapeTarget {
  job: string;
  /** host:port */
  address: string;
  labels: Record<string, string>;
  /** Keep the target's own `namespace`/`shop` labels (the operator's per-shop series). */
  honorLabels?: boolean;
}

export interface Prometheus {
  url: string;
  /** An instant query; throws with Prometheus's error for a bad query. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** The alerts Prometheus holds now (pending and firing). */
  alerts(): Promise<Array<{ labels: Record<string, string>; state: string }>>;
  /** Targets and their health, for failure messages. */
  targets(): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

async function waitReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${what} did not become ready:\n${output()}`);
}

function run(binary: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/**
 * Starts Prometheus scraping `targets` (and `scrapeConfigs`) every second and evaluating `rules` (a rule file's YAML) every
 * second, sending alerts to `alertmanagerUrl` if given.
 */
export async function startPrometheus(options: {
  targets: ScrapeTarget[];
  /** Further scrape configs as Prometheus reads them (e.g. kubernetes_sd_configs jobs). */
  scrapeConfigs?: object[];
  /** The prometheus binary (default: Debian's, on PATH). */
  binary?: string;
  rules?: string;
  alertmanagerUrl?: string;
}): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-prometheus-'));
  const port = await freePort();
  if (options.rules) writeFileSync(join(dir, 'rules.yaml'), options.rules);
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    ...(options.rules ? { rule_files: [join(dir, 'rules.yaml')] } : {}),
    ...(options.alertmanagerUrl
      ? {
          alerting: {
            alertmanagers: [{ static_configs: [{ targets: [new URL(options.alertmanagerUrl).host] }] }],
          },
        }
      : {}),
    scrape_configs: [
      ...options.targets.map((t) => ({
        job_name: t.job,
        honor_labels: t.honorLabels ?? false,
        static_configs: [{ targets: [t.address], labels: t.labels }],
      })),
      ...(options.scrapeConfigs ?? []),
    ],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const { child, output } = run(options.binary ?? 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Send alert changes to Alertmanager at once rather than once a minute.
    '--rules.alert.resend-delay=1s',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`, child, output, 'prometheus');
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    query: async (expr) =>
      (
        await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    alerts: async () =>
      (await api<{ alerts: Array<{ labels: Record<string, string>; state: string }> }>('/api/v1/alerts'))
        .alerts,
    targets: async () => {
      const data = await api<{
        activeTargets: Array<{ scrapeUrl: string; health: string; lastError: string }>;
      }>('/api/v1/targets');
      return data.activeTargets.map((t) => `${t.scrapeUrl} ${t.health} ${t.lastError}`).join('\n');
    },
    output,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What Alertmanager POSTed to the webhook: its v4 webhook payload. */
export interface Notification {
  status: 'firing' | 'resolved';
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }>;
}

export interface Webhook {
  url: string;
  notifications: Notification[];
  stop(): Promise<void>;
}

/** An HTTP receiver for Alertmanager's webhook, keeping every notification. */
export async function startWebhook(): Promise<Webhook> {
  const notifications: Notification[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        notifications.push(JSON.parse(body) as Notification);
      } catch {
        // Not a notification; ignore it.
      }
      res.writeHead(200).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

export interface Alertmanager {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts Alertmanager routing every alert to `webhookUrl` at once, resolved ones included. */
export async function startAlertmanager(webhookUrl: string): Promise<Alertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-alertmanager-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    stringify({
      route: {
        receiver: 'test',
        group_by: ['alertname', 'namespace', 'shop'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'test', webhook_configs: [{ url: webhookUrl, send_resolved: true }] }],
    }),
  );
  const { child, output } = run('prometheus-alertmanager', [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // A single instance: no gossip port.
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`, child, output, 'alertmanager');
  return {
    url,
    output,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
