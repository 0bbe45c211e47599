import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The peer of the TCP connection, from @hono/node-server's bindings (absent under `app.request()`). */
function socketAddress(c: Context): string | undefined {
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
}

function listHeader(c: Context, name: string): string[] {
  return (c.req.header(name) ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

/**
 * Who is calling, for rate limits and logs. With `trustedProxies` = 0 the
 * socket's peer; behind N trusted proxies, the address the outermost of them
 * saw: the Nth entry from the right of X-Forwarded-For (entries further left
 * are whatever the client chose to send, and are never believed).
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  const peer = socketAddress(c) ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const forwarded = listHeader(c, 'x-forwarded-for');
  if (forwarded.length === 0) return peer;
  return forwarded[Math.max(0, forwarded.length - trustedProxies)]!;
}

/**
 * Whether the client reached us over https: the request URL itself, or a
 * trusted proxy's X-Forwarded-Proto (its last entry, the one the nearest proxy wrote).
 */
export function reachedOverHttps(c: Context, trustedProxies: number): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (trustedProxies <= 0) return false;
  return listHeader(c, 'x-forwarded-proto').at(-1)?.toLowerCase() === 'https';
}
