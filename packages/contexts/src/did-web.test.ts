import { describe, expect, it } from 'vitest';
import { DidResolutionError, createDocumentLoader, didWebDocumentUrl, didWebFromDomain } from '@laurel/contexts';

describe('did:web', () => {
  it('maps DIDs to document URLs as the did:web method specifies', () => {
    expect(didWebDocumentUrl('did:web:w3c-ccg.github.io').href).toBe('https://w3c-ccg.github.io/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:w3c-ccg.github.io:user:alice').href).toBe('https://w3c-ccg.github.io/user/alice/did.json');
    expect(didWebDocumentUrl('did:web:example.com%3A3000').href).toBe('https://example.com:3000/.well-known/did.json');
  });

  it('round-trips domains and paths', () => {
    const did = didWebFromDomain('Example.com:3000', ['issuers', 'main']);
    expect(did).toBe('did:web:example.com%3A3000:issuers:main');
    expect(didWebDocumentUrl(did).href).toBe('https://example.com:3000/issuers/main/did.json');
  });

  it('rejects malformed DIDs', () => {
    for (const bad of ['did:web:', 'did:web:example.com::x', 'did:key:z6Mk', 'did:web:exa mple.com', 'did:web:user@example.com']) {
      expect(() => didWebDocumentUrl(bad), bad).toThrow(DidResolutionError);
    }
  });

  const did = 'did:web:issuer.example';
  const document = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' }],
    assertionMethod: [`${did}#key-1`],
  };

  it('resolves documents and methods only through the injected fetcher', async () => {
    const requested: string[] = [];
    const loader = createDocumentLoader({
      fetchDidWebDocument: async (url) => {
        requested.push(url.href);
        return document;
      },
    });
    await expect(loader(did)).resolves.toMatchObject({ document: { id: did } });
    await expect(loader(`${did}#key-1`)).resolves.toMatchObject({ document: { id: `${did}#key-1`, controller: did, '@context': document['@context'] } });
    await expect(loader(`${did}#key-2`)).rejects.toBeInstanceOf(DidResolutionError);
    expect(requested).toEqual(Array(3).fill('https://issuer.example/.well-known/did.json'));
  });

  it('rejects a document served for another DID, and fetch failures, as resolution errors', async () => {
    const impostor = createDocumentLoader({ fetchDidWebDocument: async () => ({ ...document, id: 'did:web:evil.example' }) });
    await expect(impostor(did)).rejects.toMatchObject({ code: 'DID_RESOLUTION_FAILED' });
    const down = createDocumentLoader({
      fetchDidWebDocument: async () => {
        throw new Error('connection refused');
      },
    });
    await expect(down(did)).rejects.toThrow(/connection refused/);
  });
});
