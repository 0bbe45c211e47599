import type { OpenAPIHono } from '@hono/zod-openapi';
import { problem, problemResponse } from '@laurel/http-kit';

export interface HostedStatusList {
  document: unknown;
  etag: string | null;
  /** Seconds a verifier may cache it. */
  maxAgeSeconds: number;
}

/**
 * Serves the signed status list credentials this installation hosts, from the
 * stored signed copy (re-signed by the issuer only when bits change). ETag and
 * Cache-Control let wallets poll cheaply; CORS is open because wallets fetch
 * from anywhere.
 */
export function registerStatusListRoutes(app: OpenAPIHono, readList: (id: string) => Promise<HostedStatusList | undefined>): void {
  app.get('/status-lists/:id', async (c) => {
    c.header('access-control-allow-origin', '*');
    const list = await readList(c.req.param('id'));
    if (!list) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such status list.'));
    const headers: Record<string, string> = { 'cache-control': `public, max-age=${list.maxAgeSeconds}`, 'access-control-allow-origin': '*', vary: 'accept' };
    if (list.etag) headers.etag = list.etag;
    const ifNoneMatch = c.req.header('if-none-match');
    if (list.etag && ifNoneMatch && ifNoneMatch.split(',').map((tag) => tag.trim()).includes(list.etag)) return c.body(null, 304, headers);
    return c.body(JSON.stringify(list.document), 200, { ...headers, 'content-type': 'application/vc+ld+json' });
  });
}
