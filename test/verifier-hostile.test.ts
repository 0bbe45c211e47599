// Hostile requests and hostile status list hosts: every one ends in a 4xx or an
// honest report, never a 5xx, and the guarded fetcher never reaches an address
// it must not.
import net from 'node:net';
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendJson, startServer, tableLookup, type LocalServer } from '../packages/guarded-fetch/src/testing/local-server.js';
import { checkOf, createSelfIssuer, createTestVerifier, type SelfIssuer, type TestVerifier } from './support/verifier.js';

const post = (verifier: TestVerifier, path: string, body: string | URLSearchParams, contentType?: string) =>
  verifier.app.request(path, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as any;
  expect(body).toMatchObject({ status, code });
  return body;
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

let issuer: SelfIssuer;
let credential: Record<string, any>;
const verifiers: TestVerifier[] = [];
function verifierWith(...args: Parameters<typeof createTestVerifier>) {
  const verifier = createTestVerifier(...args);
  verifiers.push(verifier);
  return verifier;
}

beforeAll(async () => {
  issuer = await createSelfIssuer();
  credential = await issuer.signBadge([]);
});
afterAll(async () => {
  await Promise.all(verifiers.map((verifier) => verifier.close()));
});

describe('verifier: hostile request bodies', () => {
  it('a 10 MB body is refused with 413 before it is read', async () => {
    const verifier = verifierWith();
    const big = JSON.stringify({ verifiableCredential: { ...credential, padding: 'x'.repeat(10 * 1024 * 1024) } });
    await expectProblem(await post(verifier, '/credentials/verify', big, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
    await expectProblem(await post(verifier, '/presentations/verify', big, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
    await expectProblem(await post(verifier, '/verify', new URLSearchParams({ credential: big })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON is a 400 problem', async () => {
    const body = await expectProblem(await post(verifierWith(), '/credentials/verify', '{"verifiableCredential": {', 'application/json'), 400, 'MALFORMED_JSON');
    expect(body.detail).toMatch(/JSON/);
  });

  it('a body without verifiableCredential is a 400 problem naming it', async () => {
    const verifier = verifierWith();
    for (const body of ['{}', '{"credential": {}}', '{"verifiableCredential": null}', '{"verifiableCredential": "eyJ..."}']) {
      const problem = await expectProblem(await post(verifier, '/credentials/verify', body, 'application/json'), 400, 'INVALID_INPUT');
      expect(problem.errors.map((error: { path: string }) => error.path), body).toContain('verifiableCredential');
      expect(problem.detail).toContain('verifiableCredential');
    }
    const array = await post(verifier, '/credentials/verify', '[1,2,3]', 'application/json');
    await expectProblem(array, 400, 'INVALID_INPUT');
  });

  it('a presentation request without a challenge is a 400 problem naming it', async () => {
    const body = JSON.stringify({ verifiablePresentation: { type: ['VerifiablePresentation'] }, options: {} });
    const problem = await expectProblem(await post(verifierWith(), '/presentations/verify', body, 'application/json'), 400, 'INVALID_INPUT');
    expect(problem.errors.map((error: { path: string }) => error.path)).toContain('options.challenge');
  });

  it.each([
    ['the whole credential', (depth: number) => `{"verifiableCredential": ${nested(depth, '{"a":', '}')}}`],
    ['the subject', (depth: number) => JSON.stringify({ verifiableCredential: { ...credential, credentialSubject: '@' } }).replace('"@"', nested(depth, '{"a":', '}'))],
    ['arrays', (depth: number) => `{"verifiableCredential": {"type": ${nested(depth, '[', ']', '"x"')}}}`],
    ['the context', (depth: number) => JSON.stringify({ verifiableCredential: { ...credential, '@context': '@' } }).replace('"@"', nested(depth, '[', ']', '"https://www.w3.org/ns/credentials/v2"'))],
    ['the proof', (depth: number) => JSON.stringify({ verifiableCredential: { ...credential, proof: '@' } }).replace('"@"', nested(depth, '{"proof":', '}'))],
  ])('deeply nested JSON in %s: a 4xx or a report, no crash', async (_where, make) => {
    const verifier = verifierWith();
    for (const depth of [1000, 20_000]) {
      const response = await post(verifier, '/credentials/verify', make(depth), 'application/json');
      expect(response.status, `depth ${depth}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `depth ${depth}`).toBeLessThan(500);
      const body = (await response.json()) as any;
      if (!('code' in body)) expect(body.verified).toBe(false);
    }
    // Still serving.
    expect((await verifier.verify(credential)).status).toBe(200);
  });

  it('an unknown @context: a report whose proof could not be checked, no 5xx', async () => {
    const verifier = verifierWith();
    for (const context of [[...credential['@context'], 'https://evil.example/context.jsonld'], ['https://evil.example/only.jsonld'], 'https://evil.example/string.jsonld', [{ '@vocab': 'https://evil.example/#' }]]) {
      const result = await verifier.verify({ ...credential, '@context': context });
      expect(result.status, JSON.stringify(context)).toBe(400);
      expect(result.body.verified).toBe(false);
      expect(['unknown', 'invalid']).toContain(checkOf(result.body, 'proof').status);
    }
  });

  it('odd values where a credential should be: 4xx, never 5xx', async () => {
    const verifier = verifierWith();
    const bodies = [
      { verifiableCredential: { ...credential, issuer: { id: { id: 'x' } } } },
      { verifiableCredential: { ...credential, validFrom: 12 } },
      { verifiableCredential: { ...credential, credentialStatus: [{ type: 'BitstringStatusListEntry', statusListCredential: 'not a url' }] } },
      { verifiableCredential: { ...credential, credentialStatus: { type: 'BitstringStatusListEntry', statusListCredential: 'file:///etc/passwd', statusListIndex: '1', statusPurpose: 'revocation' } } },
      { verifiableCredential: { ...credential, proof: [null, 1, 'x', { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:key:z', proofValue: 'z' }] } },
      { verifiableCredential: { ...credential, proof: { ...credential.proof, verificationMethod: 'did:web:169.254.169.254#key' } } },
    ].map((body) => JSON.stringify(body));
    // Written out: an object literal's __proto__ would set the prototype, not a key.
    bodies.push('{"verifiableCredential": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "proof": {"__proto__": {"polluted": true}}}}');
    for (const body of bodies) {
      const response = await post(verifier, '/credentials/verify', body, 'application/json');
      expect(response.status, body.slice(0, 200)).toBe(400);
      expect(((await response.json()) as any).verified).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const presentation = await post(verifier, '/presentations/verify', JSON.stringify({ verifiablePresentation: { verifiableCredential: [null, 1, credential] }, options: { challenge: 'c' } }), 'application/json');
    expect(presentation.status).toBe(400);
    expect(((await presentation.json()) as any).verified).toBe(false);
  });
});

describe('verifier: hostile input to the verify page', () => {
  const form = (fields: Record<string, string>) => post(verifierWith(), '/verify', new URLSearchParams(fields));

  it('escapes whatever the credential says', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const tampered = { ...credential, issuer: { ...credential.issuer, name: evil }, credentialSubject: { ...credential.credentialSubject, name: `</dd><script>alert(2)</script>` } };
    const response = await form({ credential: JSON.stringify(tampered).replace('{', '{"x": "</textarea><script>alert(3)</script>", ') });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).not.toMatch(/<img src=x|<script>alert/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('This credential is NOT valid.');
  });

  it('JSON that is not an object, or not JSON: a page, never a 5xx', async () => {
    // JSON that is not an object holds no credential: the page says so (it used to "verify" it as NOT valid).
    for (const input of ['null', '42', '"text"', '[]', '[{"a":1}]', nested(20_000, '[', ']')]) {
      const response = await form({ credential: input });
      expect(response.status, input.slice(0, 20)).toBe(400);
      expect(await response.text()).toContain('That JSON is not an object: give one credential, or a presentation holding several.');
    }
    const odd = await form({ credential: '{"@context": 5}' });
    expect(odd.status).toBe(200);
    expect(await odd.text()).toMatch(/This credential (is NOT valid|could not be fully checked)\./);
    const broken = await form({ credential: '{"a": ' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('That is not valid JSON.');
    for (const [url, says] of [['not a url', '&quot;not a url&quot; is not a URL.'], ['file:///etc/passwd', 'Only http and https URLs can be fetched, not file:'], ['javascript:alert(1)', 'Only http and https URLs can be fetched, not javascript:']]) {
      const response = await form({ url: url! });
      expect(response.status, url).toBe(400);
      expect(await response.text()).toContain(says);
    }
  });
});

describe('verifier: status list hosts it must not reach', () => {
  let host: LocalServer;
  beforeAll(async () => {
    host = await startServer((_request, response) => sendJson(response, { surprise: true }));
  });
  afterAll(() => host.close());
  afterEach(() => vi.restoreAllMocks());

  const lookup = () => tableLookup({ 'loopback.evil.test': ['127.0.0.1'], 'private.evil.test': ['10.0.0.1'], 'metadata.evil.test': ['169.254.169.254'], 'mixed.evil.test': ['93.184.215.14', '127.0.0.1'] });
  const targets = (scheme: string) => [
    `${scheme}://127.0.0.1:${host.port}/list`,
    `${scheme}://[::1]:${host.port}/list`,
    `${scheme}://10.0.0.1:${host.port}/list`,
    `${scheme}://169.254.169.254/latest/meta-data/`,
    `${scheme}://loopback.evil.test:${host.port}/list`,
    `${scheme}://private.evil.test:${host.port}/list`,
    `${scheme}://metadata.evil.test/latest/meta-data/`,
    `${scheme}://mixed.evil.test:${host.port}/list`,
  ];

  // The default policy (https only), and http allowed: then a broken address check would really reach the local server.
  it.each([
    ['the default policy', 'https', {}],
    ['http allowed', 'http', { allowHttp: true }],
  ])('with %s, every internal address is refused before connecting', async (_name, scheme, policy) => {
    const verifier = verifierWith({ fetch: { ...policy, lookup: lookup() } });
    const connects = vi.spyOn(net.Socket.prototype, 'connect');
    for (const url of targets(scheme)) {
      const result = await verifier.verify(await issuer.signBadge([{ url, purpose: 'revocation' }]));
      expect(result.status, url).toBe(400);
      expect(result.body.verified).toBe(false);
      const status = checkOf(result.body, 'status');
      expect(status, url).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE' });
      expect(status.reason, url).toMatch(/Refused to fetch .*(loopback|private|link-local)/);
    }
    expect(connects).not.toHaveBeenCalled();
    expect(host.connections()).toBe(0);
    expect(host.requests).toEqual([]);
  });

  it('the page refuses a credential URL at an internal address, too', async () => {
    const verifier = verifierWith({ fetch: { allowHttp: true, lookup: lookup() } });
    for (const url of [host.url('/credential.json'), `http://metadata.evil.test/latest/meta-data/`]) {
      const response = await verifier.app.request(`/verify?url=${encodeURIComponent(url)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Refused to fetch/);
    }
    expect(host.connections()).toBe(0);
  });

  it('control: with loopback allowed the same server is reached, so the checks above can see a request', async () => {
    const verifier = verifierWith({ fetch: { allowHttp: true, allowLoopback: true } });
    const result = await verifier.verify(await issuer.signBadge([{ url: host.url('/list'), purpose: 'revocation' }]));
    expect(checkOf(result.body, 'status').status).toBe('invalid'); // it answered, with something that is not a list
    expect(host.requests).toEqual(['/list']);
  });
});

describe('verifier: misbehaving status list hosts', () => {
  let host: LocalServer;
  let route: (request: http.IncomingMessage, response: http.ServerResponse) => void = () => {};
  let verifier: TestVerifier;
  beforeAll(async () => {
    host = await startServer((request, response) => route(request, response));
    verifier = verifierWith({ fetch: { allowHttp: true, allowLoopback: true, timeoutMs: 300 } });
  });
  afterAll(() => host.close());

  it('a host that never answers: timeout, unknown', async () => {
    route = () => {}; // accepts, then says nothing
    const result = await verifier.verify(await issuer.signBadge([{ url: host.url('/slow'), purpose: 'revocation' }]));
    const status = checkOf(result.body, 'status');
    expect(status).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE' });
    expect(status.reason).toMatch(/took longer than 300 ms/);
    expect(result.body.verified).toBe(false);
  });

  it('a 50 MB status list: capped, unknown', async () => {
    let sentMiB = 0;
    route = (_request, response) => {
      // Streamed without a Content-Length, so only the running count can stop it.
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (sentMiB < 50 && !response.destroyed) {
          sentMiB++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      pump();
    };
    const result = await verifier.verify(await issuer.signBadge([{ url: host.url('/huge'), purpose: 'revocation' }]));
    const status = checkOf(result.body, 'status');
    expect(status).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE' });
    expect(status.reason).toMatch(/more than \d+ bytes/);
    expect(sentMiB).toBeLessThan(50);
  });

  it('a correctly signed list with a malformed encodedList: invalid', async () => {
    const url = host.url('/malformed');
    const list = await issuer.signList(url, 'revocation', {
      beforeSigning: (unsigned) => {
        unsigned.credentialSubject.encodedList = 'uH4sIAAAAAAAAA-this-is-not-gzip';
      },
    });
    route = (_request, response) => sendJson(response, list);
    const result = await verifier.verify(await issuer.signBadge([{ url, purpose: 'revocation' }]));
    expect(checkOf(result.body, 'status')).toMatchObject({ status: 'invalid', code: 'MALFORMED_STATUS_LIST' });
    expect(result.status).toBe(400);
  });

  it('a list that is not JSON, or not a credential: never valid', async () => {
    for (const [send, expected] of [
      [(response: http.ServerResponse) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"half": '), 'unknown'],
      [(response: http.ServerResponse) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'), 'unknown'],
      [(response: http.ServerResponse) => sendJson(response, null), 'invalid'],
      [(response: http.ServerResponse) => sendJson(response, [1, 2]), 'invalid'],
    ] as const) {
      route = (_request, response) => send(response);
      const result = await verifier.verify(await issuer.signBadge([{ url: host.url('/odd'), purpose: 'revocation' }]));
      expect(result.status).toBe(400);
      expect(checkOf(result.body, 'status').status).toBe(expected);
    }
  });
});
