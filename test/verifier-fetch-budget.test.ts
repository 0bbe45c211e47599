// Bounded work per request, counted at a local server: one verification of a
// did:web credential with two status entries asks for each distinct URL at
// most once; a forged one asks for no status list; a request naming more
// remote documents than VERIFIER_MAX_REMOTE_FETCHES gets "could not check"
// for the rest; across requests the guarded fetcher's cache (TTL, ETag) applies.
// The did:web issuer's domain linkage (/.well-known/did-configuration.json, which
// this host does not publish: 404) is one more remote document of the request:
// fetched through the same budget, once per verification, counted against the cap,
// and not fetched at all once the cap is reached.
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '@laurel/models';
import { createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList, statusListTtlMs } from '@laurel/status-list';
import { buildDidWebDocument, generateIssuerKey, publicIssuerKey, signCredential, type IssuerKey } from '@laurel/suites';
import { startServer, type LocalServer } from '../packages/guarded-fetch/src/testing/local-server.js';
import { checkOf, createTestVerifier, type TestVerifier, type TestVerifierOptions } from './support/verifier.js';

const DID = 'did:web:did.test';
const LOOPBACK = { allowHttp: true, allowLoopback: true, timeoutMs: 2000 };

describe('verifier: remote fetches per request', () => {
  let key: IssuerKey;
  let host: LocalServer;
  // Each answer the host gave, as "path status", in order.
  const answers: string[] = [];
  const documents = new Map<string, { body: unknown; headers?: http.OutgoingHttpHeaders }>();
  const verifiers: TestVerifier[] = [];

  /** did:web is https by definition; the test sends https://did.test/… to the local (http) host instead. */
  const toHost: TestVerifierOptions['fetchJson'] = (url, guarded) => guarded(url.origin === 'https://did.test' ? new URL(host.url(url.pathname)) : url);
  function verifierWith(options: TestVerifierOptions = {}): TestVerifier {
    const verifier = createTestVerifier({ fetch: LOOPBACK, fetchJson: toHost, ...options });
    verifiers.push(verifier);
    return verifier;
  }

  async function list(path: string, purpose: 'revocation' | 'suspension', ttl?: number) {
    const url = host.url(path);
    const unsigned: Record<string, any> = createStatusListCredential({ id: url, issuer: DID, statusPurpose: purpose, encodedList: await encodeStatusList(createStatusList()), validFrom: '2026-01-01T00:00:00Z' });
    if (ttl) unsigned.credentialSubject.ttl = ttl;
    documents.set(path, { body: await signCredential(unsigned, { key }), headers: { etag: `"${path}"`, 'cache-control': 'no-cache' } });
    return url;
  }

  async function badge(serial: number, lists: { url: string; purpose: 'revocation' | 'suspension' }[]) {
    const credential = buildOpenBadgeCredential({
      id: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
      name: 'Budget test',
      issuer: { id: DID, name: 'Did Web University' },
      achievement: { id: 'https://did.test/achievements/1', name: 'Counting', description: 'Fetches counted.', criteria: { narrative: 'Any.' } },
      recipient: { id: 'did:example:ada', name: 'Ada' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialStatus: lists.map(({ url, purpose }) => createStatusEntry({ statusListCredential: url, statusListIndex: 7, statusPurpose: purpose })),
    });
    return signCredential(credential, { key });
  }

  const requested = () => host.requests.slice();
  const countsOf = (paths: string[]) => Object.fromEntries([...new Set(paths)].map((path) => [path, paths.filter((each) => each === path).length]));

  beforeAll(async () => {
    key = await generateIssuerKey({ controller: DID });
    host = await startServer((request, response) => {
      const path = request.url ?? '';
      const found = documents.get(path);
      if (!found) {
        answers.push(`${path} 404`);
        response.writeHead(404).end();
        return;
      }
      const etag = found.headers?.etag;
      if (etag && request.headers['if-none-match'] === etag) {
        answers.push(`${path} 304`);
        response.writeHead(304, found.headers).end();
        return;
      }
      answers.push(`${path} 200`);
      const text = JSON.stringify(found.body);
      response.writeHead(200, { 'content-type': 'application/json', ...found.headers }).end(text);
    });
    documents.set('/.well-known/did.json', { body: buildDidWebDocument(DID, [publicIssuerKey(key)]), headers: { 'cache-control': 'max-age=300' } });
  });
  afterEach(async () => {
    while (verifiers.length) await verifiers.pop()!.close();
  });
  afterAll(() => host.close());

  it('a did:web credential with two status entries: each distinct URL requested at most once', async () => {
    const credential = await badge(1, [
      { url: await list('/lists/r1', 'revocation'), purpose: 'revocation' },
      { url: await list('/lists/s1', 'suspension'), purpose: 'suspension' },
    ]);
    const before = host.requests.length;
    const result = await verifierWith().verify(credential);
    expect(result.body.checks.map((check: { status: string }) => check.status), JSON.stringify(result.body)).toEqual(['valid', 'valid', 'valid', 'valid', 'valid']);
    // The DID document is needed for the credential and for both lists (and each proof's purpose check): once.
    // The DID configuration is asked for once the credential is shown to be signed by its issuer: once.
    expect(countsOf(requested().slice(before))).toEqual({ '/.well-known/did.json': 1, '/lists/r1': 1, '/lists/s1': 1, '/.well-known/did-configuration.json': 1 });
    expect(result.body.recognition).toMatchObject({ checked: true, recognized: false, domains: [], notes: [] });
  });

  it('an invalid proof: no status list is requested', async () => {
    const credential = await badge(2, [
      { url: await list('/lists/r2', 'revocation'), purpose: 'revocation' },
      { url: await list('/lists/s2', 'suspension'), purpose: 'suspension' },
    ]);
    const forged = { ...credential, name: 'Doctor of Medicine' };
    const before = host.requests.length;
    const result = await verifierWith().verify(forged);
    expect(checkOf(result.body, 'proof').status).toBe('invalid');
    expect(checkOf(result.body, 'status')).toMatchObject({ status: 'unknown', code: 'STATUS_NOT_CHECKED' });
    expect(requested().slice(before)).toEqual(['/.well-known/did.json']);
  });

  it('past the cap of distinct remote documents: "could not check", never valid, and nothing more fetched', async () => {
    const lists = await Promise.all(Array.from({ length: 12 }, (_, i) => list(`/lists/many-${i}`, 'revocation')));
    const credential = await badge(3, lists.map((url) => ({ url, purpose: 'revocation' as const })));
    const before = host.requests.length;
    const result = await verifierWith({ maxRemoteFetches: 5 }).verify(credential);
    const status = checkOf(result.body, 'status');
    expect(status).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE' });
    expect(status.reason).toContain('limit of 5 remote documents');
    expect(result.body.verified).toBe(false);
    // The DID document and four lists: five distinct documents, then no more (not the DID configuration either).
    expect(new Set(requested().slice(before)).size).toBe(5);
    expect(requested().slice(before)).toHaveLength(5);
    expect(requested().slice(before)).not.toContain('/.well-known/did-configuration.json');
    // Recognition says which source it could not consult, rather than "not linked".
    expect(result.body.recognition).toMatchObject({ checked: true, recognized: false, domains: [] });
    expect(result.body.recognition.notes).toEqual([expect.stringMatching(/did-configuration\.json: Not fetched: this verification already reached its limit of 5 remote documents/)]);
  });

  it('a presentation naming more remote documents than the cap: the later credentials could not be checked', async () => {
    const first = await badge(4, [{ url: await list('/lists/p1', 'revocation'), purpose: 'revocation' }, { url: await list('/lists/p2', 'suspension'), purpose: 'suspension' }]);
    const second = await badge(5, [{ url: await list('/lists/p3', 'revocation'), purpose: 'revocation' }, { url: await list('/lists/p4', 'suspension'), purpose: 'suspension' }]);
    const presentation = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [first, second] };
    // The issuer is on the trusted list, so the first credential (fully checked) is green without a domain-linkage fetch.
    const verifier = verifierWith({ maxRemoteFetches: 3, trustedIssuers: new Map([[DID, { id: DID, name: 'Did Web University' }]]) });
    const before = host.requests.length;
    const response = await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(presentation) }) });
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('This presentation holds 2 credentials: 1 authentic from a recognised issuer, 1 could not be fully checked.');
    expect(page).toContain('Credential 1 of 2: This credential is authentic and its issuer is recognised.');
    expect(page).toContain('Credential 2 of 2: This credential could not be fully checked.');
    // The cap was reached by the first credential's documents: its DID configuration was not fetched, and the page says so.
    expect(page).toMatch(/Issuer identity: Recognised\.<\/strong> Did Web University \(source: this verifier&#39;s list of trusted issuers\)\. \(Could not consult: Could not read https:\/\/did\.test\/\.well-known\/did-configuration\.json: Not fetched: this verification already reached its limit of 3 remote documents/);
    expect(page).toMatch(/Revocation and suspension: Could not check\.<\/strong> Could not get the status list [^<]*\/lists\/p3: Not fetched: this verification already reached its limit of 3 remote documents/);
    expect(countsOf(requested().slice(before))).toEqual({ '/.well-known/did.json': 1, '/lists/p1': 1, '/lists/p2': 1 });
  });

  it('across requests: the DID document served from the cache for its max-age, lists revalidated by ETag', async () => {
    const credential = await badge(6, [{ url: await list('/lists/c1', 'revocation'), purpose: 'revocation' }]);
    const verifier = verifierWith({ fetch: { ...LOOPBACK, cache: { maxEntries: 100, ttlMs: (response) => statusListTtlMs(response.json) } } });
    const before = answers.length;
    for (let round = 0; round < 3; round++) expect((await verifier.verify(credential)).body.verified).toBe(true);
    // The DID configuration's 404 is an error, which the fetcher does not cache: asked again by each verification (once each).
    expect(answers.slice(before)).toEqual([
      '/.well-known/did.json 200',
      '/lists/c1 200',
      '/.well-known/did-configuration.json 404',
      '/lists/c1 304',
      '/.well-known/did-configuration.json 404',
      '/lists/c1 304',
      '/.well-known/did-configuration.json 404',
    ]);
  });
});
