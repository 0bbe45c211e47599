// DIF Well Known DID Configuration v1.0 as the verifier reads it: each rule of the Domain
// Linkage Credential (Linked Data Proof format) can fail the link on its own.
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '@laurel/contexts';
import { FetchRefusedError } from '@laurel/guarded-fetch';
import { buildDomainLinkageCredential } from '@laurel/issuance';
import { buildDidWebDocument, generateIssuerKey, signCredential, type IssuerKey } from '@laurel/suites';
import { checkDomainLinkage } from '@laurel/trust';

const DID = 'did:web:example.edu';
const OTHER_DID = 'did:web:example.edu:other';
const CONFIG_URL = 'https://example.edu/.well-known/did-configuration.json';
const NOW = new Date('2026-06-01T00:00:00Z');

interface Site {
  /** URL → JSON document, or an error to throw. */
  documents: Map<string, unknown>;
  fetched: string[];
}

async function site(): Promise<{ site: Site; key: IssuerKey; otherKey: IssuerKey }> {
  const key = await generateIssuerKey({ controller: DID });
  const otherKey = await generateIssuerKey({ controller: OTHER_DID });
  const documents = new Map<string, unknown>([
    ['https://example.edu/.well-known/did.json', buildDidWebDocument(DID, [key])],
    ['https://example.edu/other/did.json', buildDidWebDocument(OTHER_DID, [otherKey])],
  ]);
  return { site: { documents, fetched: [] }, key, otherKey };
}

function check(target: Site, did = DID, now = NOW) {
  const fetchJson = async (url: URL) => {
    target.fetched.push(url.href);
    const document = target.documents.get(url.href);
    if (document instanceof Error) throw document;
    if (document === undefined) throw new FetchRefusedError('FETCH_HTTP_STATUS', url.href, `${url.href} answered 404`, { status: 404 });
    return document;
  };
  return checkDomainLinkage(did, { fetchJson, documentLoader: createDocumentLoader({ fetchDidWebDocument: fetchJson }), now });
}

type Linkage = Record<string, unknown> & { credentialSubject: Record<string, unknown> };

async function linkage(key: IssuerKey, change: (credential: Linkage) => void = () => {}, issued = new Date('2026-01-01T00:00:00Z')) {
  const credential = buildDomainLinkageCredential(key.controller, 'https://example.edu', issued) as Linkage;
  change(credential);
  return signCredential(credential, { key, skipValidation: true });
}

const resource = (...linked: unknown[]) => ({ '@context': 'https://identity.foundation/.well-known/did-configuration/v1', linked_dids: linked });

describe('domain linkage (DIF Well Known DID Configuration v1.0)', () => {
  it('a valid Domain Linkage Credential links the DID to its domain, read with one fetch of the configuration', async () => {
    const { site: target, key } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(key)));
    await expect(check(target)).resolves.toEqual({ status: 'linked', domain: 'example.edu', origin: 'https://example.edu' });
    expect(target.fetched.filter((url) => url === CONFIG_URL)).toHaveLength(1);
  });

  it('the origin must be the one the resource was fetched from', async () => {
    const { site: target, key } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(key, (credential) => (credential.credentialSubject.origin = 'https://evil.example'))));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringContaining('https://evil.example') });
  });

  it('credentialSubject.id must be the DID', async () => {
    const { site: target, key } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(key, (credential) => (credential.credentialSubject.id = OTHER_DID))));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringContaining('subject') });
  });

  it('the type must include DomainLinkageCredential', async () => {
    const { site: target, key } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(key, (credential) => (credential.type = ['VerifiableCredential']))));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringContaining('DomainLinkageCredential') });
  });

  it('expirationDate must be present, and not passed', async () => {
    const { site: target, key } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(key, (credential) => delete credential.expirationDate)));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringContaining('expiration') });
    target.documents.set(CONFIG_URL, resource(await linkage(key, () => {}, new Date('2024-01-01T00:00:00Z'))));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked' });
  });

  it('the proof must verify: a credential altered after signing does not link', async () => {
    const { site: target, key } = await site();
    const signed = await linkage(key);
    target.documents.set(CONFIG_URL, resource({ ...signed, issuanceDate: '2026-02-01T00:00:00Z' }));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked' });
  });

  it('the proof must be made with a key the DID controls: another DID on the same domain cannot vouch for it', async () => {
    const { site: target, otherKey } = await site();
    // Signed by OTHER_DID's key but naming DID as issuer and subject.
    const forged = await signCredential(buildDomainLinkageCredential(DID, 'https://example.edu', new Date('2026-01-01T00:00:00Z')), { key: { ...otherKey, controller: DID }, skipValidation: true });
    target.documents.set(CONFIG_URL, resource(forged));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked' });
  });

  it('a valid credential for another DID links only that DID', async () => {
    const { site: target, otherKey } = await site();
    target.documents.set(CONFIG_URL, resource(await linkage(otherKey)));
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: expect.stringContaining('links no credential') });
    await expect(check(target, OTHER_DID)).resolves.toMatchObject({ status: 'linked', domain: 'example.edu' });
  });

  it('no configuration published (404) is "not linked"; an unreachable or malformed one is "unknown"', async () => {
    const { site: target } = await site();
    await expect(check(target)).resolves.toMatchObject({ status: 'not-linked', reason: 'example.edu publishes no DID configuration.' });
    target.documents.set(CONFIG_URL, new FetchRefusedError('FETCH_TIMEOUT', CONFIG_URL, 'timed out'));
    await expect(check(target)).resolves.toMatchObject({ status: 'unknown', reason: expect.stringContaining('timed out') });
    target.documents.set(CONFIG_URL, { linked_dids: 'nope' });
    await expect(check(target)).resolves.toMatchObject({ status: 'unknown', reason: expect.stringContaining('not a DID configuration') });
  });

  it('a did:key names no domain: nothing is fetched', async () => {
    const { site: target } = await site();
    const didKey = (await generateIssuerKey()).controller;
    await expect(check(target, didKey)).resolves.toMatchObject({ status: 'not-linked' });
    expect(target.fetched).toEqual([]);
  });
});
