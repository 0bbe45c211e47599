import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, reachedOverHttps } from './client-address.js';
import { rateLimitEnvSchema } from './rate-limit-config.js';

/** What the app sees for a request from `peer` with these headers, behind `trusted` proxies. */
async function seen(trusted: number, peer: string | undefined, headers: Record<string, string>, url = 'http://service.test/') {
  const app = new Hono();
  app.get('*', (c) => c.json({ client: clientAddress(c, trusted), https: reachedOverHttps(c, trusted) }));
  const response = await app.request(url, { headers }, peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined);
  return (await response.json()) as { client: string; https: boolean };
}

describe('client address and scheme behind proxies (TRUST_PROXY)', () => {
  it('trusting no proxy: the TCP peer, whatever X-Forwarded-* claim', async () => {
    expect(await seen(0, '192.0.2.1', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' })).toEqual({ client: '192.0.2.1', https: false });
  });

  it('trusting one: the last X-Forwarded-For entry (what our proxy saw), not what the client prepended', async () => {
    expect(await seen(1, '10.0.0.1', { 'x-forwarded-for': '203.0.113.9, 198.51.100.4', 'x-forwarded-proto': 'https' })).toEqual({ client: '198.51.100.4', https: true });
  });

  it('trusting two: the entry two from the right; fewer entries than proxies: the leftmost', async () => {
    expect((await seen(2, '10.0.0.1', { 'x-forwarded-for': '203.0.113.9, 198.51.100.4, 10.0.0.2' })).client).toBe('198.51.100.4');
    expect((await seen(3, '10.0.0.1', { 'x-forwarded-for': '198.51.100.4' })).client).toBe('198.51.100.4');
  });

  it('no socket (app.request in tests) and no header: "unknown"; an https URL is https without any proxy', async () => {
    expect(await seen(1, undefined, {}, 'https://service.test/')).toEqual({ client: 'unknown', https: true });
  });

  it.each([['false', 0], ['0', 0], ['true', 1], ['2', 2]])('TRUST_PROXY=%s believes %i proxies', (value, hops) => {
    expect(rateLimitEnvSchema.parse({ TRUST_PROXY: value }).TRUST_PROXY).toBe(hops);
  });

  it.each(['maybe', '-1', '1.5', '99'])('TRUST_PROXY=%s is refused', (value) => {
    expect(rateLimitEnvSchema.safeParse({ TRUST_PROXY: value }).success).toBe(false);
  });
});
