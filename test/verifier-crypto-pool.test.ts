// The verifier with its proofs checked on worker threads (CRYPTO_WORKERS > 0): the same reports as
// on the request thread (status lists read on it once the worker is done), 503 + Retry-After when
// saturated, and a dead worker survived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPresentation } from '@laurel/models';
import { buildDidWebDocument, generateIssuerKey, signPresentation } from '@laurel/suites';
import { builtCryptoPool, gate } from './support/crypto-pool.js';
import { createIssuingFixture, createSelfIssuer, createTestVerifier, type IssuingFixture, type TestVerifier } from './support/verifier.js';
import type { CryptoPool } from '@laurel/crypto-pool';

async function verifyPresentationWith(verifier: TestVerifier, presentation: unknown, challenge: string) {
  const response = await verifier.app.request('/presentations/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifiablePresentation: presentation, options: { challenge } }),
  });
  return { status: response.status, body: await response.json() };
}

describe('pooled and in-process verification answer alike (status lists from the issuer store)', () => {
  let fixture: IssuingFixture;
  let pool: CryptoPool;
  let inProcess: TestVerifier;
  let pooled: TestVerifier;
  beforeAll(async () => {
    pool = builtCryptoPool({ workers: 2, queueLimit: 100 });
    fixture = await createIssuingFixture();
    inProcess = createTestVerifier({ store: fixture.issuer.store });
    pooled = createTestVerifier({ store: fixture.issuer.store, cryptoPool: pool });
  }, 120_000);
  afterAll(async () => {
    await pooled?.close();
    await inProcess?.close();
    await fixture?.close();
    await pool?.close();
  });

  it('POST /credentials/verify: valid, suspended, revoked, tampered', async () => {
    const credential = await fixture.issue();
    const compare = async (document: unknown, status: number) => {
      const [expected, actual] = [await inProcess.verify(document), await pooled.verify(document)];
      expect(actual).toEqual(expected);
      expect(actual.status).toBe(status);
    };
    await compare(credential, 200);
    await compare({ ...credential, name: 'Changed after signing' }, 400);
    await fixture.setStatus(credential.id, 'suspended');
    await compare(credential, 400);
    await fixture.setStatus(credential.id, 'revoked');
    await compare(credential, 400);
  });

  it('POST /presentations/verify: right and wrong challenge', async () => {
    const holder = await generateIssuerKey();
    const credential = await fixture.issue();
    const presentation = await signPresentation(buildPresentation({ holder: holder.controller, verifiableCredential: [credential as { '@context': unknown[]; type: string[] }] }), { key: holder, challenge: 'n-1' });
    for (const [challenge, status] of [['n-1', 200], ['n-2', 400]] as const) {
      const [expected, actual] = [await verifyPresentationWith(inProcess, presentation, challenge), await verifyPresentationWith(pooled, presentation, challenge)];
      expect(actual).toEqual(expected);
      expect(actual.status).toBe(status);
    }
  });
});

describe('a small pool under load', () => {
  const listUrl = 'https://lists.example.test/status/1';
  const did = 'did:web:pool.example.test';

  /**
   * A verifier on a one-worker pool, and a credential of a did:web issuer: the worker verifying it
   * waits for the issuer's DID document, which waits at `held` until the test opens it. (A status
   * list could not hold a worker: lists are read on the request thread once the worker is done.)
   */
  async function heldVerifier(options: { queueLimit: number }) {
    const issuer = await createSelfIssuer({ controller: did });
    const list = await issuer.signList(listUrl, 'revocation');
    const credential = await issuer.signBadge([{ url: listUrl, purpose: 'revocation' }]);
    const held = gate();
    const pool = builtCryptoPool({ workers: 1, tasksPerWorker: 1, queueLimit: options.queueLimit });
    const verifier = createTestVerifier({
      cryptoPool: pool,
      fetchJson: async (url) => {
        if (url.href === listUrl) return list;
        if (url.href !== 'https://pool.example.test/.well-known/did.json') throw new Error(`unexpected fetch of ${url.href}`);
        await held.pass();
        return buildDidWebDocument(did, [issuer.key]);
      },
    });
    return { credential, held, pool, verifier, close: async () => (await verifier.close(), await pool.close()) };
  }

  it('saturated: 503 WORKERS_SATURATED with Retry-After, nothing lost for the requests already accepted', async () => {
    const { credential, held, verifier, close } = await heldVerifier({ queueLimit: 1 });
    try {
      const running = verifier.verify(credential);
      await held.holding(1);
      const queued = verifier.verify(credential);
      const refused = await verifier.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }) });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await refused.json()).toMatchObject({ status: 503, code: 'WORKERS_SATURATED' });
      held.open();
      expect((await running).status).toBe(200);
      expect((await queued).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('a worker dies mid-verification: that request gets 503 CRYPTO_WORKER_FAILED, the next one a new worker', async () => {
    const { credential, held, pool, verifier, close } = await heldVerifier({ queueLimit: 10 });
    try {
      const doomed = verifier.verify(credential);
      await held.holding(1);
      const [worker] = pool.threads();
      await worker!.terminate();
      const failed = await doomed;
      expect(failed.status).toBe(503);
      expect(failed.body).toMatchObject({ code: 'CRYPTO_WORKER_FAILED' });
      held.open();
      const after = await verifier.verify(credential);
      expect(after.status, JSON.stringify(after.body)).toBe(200);
      expect(pool.threads()[0]).not.toBe(worker);
    } finally {
      await close();
    }
  });
});
