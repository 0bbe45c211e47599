import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { driver } from '@digitalbazaar/did-method-key';
import { deepFreeze } from '@laurel/models';
import { DidResolutionError } from './errors.js';

const ED25519_MULTIKEY_HEADER = 'z6Mk';

const didKeyDriver = driver();
didKeyDriver.use({ multibaseMultikeyHeader: ED25519_MULTIKEY_HEADER, fromMultibase: Ed25519Multikey.from });

/** True for a syntactically plausible Ed25519 did:key (with or without a fragment). */
export function isEd25519DidKey(didUrl: string): boolean {
  return didUrl.startsWith(`did:key:${ED25519_MULTIKEY_HEADER}`);
}

/** The did:key DID for an Ed25519 public key in multibase (`z6Mk...`) form. */
export function didKeyFromPublicKeyMultibase(publicKeyMultibase: string): string {
  if (!publicKeyMultibase.startsWith(ED25519_MULTIKEY_HEADER)) {
    throw new DidResolutionError(`did:key:${publicKeyMultibase}`, 'only Ed25519 keys (z6Mk...) are supported');
  }
  return `did:key:${publicKeyMultibase}`;
}

/**
 * Resolves a did:key DID or DID URL entirely offline: the key is the identifier.
 * Returns the DID document for a DID and the verification method for a DID URL with a fragment,
 * deeply frozen and shared by every caller (like the bundled contexts): readers only read it,
 * and one that tried to change it would fail loudly rather than alter the next caller's copy.
 */
export async function resolveDidKey(didUrl: string): Promise<Record<string, unknown>> {
  if (!isEd25519DidKey(didUrl)) {
    throw new DidResolutionError(didUrl, 'only Ed25519 did:key identifiers (did:key:z6Mk...) are supported');
  }
  const cached = resolved.get(didUrl);
  if (cached) return cached;
  let document: Record<string, unknown>;
  try {
    document = deepFreeze(structuredClone(await didKeyDriver.get({ url: didUrl })));
  } catch (cause) {
    throw new DidResolutionError(didUrl, 'not a valid Ed25519 did:key', { cause });
  }
  remember(didUrl, document);
  return document;
}

/**
 * A did:key document is a pure function of the identifier, and building one
 * derives an X25519 key each time; verifying a credential resolves the same
 * DID twice (method, then controller), and a busy verifier sees the same
 * issuers again and again. A small bounded memo saves that work (and, since
 * what it holds is frozen, the copy per lookup it used to make).
 */
const MAX_REMEMBERED = 1000;
const resolved = new Map<string, Record<string, unknown>>();

function remember(didUrl: string, document: Record<string, unknown>): void {
  if (resolved.size >= MAX_REMEMBERED) resolved.delete(resolved.keys().next().value!);
  resolved.set(didUrl, document);
}
