import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The operator's Prometheus metrics, in a registry of their own. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'inopsio_operator_' });
  const metric = { registers: [registry] };
  return {
    registry,
    reconciles: new Counter({
      name: 'inopsio_operator_reconciles_total',
      help: 'Tenant reconciles, by result (ready, progressing, error).',
      labelNames: ['result'] as const,
      ...metric,
    }),
    errors: new Counter({
      name: 'inopsio_operator_reconcile_errors_total',
      help: 'Failed reconcile steps, by step.',
      labelNames: ['step'] as const,
      ...metric,
    }),
    stepDuration: new Histogram({
      name: 'inopsio_operator_step_duration_seconds',
      help: 'Time spent in each reconcile step.',
      labelNames: ['step'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      ...metric,
    }),
    queueDepth: new Gauge({
      name: 'inopsio_operator_queue_depth',
      help: 'Tenants waiting in the work queue.',
      ...metric,
    }),
    writes: new Counter({
      name: 'inopsio_operator_api_writes_total',
      help: 'Write requests sent to the API server, by verb and resource.',
      labelNames: ['verb', 'resource'] as const,
      ...metric,
    }),
    leader: new Gauge({
      name: 'inopsio_operator_leader',
      help: '1 while this replica holds the leader lease.',
      ...metric,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
