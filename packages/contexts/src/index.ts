export { CONTEXT_URLS, bundledContexts } from './bundled-contexts.js';
export { PINNED_CONTEXTS, type PinnedContext } from './pinned-contexts.js';
export {
  createDocumentLoader,
  offlineDocumentLoader,
  type DocumentLoader,
  type DocumentLoaderOptions,
  type RemoteDocument,
} from './document-loader.js';
export { oneVerificationLoader } from './one-verification-loader.js';
export { resolveDidKey, didKeyFromPublicKeyMultibase, isEd25519DidKey } from './did-key.js';
export { resolveDidWeb, didWebDocumentUrl, didWebFromDomain, type JsonFetcher } from './did-web.js';
export { UnknownContextError, DidResolutionError } from './errors.js';
