// Issue 15 item 3: a running issuer writes one access-log line per request with its
// request id (the caller's X-Request-Id, or a new one, answered either way); the same id
// reaches the outbound call made for the request (the LMS JWKS, played by a local
// server); a refused credential is logged without the credential; /metrics counts
// requests and credentials, and the counts move when a credential is issued.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COURSE_ID, startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { metricValue } from './support/metrics.js';
import { waitFor } from './support/wait.js';

const BOOTSTRAP = 'lrl_bootstrap-token-for-the-observability-test-0123';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  route?: string;
  path?: string;
  status?: number;
  code?: string;
  [field: string]: unknown;
}

describe('issuer observability: access log, request ids, refusals, metrics', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-observability-'));
  const lines: LogLine[] = [];
  const jwksRequestIds: (string | undefined)[] = [];
  let lms: http.Server;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let issuer: RunningIssuer;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'lms-1', alg: 'ES256', use: 'sig' };
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'lms-1' }).setIssuedAt().setExpirationTime('5m').setSubject('lms-worker').sign(privateKey);
    lms = http.createServer((request, response) => {
      jwksRequestIds.push(request.headers['x-request-id'] as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => lms.listen(0, '127.0.0.1', resolve));
    issuer = await startIssuer(
      {
        DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`,
        LAUREL_KEYS_DIR: path.join(dir, 'keys'),
        LAUREL_BOOTSTRAP_TOKEN: BOOTSTRAP,
        LAUREL_SEED_DEMO: 'true',
        ISSUER_PORT: '0',
        LOG_LEVEL: 'info',
        BADGE_DELIVERY_WORKER: 'false',
        LMS_JWKS_URL: `http://127.0.0.1:${(lms.address() as AddressInfo).port}/jwks`,
        FETCH_ALLOW_HTTP: 'true',
        FETCH_ALLOW_LOOPBACK: 'true',
      },
      { logDestination: { write: (line) => void lines.push(JSON.parse(line) as LogLine) } },
    );
  }, 30_000);
  afterAll(async () => {
    await issuer?.close();
    await new Promise<void>((resolve) => lms.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const accessLines = (reqId: string) => lines.filter((line) => line.reqId === reqId && line.route !== undefined && line.status !== undefined);

  it('one access-log line per request, with the caller\'s X-Request-Id, answered back', async () => {
    const response = await fetch(`${issuer.url}/health`, { headers: { 'x-request-id': 'trace-4711' } });
    expect(response.headers.get('x-request-id')).toBe('trace-4711');
    expect(accessLines('trace-4711')).toEqual([expect.objectContaining({ level: 30, msg: 'request', route: '/health', path: '/health', status: 200, method: 'GET' })]);
  });

  it('a request without an acceptable id gets a new one; secret path segments and queries are not logged', async () => {
    const response = await fetch(`${issuer.url}/claim/secret-claim-token-123?x=secret-query`, { headers: { 'x-request-id': 'bad id with spaces' } });
    const reqId = response.headers.get('x-request-id')!;
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const [line, ...more] = accessLines(reqId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ route: '/claim/:token', path: '/claim/[redacted]', status: 404 });
    expect(JSON.stringify(lines)).not.toMatch(/secret-claim-token-123|secret-query/);
  });

  it('the outbound call made for a request (the LMS JWKS) carries the request\'s id', async () => {
    const token = await sign({ administrator: true });
    const response = await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'jwks-check-1' } });
    expect(response.status).toBe(200);
    expect(jwksRequestIds).toEqual(['jwks-check-1']);
    expect(accessLines('jwks-check-1')).toHaveLength(1);
  });

  it('logs a 401 as a warning with its code, never the credential', async () => {
    const secret = 'lrl_this-token-is-wrong-and-secret-0123456789';
    const response = await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'refused-1' } });
    expect(response.status).toBe(401);
    expect(accessLines('refused-1')).toEqual([expect.objectContaining({ level: 40, msg: 'request refused: not authenticated', status: 401, code: 'UNAUTHORIZED', route: '/v1/issuers' })]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('/metrics exposes request counts and credentials by state, and they move when a credential is issued', async () => {
    const scrape = async () => (await fetch(`${issuer.url}/metrics`)).text();
    const documented = (await (await fetch(`${issuer.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(documented.paths)).toContain('/metrics');
    const before = await scrape();
    expect(metricValue(before, 'laurel_credentials', { state: 'active' })).toBe(0);
    expect(metricValue(before, 'laurel_status_lists_owing_publication', {})).toBeDefined();
    expect(metricValue(before, 'laurel_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBe(1);

    const issuers = (await (await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: `Bearer ${BOOTSTRAP}` } })).json()) as { id: string; slug: string }[];
    const demo = issuers.find((candidate) => candidate.slug === 'demo')!;
    const completion = await fetch(`${issuer.url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuerId: demo.id, learner: { lmsUserId: 'ada', name: 'Ada Lovelace' }, courseId: DEMO_COURSE_ID, completionPercent: 100, gradePercent: 95, passed: true, sourceEventId: 'obs-1' }),
    });
    const outcome = (await completion.json()) as { issued: unknown[] };
    expect(completion.status, JSON.stringify(outcome)).toBe(200);
    expect(outcome.issued).toHaveLength(1);

    // Counted in the database, and a snapshot serves scrapes for a second: wait for the next one.
    const after = await waitFor('the credential to be counted', async () => {
      const text = await scrape();
      return metricValue(text, 'laurel_credentials', { state: 'active' }) === 1 ? text : undefined;
    });
    expect(metricValue(after, 'laurel_credentials', { state: 'revoked' })).toBe(0);
    expect(metricValue(after, 'laurel_http_requests_total', { method: 'POST', route: '/v1/completions', status: '200' })).toBe(1);
    expect(metricValue(after, 'laurel_http_request_duration_seconds_count', { method: 'POST', route: '/v1/completions' })).toBe(1);
    expect(metricValue(after, 'laurel_http_requests_total', { method: 'GET', route: '/v1/issuers', status: '401' })).toBe(1);
  });
});
