// Issue 15 item 3, the verifier: the outbound fetch made for a request (the verify
// page's ?url=, played by a local server) carries the request's X-Request-Id; failed
// fetches are counted in /metrics; METRICS_PORT moves /metrics off the public port.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';
import { metricValue } from './support/metrics.js';

describe('verifier observability', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-verifier-obs-'));
  const seen: (string | undefined)[] = [];
  let remote: http.Server;
  let remoteUrl: string;
  let verifier: RunningVerifier;

  beforeAll(async () => {
    remote = http.createServer((request, response) => {
      seen.push(request.headers['x-request-id'] as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"not":"a credential"}');
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    verifier = await startVerifier({ DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`, VERIFIER_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent', FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', ISSUER_DOMAIN_LINKAGE: 'false' });
  }, 30_000);
  afterAll(async () => {
    await verifier?.close();
    await new Promise<void>((resolve) => remote.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the fetch made for a request carries its id; a failed fetch is counted; /metrics is on METRICS_PORT only', async () => {
    const page = await fetch(`${verifier.url}/verify?url=${encodeURIComponent(`${remoteUrl}/credential.json`)}`, { headers: { 'x-request-id': 'verify-page-1' } });
    expect(page.headers.get('x-request-id')).toBe('verify-page-1');
    expect(seen).toEqual(['verify-page-1']);

    // Nothing listens on port 9 here: the fetch fails.
    await fetch(`${verifier.url}/verify?url=${encodeURIComponent('http://127.0.0.1:9/credential.json')}`);
    const metrics = await (await fetch(verifier.metricsUrl!)).text();
    expect(metricValue(metrics, 'laurel_fetch_failures_total', { code: 'FETCH_FAILED' })).toBe(1);
    expect(metricValue(metrics, 'laurel_http_request_duration_seconds_count', { method: 'GET', route: '/verify' })).toBe(2);
    expect(metrics).toContain('service="verifier"');
    expect((await fetch(`${verifier.url}/metrics`)).status).toBe(404);
  });
});
