// The verify routes served by node (the JSON body read straight from node's request by http-kit's
// limitBody, CORS set after the route by fast-http.ts) answer exactly as the same app does without
// node in front (app.request(): limitBody's web-stream path and Hono's cors), for reports and for
// refusals: 413 problems that keep the connection usable, malformed JSON, a missing field.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfIssuer, createTestVerifier, type SelfIssuer, type TestVerifier } from './support/verifier.js';

const MAX_BODY_BYTES = 64 * 1024;
const cleanList = 'https://lists.example.test/status/clean';
const revokedList = 'https://lists.example.test/status/revoked';

let issuer: SelfIssuer;
let verifier: TestVerifier;
let server: ServerType;
let base: string;
// One socket, kept alive: a 413 that leaves the connection usable shows up as a reused socket.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  reusedSocket: boolean;
}

/** A POST over a real socket; `chunked` sends the body without a Content-Length. */
function post(path: string, body: string, { contentType = 'application/json', chunked = false, origin }: { contentType?: string; chunked?: boolean; origin?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': contentType, ...(origin ? { origin } : {}) };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const request = http.request(`${base}${path}`, { method: 'POST', agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : undefined, reusedSocket: request.reusedSocket });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    if (chunked) {
      // Several writes, so the body really arrives in chunks.
      for (let at = 0; at < body.length; at += 16 * 1024) request.write(body.slice(at, at + 16 * 1024));
      request.end();
    } else request.end(body);
  });
}

/** The same request through app.request(): no node request behind it, so the generic middlewares. */
async function inProcess(path: string, body: string, contentType = 'application/json') {
  const response = await verifier.app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  issuer = await createSelfIssuer();
  const lists = new Map([
    [cleanList, await issuer.signList(cleanList, 'revocation')],
    [revokedList, await issuer.signList(revokedList, 'revocation', { set: [4242] })],
  ]);
  verifier = createTestVerifier({
    maxBodyBytes: MAX_BODY_BYTES,
    fetchJson: async (url) => {
      const list = lists.get(url.href);
      if (!list) throw new Error(`unexpected fetch of ${url.href}`);
      return structuredClone(list);
    },
  });
  server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: verifier.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await verifier?.close();
});

describe('verifier over HTTP: the fast path answers as the app does', () => {
  it('valid, tampered, revoked and expired credentials: the same report, with CORS', async () => {
    const valid = await issuer.signBadge([{ url: cleanList, purpose: 'revocation' }]);
    const cases: [string, unknown, number, string | undefined][] = [
      ['valid', valid, 200, undefined],
      ['tampered', { ...valid, name: 'Changed after signing' }, 400, 'proof'],
      ['revoked', await issuer.signBadge([{ url: revokedList, purpose: 'revocation' }]), 400, 'status'],
      ['expired', await issuer.signBadge([{ url: cleanList, purpose: 'revocation' }], { validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-06-01T00:00:00Z' }), 400, 'validity'],
    ];
    for (const [name, credential, status, failing] of cases) {
      const body = JSON.stringify({ verifiableCredential: credential });
      const [served, direct] = [await post('/credentials/verify', body, { origin: 'https://wallet.example' }), await inProcess('/credentials/verify', body)];
      expect(served.status, name).toBe(status);
      expect(served.body, name).toEqual(direct.body);
      expect(served.headers['access-control-allow-origin'], name).toBe('*');
      expect(served.headers['content-type'], name).toBe(direct.contentType);
      if (failing) expect(served.body.errors.map((check: { check: string }) => check.check), name).toContain(failing);
    }
  });

  it('a body over the limit: 413 problem with CORS, declared or chunked, and the connection still serves', async () => {
    const credential = await issuer.signBadge([{ url: cleanList, purpose: 'revocation' }]);
    const big = JSON.stringify({ verifiableCredential: { ...credential, padding: 'x'.repeat(MAX_BODY_BYTES) } });
    for (const chunked of [false, true]) {
      for (const path of ['/credentials/verify', '/presentations/verify']) {
        const refused = await post(path, big, { chunked });
        expect(refused.status, `${path} chunked=${chunked}`).toBe(413);
        expect(refused.headers['content-type']).toBe('application/problem+json');
        expect(refused.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
        expect(refused.headers['access-control-allow-origin']).toBe('*');
        // The refused body was small enough to drain: the next request rides the same socket.
        const next = await post('/credentials/verify', JSON.stringify({ verifiableCredential: credential }));
        expect(next.status).toBe(200);
        expect(next.reusedSocket).toBe(true);
      }
    }
    expect((await inProcess('/credentials/verify', big)).body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('malformed JSON and a missing field: the same 400 problems as the app, naming the field, with CORS', async () => {
    const malformed = await post('/credentials/verify', '{"verifiableCredential": {');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    expect(malformed.body).toEqual((await inProcess('/credentials/verify', '{"verifiableCredential": {')).body);
    expect(malformed.headers['access-control-allow-origin']).toBe('*');

    for (const [path, body, field] of [
      ['/credentials/verify', '{"verifiableCredential": "eyJ..."}', 'verifiableCredential'],
      ['/presentations/verify', '{"verifiablePresentation": {}, "options": {}}', 'options.challenge'],
    ] as const) {
      const refused = await post(path, body);
      expect(refused.status, body).toBe(400);
      expect(refused.body.code, body).toBe('INVALID_INPUT');
      expect(refused.body.errors.map((error: { path: string }) => error.path), body).toContain(field);
      expect(refused.body).toEqual((await inProcess(path, body)).body);
      expect(refused.headers['access-control-allow-origin']).toBe('*');
    }

    // Not JSON at all: the route's 415, as without the fast path.
    const form = await post('/credentials/verify', 'verifiableCredential=x', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body).toEqual((await inProcess('/credentials/verify', 'verifiableCredential=x', 'application/x-www-form-urlencoded')).body);
  });

  it('a CORS preflight is still answered by the CORS middleware', async () => {
    const response = await fetch(`${base}/credentials/verify`, { method: 'OPTIONS', headers: { origin: 'https://wallet.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });
});
