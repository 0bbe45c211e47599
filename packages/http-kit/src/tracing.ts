import { ProxyTracerProvider, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routeOf } from './access-log.js';

/**
 * One OpenTelemetry server span per request (`GET /credentials/:credentialId`),
 * the active span while the request is handled, so outbound calls made for it
 * (@laurel/guarded-fetch) are its children. Only @opentelemetry/api is used:
 * without an SDK registered (the default) every span is a no-op and nothing
 * is exported; an operator who wants traces preloads an SDK with an exporter.
 */
export function traceRequests(): MiddlewareHandler {
  return (c, next) =>
    // No SDK registered: skip even the no-op span and its context (a few % of a cheap request's CPU).
    // Asked per request, so an SDK registered after start-up is still followed.
    noTracerRegistered()
      ? next()
      : trace.getTracer('laurel').startActiveSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } }, async (span) => {
      try {
        await next();
        const route = routeOf(c);
        span.updateName(`${c.req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': c.res.status });
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    });
}

function noTracerRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider && provider.getDelegateTracer('laurel') === undefined;
}
