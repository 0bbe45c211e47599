import { CONTEXT_URLS, didWebDocumentUrl, type DocumentLoader } from '@laurel/contexts';
import { FetchRefusedError } from '@laurel/guarded-fetch';
import { verifyCredential } from '@laurel/suites';

/**
 * What the DID Configuration of a did:web issuer's domain says about the DID:
 * - `linked`: a valid Domain Linkage Credential for this DID and origin is published there;
 * - `not-linked`: the domain publishes none for this DID (or only invalid ones);
 * - `unknown`: it could not be fetched or read, so nothing can be said either way.
 */
export type DomainLinkage =
  | { status: 'linked'; domain: string; origin: string }
  | { status: 'not-linked' | 'unknown'; domain?: string; reason: string };

export interface DomainLinkageDeps {
  fetchJson: (url: URL) => Promise<unknown>;
  documentLoader: DocumentLoader;
  now: Date;
}

const LINKAGE_CLOCK_SKEW_SECONDS = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function idOf(value: unknown): unknown {
  return isRecord(value) ? value.id : value;
}

/**
 * DIF Well Known DID Configuration v1.0, "Linked Data Proof Format": the credential's type
 * includes DomainLinkageCredential, its subject id and its issuer are the DID, its origin is
 * the origin the resource was fetched from, issuanceDate and expirationDate are present, and
 * the proof verifies with a key the DID controls (assertionMethod), within its dates.
 * Answers why not, or undefined when it holds.
 */
async function linkageProblem(credential: Record<string, unknown>, did: string, origin: string, deps: DomainLinkageDeps): Promise<string | undefined> {
  if (!listOf(credential.type).includes('DomainLinkageCredential')) return 'its type is not DomainLinkageCredential';
  if (idOf(credential.issuer) !== did) return 'its issuer is another DID';
  const subject = credential.credentialSubject;
  if (!isRecord(subject) || subject.id !== did) return 'its subject is another DID';
  if (typeof subject.origin !== 'string') return 'it names no origin';
  let named: string;
  try {
    named = new URL(subject.origin).origin;
  } catch {
    return `its origin ${subject.origin} is not a URL`;
  }
  if (named !== origin) return `it names the origin ${subject.origin}, not ${origin}`;
  if (typeof credential.issuanceDate !== 'string' || typeof credential.expirationDate !== 'string') return 'it lacks an issuance or expiration date';
  // A configuration may be signed on first request, an instant after this verification began,
  // on a server whose clock is not ours: a few minutes' tolerance on its dates.
  const result = await verifyCredential(credential, { documentLoader: deps.documentLoader, now: deps.now, maxClockSkewSeconds: LINKAGE_CLOCK_SKEW_SECONDS });
  // Only the checks that bear on the link: who signed, and when it holds. Its status (it has none) and
  // the generic data-model check add nothing the rules above do not already require.
  const failed = [result.checks.proof, result.checks.issuer, result.checks.validity].find((check) => check.status !== 'valid');
  return failed ? failed.reason : undefined;
}

/**
 * Checks that a did:web DID and the domain it names are controlled by the same party, through
 * https://<domain>/.well-known/did-configuration.json (one fetch, through the guarded fetcher).
 * Other DID methods name no domain: `not-linked`.
 */
export async function checkDomainLinkage(did: string, deps: DomainLinkageDeps): Promise<DomainLinkage> {
  if (!did.startsWith('did:web:')) return { status: 'not-linked', reason: 'Only a did:web DID names a domain to check.' };
  let origin: string;
  let domain: string;
  try {
    const documentUrl = didWebDocumentUrl(did);
    origin = documentUrl.origin;
    domain = documentUrl.host;
  } catch (error) {
    return { status: 'not-linked', reason: error instanceof Error ? error.message : String(error) };
  }
  const url = new URL('/.well-known/did-configuration.json', origin);
  let resource: unknown;
  try {
    resource = await deps.fetchJson(url);
  } catch (error) {
    // Not published is an answer (no link); a timeout or a refused address is not.
    if (error instanceof FetchRefusedError && (error.status === 404 || error.status === 410)) {
      return { status: 'not-linked', domain, reason: `${domain} publishes no DID configuration.` };
    }
    return { status: 'unknown', domain, reason: `Could not read ${url.href}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(resource) || !listOf(resource['@context']).includes(CONTEXT_URLS.DID_CONFIGURATION_V1) || !Array.isArray(resource.linked_dids)) {
    return { status: 'unknown', domain, reason: `${url.href} is not a DID configuration resource.` };
  }
  // JWT-form credentials (strings) are not checked here; only the Linked Data Proof form.
  const candidates = resource.linked_dids.filter(isRecord).filter((credential) => idOf(credential.issuer) === did);
  if (candidates.length === 0) return { status: 'not-linked', domain, reason: `${url.href} links no credential to ${did}.` };
  const problems: string[] = [];
  for (const candidate of candidates) {
    const problem = await linkageProblem(candidate, did, origin, deps);
    if (!problem) return { status: 'linked', domain, origin };
    problems.push(problem);
  }
  return { status: 'not-linked', domain, reason: `The domain linkage credential for ${did} at ${url.href} does not hold: ${problems.join('; ')}.` };
}
