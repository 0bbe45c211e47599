import { bundledContexts } from './bundled-contexts.js';
import { isEd25519DidKey, resolveDidKey } from './did-key.js';
import { resolveDidWeb, type JsonFetcher } from './did-web.js';
import { DidResolutionError, UnknownContextError } from './errors.js';

/** The shape jsonld and jsonld-signatures expect from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}
export interface DocumentLoader {
  (url: string): Promise<RemoteDocument>;
  /**
   * The document the loader would answer for `url` when it holds it already
   * (bundled contexts, injected documents), without a promise; undefined when
   * it would have to resolve or fetch it. Optional: wrappers pass it on.
   */
  readonly knownDocument?: (url: string) => unknown;
}

export interface DocumentLoaderOptions {
  /** Extra documents keyed by URL (for example an issuer's own DID document, or test fixtures). */
  documents?: ReadonlyMap<string, unknown>;
  /**
   * How to fetch did:web documents. Without it, did:web is a DidResolutionError:
   * an offline loader never touches the network.
   */
  fetchDidWebDocument?: JsonFetcher;
}

/**
 * Creates the loader jsonld uses for every context and DID lookup.
 * Bundled contexts and did:key resolve offline; did:web goes through the
 * injected fetcher; any other URL is an UnknownContextError, never a fetch.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const { documents, fetchDidWebDocument } = options;
  const knownDocument = (url: string): unknown => documents?.get(url) ?? bundledContexts.get(url);
  return Object.assign(async function laurelDocumentLoader(url: string): Promise<RemoteDocument> {
    const document = knownDocument(url);
    if (document !== undefined) return { contextUrl: null, documentUrl: url, document };
    if (isEd25519DidKey(url)) {
      return { contextUrl: null, documentUrl: url, document: await resolveDidKey(url) };
    }
    if (url.startsWith('did:web:')) {
      if (!fetchDidWebDocument) throw new DidResolutionError(url, 'did:web needs a network fetcher, and none is configured');
      return { contextUrl: null, documentUrl: url, document: await resolveDidWeb(url, fetchDidWebDocument) };
    }
    if (url.startsWith('did:')) throw new DidResolutionError(url, 'unsupported DID method (Laurel resolves did:key and did:web)');
    throw new UnknownContextError(url);
  }, { knownDocument });
}

/** An offline loader: bundled contexts and did:key only. */
export const offlineDocumentLoader: DocumentLoader = createDocumentLoader();
