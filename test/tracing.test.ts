// Issue 15 item 3, optional tracing: with an OpenTelemetry SDK registered (here the
// official sdk-trace-base with an in-memory exporter; Laurel itself depends only on
// @opentelemetry/api and exports nothing by default), a request to the verifier makes
// one server span named by its route, and the outbound fetch made for it is a client
// span in the same trace, its child, whose traceparent header reaches the remote server.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@laurel/store';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';

describe('OpenTelemetry spans (when an SDK is registered)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-tracing-'));
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const traceparents: (string | undefined)[] = [];
  let remote: http.Server;
  let remoteUrl: string;
  let verifier: RunningVerifier;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    remote = http.createServer((request, response) => {
      traceparents.push(request.headers.traceparent as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"not":"a credential"}');
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
    await (await openStore({ databaseUrl })).close();
    verifier = await startVerifier({ DATABASE_URL: databaseUrl, VERIFIER_PUBLIC_URL_CHECK: 'false', VERIFIER_PORT: '0', LOG_LEVEL: 'silent', FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', ISSUER_DOMAIN_LINKAGE: 'false' });
  }, 30_000);
  afterAll(async () => {
    await verifier?.close();
    await new Promise<void>((resolve) => remote.close(() => resolve()));
    trace.disable();
    propagation.disable();
    context.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a request span named by its route, and the outbound fetch as its child in the same trace', async () => {
    const page = await fetch(`${verifier.url}/verify?url=${encodeURIComponent(`${remoteUrl}/credential.json`)}`);
    expect(page.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    const client = spans.find((span) => span.kind === SpanKind.CLIENT);
    expect(server?.name).toBe('GET /verify');
    expect(server?.attributes['http.response.status_code']).toBe(200);
    expect(client?.attributes['url.full']).toBe(`${remoteUrl}/credential.json`);
    expect(client?.spanContext().traceId).toBe(server?.spanContext().traceId);
    expect(client?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    // W3C Trace Context: 00-<trace id>-<the client span's id>-<flags>.
    expect(traceparents).toEqual([expect.stringMatching(new RegExp(`^00-${server!.spanContext().traceId}-${client!.spanContext().spanId}-0[01]$`))]);
  });
});
