// Issue 15 item 3, the verifier: the outbound fetch made for a request (the verify
// page's ?url=, a status list named by a credential sent to the API, played by a local
// server) carries the request's X-Request-Id, though the verifier passes it along
// explicitly rather than through an async context (issue 14); failed
// fetches are counted in /metrics; METRICS_PORT moves /metrics off the public port.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@laurel/store';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';
import { metricValue } from './support/metrics.js';
import { createSelfIssuer } from './support/verifier.js';

describe('verifier observability', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-verifier-obs-'));
  const seen: (string | undefined)[] = [];
  let statusList = '';
  let remote: http.Server;
  let remoteUrl: string;
  let verifier: RunningVerifier;

  beforeAll(async () => {
    remote = http.createServer((request, response) => {
      seen.push(request.headers['x-request-id'] as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end(request.url === '/lists/1' ? statusList : '{"not":"a credential"}');
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    // The verifier only reads: the issuer's side creates the database.
    const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
    await (await openStore({ databaseUrl })).close();
    verifier = await startVerifier({ DATABASE_URL: databaseUrl, VERIFIER_PUBLIC_URL_CHECK: 'false', VERIFIER_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent', FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', ISSUER_DOMAIN_LINKAGE: 'false' });
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

  it('the status list fetched for a credential sent to the API carries the request id, and the list is read', async () => {
    const issuer = await createSelfIssuer();
    const listUrl = `${remoteUrl}/lists/1`;
    statusList = JSON.stringify(await issuer.signList(listUrl, 'revocation'));
    const credential = await issuer.signBadge([{ url: listUrl, purpose: 'revocation' }]);
    seen.length = 0;
    const response = await fetch(`${verifier.url}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'verify-api-1' },
      body: JSON.stringify({ verifiableCredential: credential }),
    });
    const report = (await response.json()) as { verified: boolean; checks: { check: string; status: string }[] };
    expect(response.headers.get('x-request-id')).toBe('verify-api-1');
    expect(report.checks.find((check) => check.check === 'status')?.status).toBe('valid');
    expect(report.verified).toBe(true);
    expect(seen).toEqual(['verify-api-1']);
  });
});
