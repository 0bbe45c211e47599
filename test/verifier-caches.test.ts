// Across verifications, counted at a local server: a status list is fetched
// once within its TTL (Bitstring Status List §2.1 `ttl`) and again after it;
// a did:web document whose answer says nothing about caching is reused for
// VERIFIER_CACHE_DEFAULT_TTL_MS; a list fetched again unchanged is not
// verified again (the verified-lists cache holds it), a changed one is.
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '@laurel/models';
import { createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList, setStatusBit } from '@laurel/status-list';
import { buildDidWebDocument, generateIssuerKey, publicIssuerKey, signCredential, type IssuerKey } from '@laurel/suites';
import { fetchCacheOptions, verifiedStatusListCache, verifierConfigSchema } from '@laurel/verifier-service';
import { startServer, type LocalServer } from '../packages/guarded-fetch/src/testing/local-server.js';
import { checkOf, createTestVerifier, type TestVerifier } from './support/verifier.js';
import { waitFor } from './support/wait.js';

const DID = 'did:web:cache.test';
const LOOPBACK = { allowHttp: true, allowLoopback: true, timeoutMs: 2000 };

describe('verifier caches across requests', () => {
  let key: IssuerKey;
  let host: LocalServer;
  const documents = new Map<string, { body: unknown; headers?: http.OutgoingHttpHeaders }>();
  const verifiers: TestVerifier[] = [];

  /** The verifier as main.ts configures it, with these settings. */
  function verifierWith(env: Record<string, string> = {}) {
    const settings = verifierConfigSchema.parse(env);
    const verifiedStatusLists = verifiedStatusListCache(settings);
    const verifier = createTestVerifier({
      fetch: { ...LOOPBACK, cache: fetchCacheOptions(settings) },
      // did:web is https by definition; the test sends https://cache.test/… to the local (http) host.
      fetchJson: (url, guarded) => guarded(url.origin === 'https://cache.test' ? new URL(host.url(url.pathname)) : url),
      verifiedStatusLists,
    });
    verifiers.push(verifier);
    return { verifier, verifiedStatusLists };
  }

  async function publishList(path: string, revoked: number[], ttl: number) {
    let bits = createStatusList();
    for (const index of revoked) bits = setStatusBit(bits, index, true);
    const unsigned: Record<string, any> = createStatusListCredential({ id: host.url(path), issuer: DID, statusPurpose: 'revocation', encodedList: await encodeStatusList(bits), validFrom: '2026-01-01T00:00:00Z' });
    unsigned.credentialSubject.ttl = ttl;
    documents.set(path, { body: await signCredential(unsigned, { key }) });
    return host.url(path);
  }

  async function badge(serial: number, listUrl: string) {
    return signCredential(
      buildOpenBadgeCredential({
        id: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
        name: 'Cache test',
        issuer: { id: DID, name: 'Cache University' },
        achievement: { id: 'https://cache.test/achievements/1', name: 'Caching', description: 'Fetches counted.', criteria: { narrative: 'Any.' } },
        recipient: { id: 'did:example:ada', name: 'Ada' },
        validFrom: '2026-01-01T00:00:00Z',
        credentialStatus: [createStatusEntry({ statusListCredential: listUrl, statusListIndex: 7, statusPurpose: 'revocation' })],
      }),
      { key },
    );
  }

  const countOf = (path: string, since: number) => host.requests.slice(since).filter((each) => each === path).length;

  beforeAll(async () => {
    key = await generateIssuerKey({ controller: DID });
    host = await startServer((request, response) => {
      const found = documents.get(request.url ?? '');
      if (!found) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', ...found.headers }).end(JSON.stringify(found.body));
    });
    // No Cache-Control: VERIFIER_CACHE_DEFAULT_TTL_MS decides.
    documents.set('/.well-known/did.json', { body: buildDidWebDocument(DID, [publicIssuerKey(key)]) });
  });
  afterEach(async () => {
    while (verifiers.length) await verifiers.pop()!.close();
  });
  afterAll(() => host.close());

  it('a second verification within the list ttl fetches nothing; after it, the list is fetched again', async () => {
    const listUrl = await publishList('/lists/ttl', [], 3000);
    const credential = await badge(1, listUrl);
    const { verifier, verifiedStatusLists } = verifierWith();
    const before = host.requests.length;
    expect((await verifier.verify(credential)).body.verified).toBe(true);
    expect(countOf('/lists/ttl', before)).toBe(1);
    expect(countOf('/.well-known/did.json', before)).toBe(1);
    expect(verifiedStatusLists.size).toBe(1);

    const second = host.requests.length;
    expect((await verifier.verify(credential)).body.verified).toBe(true);
    expect(countOf('/lists/ttl', second)).toBe(0);
    expect(countOf('/.well-known/did.json', second)).toBe(0);
    // The domain publishes no DID configuration: its 404 was asked for once, by the first verification.
    expect(countOf('/.well-known/did-configuration.json', before)).toBe(1);

    // Once the ttl has passed the list is fetched again (the DID document, within its default 60 s, is not).
    await waitFor('the list fetched again', async () => {
      expect((await verifier.verify(credential)).body.verified).toBe(true);
      return countOf('/lists/ttl', second) > 0 ? true : undefined;
    });
    expect(countOf('/lists/ttl', second)).toBe(1);
    expect(countOf('/.well-known/did.json', second)).toBe(0);
  });

  it('a list changed on the server is read anew once fetched again: the revocation shows', async () => {
    const listUrl = await publishList('/lists/changed', [], 300);
    const credential = await badge(2, listUrl);
    const { verifier } = verifierWith();
    expect((await verifier.verify(credential)).body.verified).toBe(true);
    await publishList('/lists/changed', [7], 300);
    const revoked = await waitFor('the revocation seen', async () => {
      const status = checkOf((await verifier.verify(credential)).body, 'status');
      return status.status === 'valid' ? undefined : status;
    });
    expect(revoked).toMatchObject({ status: 'invalid', code: 'REVOKED' });
  });

  it('VERIFIER_CACHE_DEFAULT_TTL_MS=0: a did:web document without caching headers is fetched for every verification', async () => {
    const listUrl = await publishList('/lists/no-default', [], 60_000);
    const credential = await badge(3, listUrl);
    const { verifier } = verifierWith({ VERIFIER_CACHE_DEFAULT_TTL_MS: '0' });
    const before = host.requests.length;
    for (let round = 0; round < 2; round++) expect((await verifier.verify(credential)).body.verified).toBe(true);
    expect(countOf('/.well-known/did.json', before)).toBe(2);
    expect(countOf('/lists/no-default', before)).toBe(1);
  });
});
