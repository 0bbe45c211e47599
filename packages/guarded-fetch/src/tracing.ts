import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';

/**
 * A client span around one outbound call (redirects included), a child of the
 * request being served. No-op unless an OpenTelemetry SDK is registered.
 */
export function traced<T>(method: string, url: URL, work: () => Promise<T>): Promise<T> {
  return trace.getTracer('laurel').startActiveSpan(`${method} ${url.host}`, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'url.full': `${url.origin}${url.pathname}`, 'server.address': url.hostname } }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `traceparent` (and whatever else the registered propagator writes) for the active span; none without an SDK. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}
