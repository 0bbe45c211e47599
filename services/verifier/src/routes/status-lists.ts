import type { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { problem, problemResponse } from '@laurel/http-kit';

export interface HostedStatusList {
  document: unknown;
  etag: string | null;
  /** Seconds a verifier may cache it. */
  maxAgeSeconds: number;
}

// Store ids are UUID-like; anything else cannot be a list, so it never reaches the store.
const LIST_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Serves the signed status list credentials this installation hosts, from the
 * stored signed copy (re-signed by the issuer only when bits change). ETag and
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
    const headers: Record<string, string> = { 'cache-control': `public, max-age=${list.maxAgeSeconds}` };
    if (list.etag) headers.etag = list.etag;
    const ifNoneMatch = c.req.header('if-none-match');
    if (list.etag && ifNoneMatch && ifNoneMatch.split(',').map((tag) => tag.trim()).includes(list.etag)) return c.body(null, 304, headers);
    return c.body(JSON.stringify(list.document), 200, { ...headers, 'content-type': 'application/vc+ld+json' });
  });
}
