import type { MiddlewareHandler } from 'hono';

/**
 * CORS for the public VC-API routes: anyone may verify (wallets and employer
 * sites call from browsers, in bulk). It is one header on whatever answers
 * (report, problem, 413), set after the route instead of by the generic
 * middleware; preflights still go to `preflight` (Hono's cors). Their JSON
 * bodies are read straight from Node's request by http-kit's limitBody, as
 * every route's are.
 */
export function verifyRouteCors(preflight: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    c.res.headers.set('access-control-allow-origin', '*');
  };
}
