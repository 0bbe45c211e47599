import { describe, expect, it } from 'vitest';
import {
  CONTEXT_URLS,
  DidResolutionError,
  UnknownContextError,
  bundledContexts,
  createDocumentLoader,
  offlineDocumentLoader,
  oneVerificationLoader,
} from '@laurel/contexts';

describe('offline document loader', () => {
  it('serves every context Laurel writes into credentials', async () => {
    for (const url of Object.values(CONTEXT_URLS)) {
      const { document, documentUrl } = await offlineDocumentLoader(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
  });

  it('bundles every published Open Badges 3.0 context and the extensions context', () => {
    for (const version of ['context.json', 'context-3.0.1.json', 'context-3.0.2.json', 'context-3.0.3.json', 'extensions.json']) {
      expect(bundledContexts.has(`https://purl.imsglobal.org/spec/ob/v3p0/${version}`)).toBe(true);
    }
  });

  // DIF Well Known DID Configuration v1.0, "DID Configuration Resource": @context MUST be this URL,
  // and Domain Linkage Credentials use it, so it must resolve offline like every context we sign with.
  it('bundles the DIF DID Configuration context (Domain Linkage Credentials), defining its four terms', async () => {
    const { document } = await offlineDocumentLoader('https://identity.foundation/.well-known/did-configuration/v1');
    expect(CONTEXT_URLS.DID_CONFIGURATION_V1).toBe('https://identity.foundation/.well-known/did-configuration/v1');
    const terms = (document as { '@context': Record<string, unknown>[] })['@context'][0];
    expect(terms).toMatchObject({
      '@protected': true,
      DomainLinkageCredential: 'https://identity.foundation/.well-known/resources/did-configuration/#DomainLinkageCredential',
      origin: 'https://identity.foundation/.well-known/resources/did-configuration/#origin',
      linked_dids: 'https://identity.foundation/.well-known/resources/did-configuration/#linked_dids',
      LinkedDomains: 'https://identity.foundation/.well-known/resources/did-configuration/#LinkedDomains',
    });
  });

  it('refuses an unknown URL with a typed error naming it, without fetching', async () => {
    const url = 'https://example.org/some/context.jsonld';
    const error = await offlineDocumentLoader(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownContextError);
    expect(error).toMatchObject({ code: 'UNKNOWN_CONTEXT', url });
    expect((error as Error).message).toContain(url);
  });

  it('resolves the W3C examples context offline (published with VC Data Model 2.0; the W3C test suites issue credentials that use it)', async () => {
    await expect(offlineDocumentLoader('https://www.w3.org/ns/credentials/examples/v2')).resolves.toMatchObject({
      document: { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } },
    });
  });

  it('lets callers add documents without replacing the bundled ones', async () => {
    const loader = createDocumentLoader({ documents: new Map([['https://example.org/ctx', { '@context': {} }]]) });
    await expect(loader('https://example.org/ctx')).resolves.toMatchObject({ document: { '@context': {} } });
    await expect(loader(CONTEXT_URLS.VC_V2)).resolves.toHaveProperty('document');
  });

  it('tells what it holds already without a promise: the very object it would answer, kept by one-verification wrappers', async () => {
    const extra = { '@context': { extra: 'https://example.test/extra#' } };
    const loader = createDocumentLoader({ documents: new Map([['https://example.test/extra', extra]]) });
    for (const candidate of [loader, oneVerificationLoader(loader)]) {
      expect(candidate.knownDocument?.(CONTEXT_URLS.VC_V2)).toBe((await candidate(CONTEXT_URLS.VC_V2)).document);
      expect(candidate.knownDocument?.('https://example.test/extra')).toBe(extra);
      // A DID is resolved, never held: it has no known document.
      expect(candidate.knownDocument?.('did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2')).toBeUndefined();
      expect(candidate.knownDocument?.('https://unknown.example/context')).toBeUndefined();
    }
  });

  it('resolves did:key documents and verification methods offline', async () => {
    const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
    const { document } = await offlineDocumentLoader(did);
    expect(document).toMatchObject({ id: did, assertionMethod: [`${did}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2`] });
    const { document: method } = await offlineDocumentLoader(`${did}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2`);
    expect(method).toMatchObject({ type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' });
  });

  it('shares one frozen did:key document between lookups: a reader that changed it would throw, not alter the next', async () => {
    const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
    const first = (await offlineDocumentLoader(did)).document as { verificationMethod: { publicKeyMultibase: string }[] };
    expect((await offlineDocumentLoader(did)).document).toBe(first);
    expect(() => {
      first.verificationMethod[0]!.publicKeyMultibase = 'z6Mkforged';
    }).toThrow(TypeError);
    expect(first.verificationMethod[0]!.publicKeyMultibase).toBe('z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2');
  });

  it('rejects malformed did:key and unsupported DID methods with DidResolutionError', async () => {
    await expect(offlineDocumentLoader('did:key:z6Mkbogus')).rejects.toBeInstanceOf(DidResolutionError);
    await expect(offlineDocumentLoader('did:example:123')).rejects.toMatchObject({ code: 'DID_RESOLUTION_FAILED' });
  });

  it('refuses did:web when no fetcher is configured', async () => {
    await expect(offlineDocumentLoader('did:web:example.com')).rejects.toMatchObject({ code: 'DID_RESOLUTION_FAILED' });
  });
});
