import type { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { problem, problemResponse } from '@laurel/http-kit';

export type HostedStatusList =
  | {
      state: 'current' | 'pending';
      document: unknown;
      etag: string | null;
      /** Seconds a verifier may cache a current list; a pending one is served uncached. */
      maxAgeSeconds: number;
    }
  | { state: 'stale' };

/** Seconds a client should wait before asking again for a list being republished. */
const STALE_RETRY_AFTER_SECONDS = 2;

// Store ids are UUID-like; anything else cannot be a list, so it never reaches the store.
const LIST_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Serves the signed status list credentials this installation hosts, from the
 * stored signed copy (re-signed by the issuer only when bits change). A copy
 * that is behind a committed change is served only within the staleness
 * bound, and then uncached, so no cache keeps it; past the bound the answer
 * is 503, because an old list would show a revoked credential as valid. ETag and
 * Cache-Control let wallets poll cheaply; CORS is open because wallets fetch
 * from anywhere, and a browser wallet's If-None-Match needs a preflight and an
 * exposed ETag to work cross-origin.
 */
export function registerStatusListRoutes(app: OpenAPIHono, readList: (id: string) => Promise<HostedStatusList | undefined>): void {
  app.use('/status-lists/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag'], maxAge: 86400 }));
  app.get('/status-lists/:id', async (c) => {
    const id = c.req.param('id');
    const list = LIST_ID.test(id) ? await readList(id) : undefined;
    if (!list) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such status list.'));
    if (list.state === 'stale') {
      c.header('retry-after', String(STALE_RETRY_AFTER_SECONDS));
      c.header('cache-control', 'no-store');
      return problemResponse(c, problem(503, 'STATUS_LIST_BEING_PUBLISHED', 'This status list is being republished after a change; ask again shortly.'));
    }
    const headers: Record<string, string> = { 'cache-control': list.state === 'current' ? `public, max-age=${list.maxAgeSeconds}` : 'no-cache' };
    if (list.etag) headers.etag = list.etag;
    const ifNoneMatch = c.req.header('if-none-match');
    if (list.etag && ifNoneMatch && ifNoneMatch.split(',').map((tag) => tag.trim()).includes(list.etag)) return c.body(null, 304, headers);
    return c.body(JSON.stringify(list.document), 200, { ...headers, 'content-type': 'application/vc+ld+json' });
  });
}

export type HostedRevocationList = { document: unknown; etag: string };

// Issuer ids are store ids (UUID-like); anything else never reaches the store.
const ISSUER_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Serves each issuer's 1EdTech revocation list (what its VC 1.1 credentials
 * point at), read from the database on every request: `no-cache` so a
 * revocation shows at once, with an ETag so a poller's If-None-Match costs a
 * 304. CORS is open, as for status lists.
 */
export function registerRevocationListRoutes(app: OpenAPIHono, readList: (issuerId: string) => Promise<HostedRevocationList | undefined>): void {
  app.use('/revocation-lists/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag'], maxAge: 86400 }));
  app.get('/revocation-lists/:issuerId', async (c) => {
    const issuerId = c.req.param('issuerId');
    const list = ISSUER_ID.test(issuerId) ? await readList(issuerId) : undefined;
    if (!list) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such revocation list.'));
    const headers = { 'cache-control': 'no-cache', etag: list.etag };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').map((tag) => tag.trim()).includes(list.etag)) return c.body(null, 304, headers);
    return c.body(JSON.stringify(list.document), 200, { ...headers, 'content-type': 'application/json' });
  });
}
