import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServiceMetrics } from './metrics.js';

/** GET /metrics on the service's own port, described in its OpenAPI document. */
export function metricsRoute(app: OpenAPIHono, metrics: ServiceMetrics): void {
  app.get('/metrics', async (c) => {
    const { contentType, body } = await metrics.exposition();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/metrics', tags: ['Operations'], summary: 'Prometheus metrics: requests, latency, credentials, queues, failed outbound calls',
    responses: { 200: { description: 'The Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } } },
  });
}

/** /metrics on a port of its own (METRICS_PORT), for a scraper on the internal network. */
export async function serveMetrics(metrics: ServiceMetrics, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics here.\n');
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected.\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
