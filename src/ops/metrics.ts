/** Prometheus metrics, one registry per app instance (so tests can run several apps in one process). */
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  observeBatch(size: number): void;
  /** gauges and counters other modules read lazily at scrape time */
  onCollect(fn: () => void | Promise<void>): void;
  messagesWritten: client.Counter;
  deliveries: client.Counter<'status'>;
  queueDepth: client.Gauge;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const collectors: (() => void | Promise<void>)[] = [];
  const httpDuration = new client.Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP request durations by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const batchSize = new client.Histogram({
    name: 'switchboard_write_batch_size',
    help: 'writes group-committed per transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const messagesWritten = new client.Counter({ name: 'switchboard_messages_written_total', help: 'messages committed', registers: [registry] });
  const deliveries = new client.Counter({ name: 'switchboard_deliveries_total', help: 'outgoing delivery attempts by outcome', labelNames: ['status'] as const, registers: [registry] });
  const queueDepth = new client.Gauge({
    name: 'switchboard_delivery_queue_depth',
    help: 'deliveries waiting to be sent',
    registers: [registry],
    async collect() {
      for (const fn of collectors) await fn();
    },
  });
  return { registry, httpDuration, observeBatch: (n) => batchSize.observe(n), onCollect: (fn) => collectors.push(fn), messagesWritten, deliveries, queueDepth };
}
