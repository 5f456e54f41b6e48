// Just enough of the Prometheus text exposition format (version 0.0.4) for the storefront server's few
// metrics, so the server keeps using only Node's built-in modules (its image ships no node_modules):
// counters, gauges and histograms with labels, plus the standard process metrics.

type Labels = Record<string, string>;

const escapeLabelValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

const number = (value: number) =>
  value === Number.POSITIVE_INFINITY ? '+Inf' : value === Number.NEGATIVE_INFINITY ? '-Inf' : String(value);

interface Metric {
  name: string;
  /** The exposition lines of this metric, HELP and TYPE included. */
  lines(): string[];
}

/** A set of metrics served together on /metrics. */
export class MetricsRegistry {
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  readonly #metrics: Metric[] = [];

  register<T extends Metric>(metric: T): T {
    this.#metrics.push(metric);
    return metric;
  }

  /** The exposition text of every registered metric. */
  metrics(): string {
    return `${this.#metrics.flatMap((m) => m.lines()).join('\n')}\n`;
  }
}

/** Series keyed by their label values, in first-seen order. */
class Series<T> {
  readonly #byKey = new Map<string, { labels: Labels; value: T }>();
  readonly #init: () => T;
  constructor(init: () => T) {
    this.#init = init;
  }

  get(labels: Labels): { labels: Labels; value: T } {
    const key = JSON.stringify(labels);
    let entry = this.#byKey.get(key);
    if (!entry) {
      entry = { labels, value: this.#init() };
      this.#byKey.set(key, entry);
    }
    return entry;
  }

  all() {
    return this.#byKey.values();
  }
}

export class Counter implements Metric {
  readonly name: string;
  readonly help: string;
  readonly #series = new Series(() => 0);
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  /** Adds `by` (≥ 0, default 1); `by = 0` makes the series exist before its first event. */
  inc(labels: Labels = {}, by = 1): void {
    this.#series.get(labels).value += by;
  }

  lines(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.#series.all())
      out.push(`${this.name}${labelText(labels)} ${number(value)}`);
    return out;
  }
}

export class Gauge implements Metric {
  readonly name: string;
  readonly help: string;
  readonly #series = new Series(() => 0);
  readonly #read: (() => number) | undefined;
  /** `read`, when given, is called at scrape time for the (unlabelled) value. */
  constructor(name: string, help: string, read?: () => number) {
    this.name = name;
    this.help = help;
    this.#read = read;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.#series.get(labels).value += by;
  }

  dec(labels: Labels = {}, by = 1): void {
    this.#series.get(labels).value -= by;
  }

  lines(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    if (this.#read) out.push(`${this.name} ${number(this.#read())}`);
    else {
      if ([...this.#series.all()].length === 0) this.#series.get({});
      for (const { labels, value } of this.#series.all())
        out.push(`${this.name}${labelText(labels)} ${number(value)}`);
    }
    return out;
  }
}

export class Histogram implements Metric {
  readonly name: string;
  readonly help: string;
  /** Upper bounds of the buckets, ascending (seconds for a duration). */
  readonly buckets: number[];
  readonly #series: Series<{ counts: number[]; sum: number; count: number }>;
  constructor(name: string, help: string, buckets: number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.#series = new Series(() => ({ counts: buckets.map(() => 0), sum: 0, count: 0 }));
  }

  observe(labels: Labels, value: number): void {
    const entry = this.#series.get(labels).value;
    for (const [i, bound] of this.buckets.entries())
      if (value <= bound) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
    entry.sum += value;
    entry.count++;
  }

  lines(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, value } of this.#series.all()) {
      for (const [i, bound] of this.buckets.entries())
        out.push(`${this.name}_bucket${labelText(labels, ['le', number(bound)])} ${value.counts[i]}`);
      out.push(`${this.name}_bucket${labelText(labels, ['le', '+Inf'])} ${value.count}`);
      out.push(`${this.name}_sum${labelText(labels)} ${number(value.sum)}`);
      out.push(`${this.name}_count${labelText(labels)} ${value.count}`);
    }
    return out;
  }
}

/** The standard process metrics (names as every Prometheus client library exports them). */
export function registerProcessMetrics(registry: MetricsRegistry): void {
  const startTime = Math.round(Date.now() / 1000 - process.uptime());
  registry.register(
    new Gauge(
      'process_start_time_seconds',
      'Start time of the process since unix epoch in seconds.',
      () => startTime,
    ),
  );
  registry.register(
    new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () =>
      process.memoryUsage.rss(),
    ),
  );
  registry.register(
    new Gauge(
      'nodejs_heap_size_used_bytes',
      'Process heap size used from Node.js in bytes.',
      () => process.memoryUsage().heapUsed,
    ),
  );
  registry.register({
    name: 'process_cpu_seconds_total',
    lines: () => {
      const usage = process.cpuUsage();
      return [
        '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
        '# TYPE process_cpu_seconds_total counter',
        `process_cpu_seconds_total ${(usage.user + usage.system) / 1e6}`,
      ];
    },
  });
}
