import { DidResolutionError } from './errors.js';

/**
 * Fetches a JSON document. Laurel injects its guarded fetcher here (https only,
 * no private addresses, timeouts, size caps); nothing in this package opens a socket.
 */
export type JsonFetcher = (url: URL) => Promise<unknown>;

/**
 * The URL a did:web DID document lives at, per the did:web method specification:
 * `did:web:example.com` → `https://example.com/.well-known/did.json`,
 * `did:web:example.com:org:unit` → `https://example.com/org/unit/did.json`,
 * and a percent-encoded port (`example.com%3A8443`) is decoded.
 */
export function didWebDocumentUrl(did: string): URL {
  const match = /^did:web:([^#?/]+)$/.exec(did);
  if (!match?.[1]) throw new DidResolutionError(did, 'not a did:web DID');
  const [encodedHost, ...pathSegments] = match[1].split(':');
  if (!encodedHost || pathSegments.some((segment) => segment === '')) {
    throw new DidResolutionError(did, 'empty host or path segment');
  }
  const host = decodeURIComponent(encodedHost);
  const path = pathSegments.length === 0
    ? '/.well-known/did.json'
    : `/${pathSegments.map((segment) => decodeURIComponent(segment)).join('/')}/did.json`;
  let url: URL;
  try {
    url = new URL(`https://${host}${path}`);
  } catch (cause) {
    throw new DidResolutionError(did, 'the host is not a valid domain name', { cause });
  }
  if (url.host !== host.toLowerCase()) throw new DidResolutionError(did, 'the host is not a valid domain name');
  return url;
}

/** The did:web DID for a domain (with optional port) and optional path segments. */
export function didWebFromDomain(domain: string, path: readonly string[] = []): string {
  const host = encodeURIComponent(domain.toLowerCase());
  return ['did:web', host, ...path.map((segment) => encodeURIComponent(segment))].join(':');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resolves a did:web DID or DID URL through the injected fetcher. A DID URL with
 * a fragment returns that verification method, with the document's `@context`.
 */
export async function resolveDidWeb(didUrl: string, fetchJson: JsonFetcher): Promise<Record<string, unknown>> {
  const [did = '', fragment] = didUrl.split('#', 2);
  const documentUrl = didWebDocumentUrl(did);
  let document: unknown;
  try {
    document = await fetchJson(documentUrl);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DidResolutionError(didUrl, `could not fetch ${documentUrl.href}: ${reason}`, { cause });
  }
  if (!isRecord(document) || document.id !== did) {
    throw new DidResolutionError(didUrl, `${documentUrl.href} is not the DID document of ${did}`);
  }
  if (fragment === undefined) return document;
  const methods = Array.isArray(document.verificationMethod) ? document.verificationMethod : [];
  const method = methods.find(
    (candidate): candidate is Record<string, unknown> =>
      isRecord(candidate) && (candidate.id === didUrl || candidate.id === `#${fragment}`),
  );
  if (!method) throw new DidResolutionError(didUrl, `the DID document has no verification method #${fragment}`);
  return { '@context': document['@context'], ...method, id: didUrl, controller: method.controller ?? did };
}
