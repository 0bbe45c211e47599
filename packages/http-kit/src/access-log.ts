import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { clientAddress } from './client-address.js';
import { problemOf } from './hono.js';
import type { Logger } from './logger.js';
import { REQUEST_ID_HEADER, inRequestContext, requestIdFrom } from './request-context.js';

export interface AccessLogOptions {
  /** TRUST_PROXY: which X-Forwarded-For entry is the client. */
  trustedProxies: number;
  /** Told of each request once answered (metrics). */
  onResponse?: (request: AnsweredRequest) => void;
  /**
   * Whether the request runs in an async context carrying its id (default
   * true), so that log lines and outbound calls made anywhere inside name it.
   * Without it the id is only on the Hono context (requestIdOf(c)) and callers
   * pass it on themselves: the verifier does, since all its outbound calls for
   * a request go through that request's fetch budget. On Node 20 and 22 an
   * async context turns on promise hooks for every promise, about a tenth of
   * the cost of a verification over HTTP.
   */
  asyncContext?: boolean;
}

export interface AnsweredRequest {
  method: string;
  /** The route pattern (`/credentials/:credentialId`), or `unmatched`: bounded, for metric labels. */
  route: string;
  status: number;
  seconds: number;
}

// Path parameters that are secrets (claim tokens, share tokens, exchange ids): never logged as sent.
const SECRET_PARAMS = new Set(['token', 'exchangeId']);

/**
 * The route pattern of the handler the request was for, or `unmatched` (a
 * 404). Read from every route that matched, not the one that answered: a
 * request refused by middleware (401, 429) still names its route.
 */
export function routeOf(c: Context): string {
  const handler = matchedRoutes(c).findLast((route) => route.method !== 'ALL' && !route.path.endsWith('*'));
  return handler?.path ?? 'unmatched';
}

/** The path with secret parameters replaced, and never the query (sign-in links carry tokens there). */
function loggablePath(c: Context, route: string): string {
  if (route === 'unmatched') return c.req.path.length > 200 ? `${c.req.path.slice(0, 200)}…` : c.req.path;
  return route.replace(/:(\w+)(\{[^}]*\})?/g, (whole, name: string) => (SECRET_PARAMS.has(name) ? '[redacted]' : (c.req.param(name) ?? whole)));
}

/** The refusal's code and our own explanation of it (problems never echo what the client sent). */
function refusalOf(request: Request): { code?: string; detail?: string } {
  const problem = problemOf(request);
  if (!problem || problem.status < 400 || problem.status >= 500) return {};
  return { ...(problem.code ? { code: problem.code } : {}), ...(problem.detail ? { detail: problem.detail } : {}) };
}

/**
 * Gives each request its id (the caller's X-Request-Id when acceptable, else
 * a new one), answers with it, runs the request with it (so every log line
 * and outbound call carries it) and writes one access-log line when answered.
 */
export function accessLog(logger: Logger, options: AccessLogOptions): MiddlewareHandler {
  const inContext = options.asyncContext ?? true;
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', requestId);
    const started = process.hrtime.bigint();
    const handle = async () => {
      await next();
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(c);
      const status = c.res.status;
      const line = { ...(inContext ? {} : { reqId: requestId }), method: c.req.method, route, path: loggablePath(c, route), status, ms: Math.round(seconds * 1e4) / 10, client: clientAddress(c, options.trustedProxies), ...refusalOf(c.req.raw) };
      // Refused credentials are what an attack looks like: a warning, with why (never the credential).
      if (status === 401 || status === 403) logger.warn(line, status === 401 ? 'request refused: not authenticated' : 'request refused: not allowed');
      else logger.info(line, 'request');
      options.onResponse?.({ method: c.req.method, route, status, seconds });
    };
    await (inContext ? inRequestContext(requestId, handle) : handle());
  };
}
