import { CONTEXT_URLS, didWebDocumentUrl } from '@laurel/contexts';
import type { Issuer, Store } from '@laurel/store';
import { signCredential } from '@laurel/suites';
import { timestamp, type IssuanceDeps } from './deps.js';
import { signingKeyOf } from './issuers.js';

/** How long a Domain Linkage Credential is valid; it is re-signed once half of that has passed. */
export const DOMAIN_LINKAGE_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;

interface CachedLinkage {
  keyId: string;
  signedAt: number;
  credential: Record<string, unknown>;
}

// Signing is the costly part of an unauthenticated GET, so each process keeps what it signed,
// per store (a test may run several installations in one process), until a key rotation or half-life.
const signedLinkages = new WeakMap<Store, Map<string, CachedLinkage>>();

/** The origin the did:web issuers hosted here share: https://<public host>, as did:web resolution uses. */
export function issuerOrigin(issuerBaseUrl: string): string {
  return `https://${new URL(issuerBaseUrl).host}`;
}

/** Whether an issuer's DID is a did:web on this installation's public host (only those can be linked to it). */
function onThisHost(issuer: Issuer, origin: string): boolean {
  if (issuer.didMethod !== 'web') return false;
  try {
    return didWebDocumentUrl(issuer.did).origin === origin;
  } catch {
    return false;
  }
}

/**
 * The Domain Linkage Credential of DIF Well Known DID Configuration v1.0, Linked Data Proof
 * format: a VC 1.1 credential whose issuer and subject are the DID, with the origin, issuance
 * and expiration dates the specification requires.
 */
export function buildDomainLinkageCredential(did: string, origin: string, issued: Date): Record<string, unknown> {
  return {
    '@context': [CONTEXT_URLS.VC_V1, CONTEXT_URLS.DID_CONFIGURATION_V1],
    type: ['VerifiableCredential', 'DomainLinkageCredential'],
    issuer: did,
    issuanceDate: timestamp(issued),
    expirationDate: timestamp(new Date(issued.getTime() + DOMAIN_LINKAGE_VALIDITY_MS)),
    credentialSubject: { id: did, origin },
  };
}

async function linkageFor(deps: IssuanceDeps, issuer: Issuer, origin: string, cache: Map<string, CachedLinkage>): Promise<Record<string, unknown>> {
  const now = deps.now();
  const cached = cache.get(issuer.id);
  const active = await deps.store.keys.activeKey(issuer.id);
  if (cached && cached.keyId === active?.id && now.getTime() - cached.signedAt < DOMAIN_LINKAGE_VALIDITY_MS / 2) return cached.credential;
  // The secret is unsealed only when something must be signed.
  const key = await signingKeyOf(deps, deps.store, issuer);
  // eddsa-rdfc-2022 (a Data Integrity proof, valid on a VC 1.1 credential) rather than the VC 1.1
  // default Ed25519Signature2020: the W3C-standard suite, and verifiers check it about 6x faster.
  const credential = await signCredential(buildDomainLinkageCredential(issuer.did, origin, now), { key, created: now, suite: 'eddsa-rdfc-2022' });
  cache.set(issuer.id, { keyId: key.id, signedAt: now.getTime(), credential });
  return credential;
}

/**
 * The DID Configuration resource served at /.well-known/did-configuration.json: one Domain
 * Linkage Credential per did:web issuer on this host, signed with its current key, so a
 * verifier can confirm that whoever controls the DID also controls the domain.
 */
export async function didConfiguration(deps: IssuanceDeps): Promise<{ '@context': string; linked_dids: Record<string, unknown>[] }> {
  const origin = issuerOrigin(deps.urls.issuerBaseUrl);
  let cache = signedLinkages.get(deps.store);
  if (!cache) signedLinkages.set(deps.store, (cache = new Map()));
  const issuers = (await deps.store.issuers.list()).filter((issuer) => onThisHost(issuer, origin));
  const linked = [];
  // One at a time: a burst of requests should not sign every issuer's credential in parallel.
  for (const issuer of issuers) linked.push(await linkageFor(deps, issuer, origin, cache));
  return { '@context': CONTEXT_URLS.DID_CONFIGURATION_V1, linked_dids: linked };
}
