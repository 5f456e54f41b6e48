// The operator: is one replica leading, do reconciles succeed and keep up, is the API server responsive,
// and what state are the shops in.
import { type DashboardSpec, SHOP, upperBounds } from './panel.ts';

const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;

export const operator: DashboardSpec = {
  uid: 'dhakacart-operator',
  title: 'DhakaCart / Operator',
  description:
    "The DhakaCart operator: leadership, reconciles, the work queue, Kubernetes API calls and the shops' conditions.",
  panels: [
    {
      title: 'Replicas leading',
      description:
        'Operator replicas holding the leader Lease. 1 is right; 0 means nothing reconciles (a page after 5 minutes).',
      kind: 'stat',
      unit: 'short',
      width: 6,
      thresholds: [
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
        { value: 2, color: 'red' },
      ],
      queries: [{ expr: 'sum(dhakacart_operator_leader)', legend: 'leading' }],
    },
    {
      title: 'Work queue depth',
      description:
        'Shops waiting for a reconcile. It should drain to 0 between events; a standing queue means reconciles cannot keep up.',
      kind: 'stat',
      unit: 'short',
      width: 6,
      thresholds: upperBounds(10, 100),
      queries: [{ expr: 'max(dhakacart_operator_workqueue_depth)', legend: 'depth' }],
    },
    {
      title: 'Reconciles per second by result',
      description:
        'Reconciles finished per second: success, requeue (waiting on something, polled again), error (retried with backoff).',
      kind: 'timeseries',
      unit: 'ops',
      min: 0,
      queries: [
        { expr: `sum by (result) (${rate('dhakacart_operator_reconciles_total')})`, legend: '{{result}}' },
      ],
    },
    {
      title: 'Reconcile errors per minute',
      description:
        'Reconciles that failed. The operator log names the shop and the reason; a steady rate opens a ticket.',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      thresholds: upperBounds(0.1, 1),
      queries: [
        {
          expr: `sum(${rate('dhakacart_operator_reconciles_total{result="error"}')}) * 60`,
          legend: 'errors',
        },
      ],
    },
    {
      title: 'Reconcile duration p95',
      description: '95th percentile of the time one reconcile of a shop takes.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(1, 5),
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (le) (${rate('dhakacart_operator_reconcile_duration_seconds_bucket')}))`,
          legend: 'p95',
        },
      ],
    },
    {
      title: 'Work queue latency p95',
      description:
        '95th percentile of how long a shop waited in the queue before its reconcile started: how far behind events the operator runs.',
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(1, 10),
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (le) (${rate('dhakacart_operator_workqueue_queue_duration_seconds_bucket')}))`,
          legend: 'p95',
        },
      ],
    },
    {
      title: 'Kubernetes API latency p95 by verb',
      description:
        "95th percentile of the reconcilers' requests to the API server, by verb (get, create, apply, delete, status, event).",
      kind: 'timeseries',
      unit: 's',
      min: 0,
      thresholds: upperBounds(0.25, 1),
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (verb, le) (${rate('dhakacart_operator_kube_api_request_duration_seconds_bucket')}))`,
          legend: '{{verb}}',
        },
      ],
    },
    {
      title: 'Kubernetes API calls per second by verb and code',
      description:
        'Requests to the API server by verb and HTTP status. 409/422 are conflicts or invalid objects; 403 a missing RBAC rule; "error" no answer.',
      kind: 'timeseries',
      unit: 'reqps',
      min: 0,
      queries: [
        {
          expr: `sum by (verb, code) (${rate('dhakacart_operator_kube_api_request_duration_seconds_count')})`,
          legend: '{{verb}} {{code}}',
        },
      ],
    },
    {
      title: 'Writes per second by kind',
      description:
        'Objects the operator wrote per second, by kind. Zero at rest: a no-op resync writes nothing.',
      kind: 'timeseries',
      unit: 'wps',
      min: 0,
      queries: [
        { expr: `sum by (kind) (${rate('dhakacart_operator_api_writes_total')})`, legend: '{{kind}}' },
      ],
    },
    {
      title: 'Shops by condition',
      description: 'Shops in the selected namespace by condition and status (Ready, Progressing, Degraded).',
      kind: 'timeseries',
      unit: 'short',
      min: 0,
      queries: [
        {
          expr: 'count by (type, status) (dhakacart_shop_condition{namespace="$namespace", type=~"Ready|Progressing|Degraded"})',
          legend: '{{type}}={{status}}',
        },
      ],
    },
    {
      title: 'Conditions of the selected shop',
      description: 'Every condition of the selected shop with its reason (1 = the shop has it now).',
      kind: 'timeseries',
      unit: 'short',
      queries: [
        {
          expr: `max by (type, status, reason) (dhakacart_shop_condition{${SHOP}})`,
          legend: '{{type}}={{status}} {{reason}}',
        },
      ],
    },
    {
      title: 'Operator memory',
      description:
        'Resident memory of each operator replica. The budget for 500 shops is 200 MB; the chart limits the pod at 256 MiB.',
      kind: 'timeseries',
      unit: 'bytes',
      min: 0,
      thresholds: upperBounds(150e6, 200e6),
      queries: [{ expr: 'dhakacart_operator_process_resident_memory_bytes', legend: '{{instance}}' }],
    },
  ],
};
