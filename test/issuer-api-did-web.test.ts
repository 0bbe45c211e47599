// did:web issuers, on every database: the served did.json lists the key;
// after a rotation it lists both and both may assert, so credentials signed
// before the rotation keep verifying, resolved through the service itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentLoader, didWebDocumentUrl } from '@laurel/contexts';
import { createStatusChecker } from '@laurel/status-list';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, loadHostedList, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { COURSE, completion, send } from './issuer-api-support.js';

interface DidDocument {
  id: string;
  verificationMethod: { id: string; type: string; controller: string; publicKeyMultibase: string; revoked?: string }[];
  assertionMethod: string[];
}

describeEachDatabase('issuer API: did:web documents and key rotation', (database) => {
  let issuer: TestIssuer;
  const fetched: string[] = [];
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
  });
  afterAll(() => issuer.close());

  /** Resolves did:web through the service: https://issuer.test/issuers/<slug>/did.json → app.request('/issuers/<slug>/did.json'). */
  const documentLoader = () =>
    createDocumentLoader({
      fetchDidWebDocument: async (url) => {
        expect(url.origin).toBe(new URL(TEST_URLS.issuerBaseUrl).origin);
        fetched.push(url.pathname);
        const response = await issuer.app.request(url.pathname);
        if (response.status !== 200) throw new Error(`${url.href}: ${response.status}`);
        return response.json();
      },
    });

  /** Like the test issuer's checker, but status list credentials signed by did:web keys are resolved through the service too. */
  const checkStatus = () =>
    createStatusChecker({
      documentLoader: documentLoader(),
      loadStatusList: (url) => loadHostedList(issuer.store, url),
    });

  async function didDocument(slug: string): Promise<DidDocument> {
    const response = await send(issuer, 'GET', `/issuers/${slug}/did.json`, { token: null });
    expect(response.status, response.text).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    return response.body as DidDocument;
  }

  async function earn(issuerId: string, lmsUserId: string) {
    const reported = await send(issuer, 'POST', '/v1/completions', { json: { issuerId, ...completion(lmsUserId, `${lmsUserId}-e`) } });
    expect(reported.status, reported.text).toBe(200);
    expect(reported.body.issued).toHaveLength(1);
    const stored = await send(issuer, 'GET', `/v1/credentials/${reported.body.issued[0].credentialId}`);
    return stored.body.document as { issuer: { id: string }; proof: { verificationMethod: string } };
  }

  it.each([
    ['2.0', 'rotate-u'],
    ['1.1', 'rotate-old-u'],
  ] as const)('VC %s: did.json lists every key, and credentials from before and after a rotation verify', async (vcVersion, slug) => {
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug, name: 'Rotating University', didMethod: 'web', vcVersion } });
    expect(created.status, created.text).toBe(201);
    const issuerId = created.body.id as string;
    const did = created.body.did as string;
    expect(did).toBe(`did:web:issuer.test:issuers:${slug}`);
    expect(didWebDocumentUrl(did).href).toBe(`${TEST_URLS.issuerBaseUrl}/issuers/${slug}/did.json`);
    expect((await send(issuer, 'POST', `/v1/issuers/${issuerId}/achievements`, { json: { externalId: COURSE, name: 'Course', rules: { minGradePercent: 50 } } })).status).toBe(201);

    const first = await didDocument(slug);
    expect(first.id).toBe(did);
    expect(first.verificationMethod).toHaveLength(1);
    const firstKey = first.verificationMethod[0]!;
    expect(firstKey).toMatchObject({ controller: did, type: 'Multikey', publicKeyMultibase: expect.stringMatching(/^z6Mk/) });
    expect(firstKey.id.startsWith(`${did}#`)).toBe(true);
    expect(first.assertionMethod).toEqual([firstKey.id]);

    const before = await earn(issuerId, `${slug}-before`);
    expect(before.proof.verificationMethod).toBe(firstKey.id);

    const rotated = await send(issuer, 'POST', `/v1/issuers/${issuerId}/keys`);
    expect(rotated.status, rotated.text).toBe(201);
    const newKeyId = rotated.body.keyId as string;
    expect(newKeyId).not.toBe(firstKey.id);
    expect(newKeyId.startsWith(`${did}#`)).toBe(true);

    const second = await didDocument(slug);
    expect(second.verificationMethod.map((method) => method.id).sort()).toEqual([firstKey.id, newKeyId].sort());
    expect(second.assertionMethod.sort()).toEqual([firstKey.id, newKeyId].sort());
    expect(second.verificationMethod.every((method) => method.controller === did && method.revoked === undefined)).toBe(true);
    expect(second.verificationMethod.find((method) => method.id === firstKey.id)?.publicKeyMultibase).toBe(firstKey.publicKeyMultibase);

    const after = await earn(issuerId, `${slug}-after`);
    expect(after.proof.verificationMethod).toBe(newKeyId);

    fetched.length = 0;
    for (const [label, document] of [['before', before], ['after', after]] as const) {
      const result = await verifyCredential(document, { documentLoader: documentLoader(), checkStatus: checkStatus() });
      expect(result.checks, label).toMatchObject({ proof: { status: 'valid' }, issuer: { status: 'valid' }, status: { status: 'valid' } });
      expect(result.verified, label).toBe(true);
    }
    expect(fetched).toContain(`/issuers/${slug}/did.json`);
  });

  it('the check can fail: a DID document without the retired key does not verify the old credential', async () => {
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug: 'forgetful-u', name: 'Forgetful', didMethod: 'web' } });
    const issuerId = created.body.id as string;
    await send(issuer, 'POST', `/v1/issuers/${issuerId}/achievements`, { json: { externalId: COURSE, name: 'Course', rules: {} } });
    const before = await earn(issuerId, 'forgetful-before');
    expect((await send(issuer, 'POST', `/v1/issuers/${issuerId}/keys`)).status).toBe(201);
    const current = await didDocument('forgetful-u');
    const newestOnly = {
      ...current,
      verificationMethod: current.verificationMethod.filter((method) => method.id !== before.proof.verificationMethod),
      assertionMethod: current.assertionMethod.filter((id) => id !== before.proof.verificationMethod),
    };
    const loader = createDocumentLoader({ fetchDidWebDocument: async () => newestOnly });
    const result = await verifyCredential(before, { documentLoader: loader, checkStatus: checkStatus() });
    expect(result.verified).toBe(false);
    expect(result.checks.proof.status).not.toBe('valid');
  });

  it('a did:key issuer has no did.json and cannot rotate; an unknown issuer cannot rotate', async () => {
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug: 'keyed-u', name: 'Keyed', didMethod: 'key' } });
    expect((await send(issuer, 'GET', '/issuers/keyed-u/did.json', { token: null })).status).toBe(404);
    expect((await send(issuer, 'POST', `/v1/issuers/${created.body.id}/keys`)).status).toBe(409);
    expect((await send(issuer, 'POST', '/v1/issuers/no-such-issuer/keys')).status).toBe(404);
  });
});
