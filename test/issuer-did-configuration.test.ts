// The issuer publishes a DIF Well Known DID Configuration (v1.0) for its did:web issuers, on
// every database: one Domain Linkage Credential per did:web issuer on the public host, signed
// with its current key; a verifier reading it through the service sees each DID linked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentLoader } from '@laurel/contexts';
import { checkDomainLinkage } from '@laurel/verifier-service';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { send } from './issuer-api-support.js';

const DID_CONFIGURATION_CONTEXT = 'https://identity.foundation/.well-known/did-configuration/v1';

describeEachDatabase('issuer: /.well-known/did-configuration.json', (database) => {
  let issuer: TestIssuer;
  const fetched: string[] = [];
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
  });
  afterAll(() => issuer.close());

  /** https://issuer.test/… answered by the service itself, as a verifier on the internet would reach it. */
  const fetchJson = async (url: URL) => {
    expect(url.origin).toBe(TEST_URLS.issuerBaseUrl);
    fetched.push(url.pathname);
    const response = await issuer.app.request(url.pathname);
    if (response.status !== 200) throw new Error(`${url.href}: ${response.status}`);
    return response.json();
  };
  const linkageOf = (did: string, now = new Date()) => checkDomainLinkage(did, { fetchJson, documentLoader: createDocumentLoader({ fetchDidWebDocument: fetchJson }), now });

  async function configuration() {
    const response = await send(issuer, 'GET', '/.well-known/did-configuration.json', { token: null });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    return response.body as { '@context': string; linked_dids: Record<string, any>[] };
  }

  async function createIssuer(slug: string, didMethod: 'web' | 'key', vcVersion: '2.0' | '1.1' = '2.0') {
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug, name: `University ${slug}`, didMethod, vcVersion } });
    expect(created.status, created.text).toBe(201);
    return { id: created.body.id as string, did: created.body.did as string };
  }

  it('DID Configuration Resource: the DIF context and one Domain Linkage Credential per did:web issuer, none for did:key', async () => {
    expect(await configuration()).toEqual({ '@context': DID_CONFIGURATION_CONTEXT, linked_dids: [] });
    const modern = await createIssuer('linked-u', 'web');
    const older = await createIssuer('linked-old-u', 'web', '1.1');
    const keyed = await createIssuer('keyed-linked-u', 'key');

    const resource = await configuration();
    expect(resource['@context']).toBe(DID_CONFIGURATION_CONTEXT);
    expect(resource.linked_dids.map((credential) => credential.issuer).sort()).toEqual([modern.did, older.did].sort());
    for (const credential of resource.linked_dids) {
      // "Linked Data Proof Format": type, subject id = issuer = the DID, origin, both dates, a proof by the DID's key.
      expect(credential).toMatchObject({
        '@context': expect.arrayContaining(['https://www.w3.org/2018/credentials/v1', DID_CONFIGURATION_CONTEXT]),
        type: ['VerifiableCredential', 'DomainLinkageCredential'],
        credentialSubject: { id: credential.issuer, origin: 'https://issuer.test' },
        issuanceDate: expect.any(String),
        expirationDate: expect.any(String),
        proof: { proofPurpose: 'assertionMethod', verificationMethod: expect.stringMatching(new RegExp(`^${credential.issuer}#`)) },
      });
      expect(Date.parse(credential.expirationDate)).toBeGreaterThan(Date.parse(credential.issuanceDate));
    }
    expect(resource.linked_dids.some((credential) => credential.issuer === keyed.did)).toBe(false);

    fetched.length = 0;
    await expect(linkageOf(modern.did)).resolves.toEqual({ status: 'linked', domain: 'issuer.test', origin: 'https://issuer.test' });
    await expect(linkageOf(older.did)).resolves.toMatchObject({ status: 'linked', domain: 'issuer.test' });
    expect(fetched).toContain('/.well-known/did-configuration.json');
    expect(fetched).toContain('/issuers/linked-u/did.json');
    // A DID this host serves no credential for is not linked, however similar.
    await expect(linkageOf('did:web:issuer.test:issuers:nobody-u')).resolves.toMatchObject({ status: 'not-linked' });
  });

  it('is signed once and served from memory; a key rotation re-signs with the new key, and the link still verifies', async () => {
    const rotating = await createIssuer('rotating-linked-u', 'web');
    const first = (await configuration()).linked_dids.find((credential) => credential.issuer === rotating.did)!;
    const again = (await configuration()).linked_dids.find((credential) => credential.issuer === rotating.did)!;
    expect(again).toEqual(first);

    const rotated = await send(issuer, 'POST', `/v1/issuers/${rotating.id}/keys`);
    expect(rotated.status, rotated.text).toBe(201);
    const after = (await configuration()).linked_dids.find((credential) => credential.issuer === rotating.did)!;
    expect(after.proof.verificationMethod).toBe(rotated.body.keyId);
    expect(first.proof.verificationMethod).not.toBe(rotated.body.keyId);
    await expect(linkageOf(rotating.did)).resolves.toMatchObject({ status: 'linked' });
  });

  it('the check can fail: past its expirationDate the published credential no longer links', async () => {
    const { did } = await createIssuer('expiring-linked-u', 'web');
    await expect(linkageOf(did, new Date(Date.now() + 400 * 24 * 60 * 60 * 1000))).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringMatching(/expir/i) });
  });
});
