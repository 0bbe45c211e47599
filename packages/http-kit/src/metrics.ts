import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AnsweredRequest } from './access-log.js';

/** A value read when Prometheus scrapes, by label set: queue depths, counts in the database. */
export interface ScrapedGauge {
  name: string;
  help: string;
  labelNames?: readonly string[];
  /** Each label set with its value; an error leaves the gauge out of this scrape (and counts a failed read). */
  read(): Promise<Array<{ labels?: Record<string, string>; value: number }>>;
}

export interface ServiceMetrics {
  registry: Registry;
  /** Counts an answered request (the access log's onResponse). */
  observeRequest(request: AnsweredRequest): void;
  /** Counts an outbound call that failed, by the guarded fetcher's error code. */
  fetchFailed(code: string): void;
  /** The exposition text and its content type. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

/**
 * Prometheus metrics of one service, in its own registry (two services in
 * one process, as in tests, do not mix): requests by route, method and status
 * with their latency, failed outbound calls, the process's own metrics, and
 * gauges read at scrape time.
 */
export function createServiceMetrics(service: string, gauges: readonly ScrapedGauge[] = []): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'laurel_' });
  const requests = new Counter({ name: 'laurel_http_requests_total', help: 'Requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'laurel_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const fetchFailures = new Counter({ name: 'laurel_fetch_failures_total', help: 'Outbound calls (through the guarded fetcher) that failed, by error code.', labelNames: ['code'], registers: [registry] });
  const gaugeReadFailures = new Counter({ name: 'laurel_metrics_read_failures_total', help: 'Scrape-time readings that failed (the database or the bus did not answer), by gauge.', labelNames: ['gauge'], registers: [registry] });
  for (const source of gauges) {
    new Gauge({
      name: source.name,
      help: source.help,
      labelNames: [...(source.labelNames ?? [])],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const { labels, value } of await source.read()) {
            if (labels) this.set(labels, value);
            else this.set(value);
          }
        } catch {
          gaugeReadFailures.inc({ gauge: source.name });
        }
      },
    });
  }
  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    fetchFailed(code) {
      fetchFailures.inc({ code });
    },
    async exposition() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
