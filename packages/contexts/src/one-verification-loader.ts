import type { DocumentLoader, RemoteDocument } from './document-loader.js';

/**
 * A document loader for ONE verification (one request, one pooled task): each
 * DID URL is resolved once and its document shared by every lookup in it.
 * A credential's proof names its key several times — our proof check, the
 * suite's key lookup, the proof purpose's controller check — and each
 * resolution of a did:key builds or copies a document. Those readers only
 * read it. Contexts are not memoised here: they come from the bundle as they
 * are. Failures are remembered too, so a broken DID costs one attempt. Not
 * for a long-lived loader: nothing here is ever forgotten.
 */
export function oneVerificationLoader(loader: DocumentLoader): DocumentLoader {
  const dids = new Map<string, Promise<RemoteDocument>>();
  const once = (url: string): Promise<RemoteDocument> => {
    if (!url.startsWith('did:')) return loader(url);
    let resolved = dids.get(url);
    if (!resolved) {
      resolved = loader(url);
      dids.set(url, resolved);
    }
    return resolved;
  };
  return loader.knownDocument ? Object.assign(once, { knownDocument: loader.knownDocument }) : once;
}
