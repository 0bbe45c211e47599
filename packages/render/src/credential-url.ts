import { CredentialInputError, readCredentialInput, type CredentialInput } from './credential-input.js';

/** One GET's answer, whatever its status; the body may be empty for an error status. */
export interface FetchedDocument {
  /** Where the answer finally came from, after redirects. */
  url: string;
  status: number;
  contentType: string;
  bytes: Uint8Array;
}

/** Fetches a URL under the caller's policy (Laurel passes its guarded fetcher); injected so this package opens no socket. */
export type FetchDocument = (url: URL, accept: string) => Promise<FetchedDocument>;

/** What a credential URL gave: the credential (or presentation), or the issuer's word that it was revoked. */
export type UrlInput = CredentialInput | { kind: 'revoked'; url: string };

// JSON first (a Laurel credential URL answers its JSON to this), then the forms that carry a credential inside.
export const CREDENTIAL_ACCEPT =
  'application/ld+json, application/vc+ld+json, application/json;q=0.9, image/png;q=0.5, image/svg+xml;q=0.5, application/pdf;q=0.5, text/html;q=0.2';

const LINK = /<link\b[^>]*>/gi;
const JSON_LINK_TYPE = /^application\/(?:(?:ld|vc\+ld|vc)\+)?json$|^application\/vc$/i;

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value?.replace(/&amp;/g, '&');
}

/** The credential a web page points at: `<link rel="alternate" type="application/ld+json" href="…">`. */
export function credentialLinkIn(html: string, base: string): URL | undefined {
  for (const tag of html.match(LINK) ?? []) {
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const type = attribute(tag, 'type') ?? '';
    const href = attribute(tag, 'href');
    if (!rel.includes('alternate') || !JSON_LINK_TYPE.test(type.trim()) || !href) continue;
    try {
      return new URL(href, base);
    } catch {
      continue;
    }
  }
  return undefined;
}

async function get(url: URL, fetchDocument: FetchDocument): Promise<FetchedDocument> {
  try {
    return await fetchDocument(url, CREDENTIAL_ACCEPT);
  } catch (error) {
    throw new CredentialInputError('FETCH_FAILED', `Could not get ${url.href}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads the credential at a URL: its JSON, a baked badge or PDF, or a web page
 * that links to its JSON (followed once). 410 Gone is how an issuer says a
 * credential was revoked (Laurel's issuer does), so it is reported as that,
 * not as an HTTP error.
 */
export async function readCredentialUrl(input: string, fetchDocument: FetchDocument): Promise<UrlInput> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new CredentialInputError('INVALID_URL', `"${input.trim().slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CredentialInputError('INVALID_URL', `Only http and https URLs can be fetched, not ${url.protocol}`);
  for (let hops = 0; ; hops++) {
    const answer = await get(url, fetchDocument);
    if (answer.status === 410) return { kind: 'revoked', url: answer.url };
    if (answer.status < 200 || answer.status > 299) throw new CredentialInputError('FETCH_FAILED', `${answer.url} answered with HTTP status ${answer.status}, not a credential.`);
    const mediaType = answer.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') {
      const link = hops === 0 ? credentialLinkIn(Buffer.from(answer.bytes).toString('utf8'), answer.url) : undefined;
      if (!link) throw new CredentialInputError('UNKNOWN_FORMAT', `${answer.url} is a web page that links to no credential (no <link rel="alternate" type="application/ld+json">).`);
      url = link;
      continue;
    }
    return readCredentialInput(answer.bytes, { contentType: mediaType });
  }
}
