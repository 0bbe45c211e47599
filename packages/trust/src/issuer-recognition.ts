import type { DocumentLoader } from '@laurel/contexts';
import type { CheckStatus } from '@laurel/suites';
import { checkDomainLinkage } from './domain-linkage.js';
import type { IssuerRegistry } from './issuer-registry.js';
import type { TrustedIssuers } from './trusted-issuers.js';

/** Where a recognition came from. None of them is the credential's own say-so. */
export type RecognitionSource =
  | { type: 'trusted-issuers'; name: string }
  | { type: 'registry'; name: string }
  | { type: 'domain-linkage'; name: string; domain: string; origin: string };

/**
 * Who the verifier knows the signing DID to be, as opposed to who the credential claims
 * it is. `name` comes from a source the operator chose, never from the credential.
 */
export interface IssuerRecognition {
  /** False when the issuer was not looked up (the credential is not signed by its issuer). */
  checked: boolean;
  recognized: boolean;
  /** The issuer's DID, as it signed. */
  id?: string;
  /** The name the credential gives its issuer: a claim, not verified by anyone. */
  claimedName?: string;
  /** The recognised name: the first list or registry naming the DID, else the linked domain. */
  name?: string;
  url?: string;
  location?: string;
  /** Domains the DID is shown to control (DIF Well Known DID Configuration). */
  domains: string[];
  sources: RecognitionSource[];
  /** Sources that could not be consulted; recognition may be missing because of them. */
  notes: string[];
}

export interface RecognitionContext {
  documentLoader: DocumentLoader;
  now: Date;
  /**
   * The verification's own fetcher (its per-request budget and memo): when given, domain
   * linkage fetches through it instead of `domainLinkage.fetchJson`, so the DID configuration
   * counts against the request's limit like any other remote document.
   */
  fetchJson?: (url: URL) => Promise<unknown>;
}

export interface IssuerRecognizer {
  recognize(issuerId: string, context: RecognitionContext): Promise<Omit<IssuerRecognition, 'checked' | 'claimedName'>>;
}

export interface IssuerRecognizerOptions {
  /** TRUSTED_ISSUERS_FILE: the operator's own list; consulted first. */
  trustedIssuers?: TrustedIssuers;
  /** DCC registries, most authoritative first (the first naming a DID gives its name). */
  registries?: readonly IssuerRegistry[];
  /** Check did:web domain linkage through the fetcher (off: no fetch). */
  domainLinkage?: { fetchJson: (url: URL) => Promise<unknown> };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Combines the configured sources; each is consulted, so the report lists every one that knows the DID. */
export function createIssuerRecognizer(options: IssuerRecognizerOptions): IssuerRecognizer {
  const registries = options.registries ?? [];
  return {
    async recognize(issuerId, context) {
      const sources: RecognitionSource[] = [];
      const notes: string[] = [];
      const domains: string[] = [];
      let named: { name: string; url?: string; location?: string } | undefined;

      const listed = options.trustedIssuers?.get(issuerId);
      if (listed) {
        sources.push({ type: 'trusted-issuers', name: "this verifier's list of trusted issuers" });
        named = { name: listed.name, ...(listed.url ? { url: listed.url } : {}) };
      }
      const lookups = await Promise.all(
        registries.map(async (registry) => {
          try {
            return { registry, entry: (await registry.entries()).get(issuerId) };
          } catch (error) {
            return { registry, error: message(error) };
          }
        }),
      );
      for (const lookup of lookups) {
        if (lookup.error) notes.push(lookup.error);
        if (!lookup.entry) continue;
        sources.push({ type: 'registry', name: lookup.registry.name });
        named ??= lookup.entry;
      }
      if (options.domainLinkage) {
        const linkage = await checkDomainLinkage(issuerId, {
          fetchJson: context.fetchJson ?? options.domainLinkage.fetchJson,
          documentLoader: context.documentLoader,
          now: context.now,
        });
        if (linkage.status === 'linked') {
          domains.push(linkage.domain);
          sources.push({ type: 'domain-linkage', name: `the DID configuration of ${linkage.domain}`, domain: linkage.domain, origin: linkage.origin });
        } else if (linkage.status === 'unknown') {
          notes.push(linkage.reason);
        }
      }
      const name = named?.name ?? domains[0];
      return {
        recognized: sources.length > 0,
        id: issuerId,
        ...(name ? { name } : {}),
        ...(named?.url ? { url: named.url } : {}),
        ...(named?.location ? { location: named.location } : {}),
        domains,
        sources,
        notes,
      };
    },
  };
}

/** The issuer name a credential gives itself (a plain string or a language value): a claim only. */
export function claimedIssuerName(credential: unknown): string | undefined {
  const issuer = (credential as { issuer?: unknown } | null)?.issuer;
  if (typeof issuer !== 'object' || issuer === null) return undefined;
  const first = ([] as unknown[]).concat((issuer as { name?: unknown }).name)[0];
  const text = typeof first === 'object' && first !== null ? (first as { '@value'?: unknown })['@value'] : first;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** The issuer's id as the credential names it (a string, or an object's `id`). */
export function issuerIdOf(credential: unknown): string | undefined {
  const issuer = (credential as { issuer?: unknown } | null)?.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

/**
 * Who issued a verified credential. The issuer is looked up only once the credential is shown
 * to be signed by it: for anything else, who the DID is says nothing about the credential (and
 * costs fetches for nothing). The claimed name is carried along, marked as a claim.
 */
export async function recognizeCredentialIssuer(
  result: { checks: { proof: { status: CheckStatus }; issuer: { status: CheckStatus } } },
  credential: unknown,
  recognizer: IssuerRecognizer,
  context: RecognitionContext,
): Promise<IssuerRecognition> {
  const id = issuerIdOf(credential);
  const claimedName = claimedIssuerName(credential);
  const claims = { ...(id ? { id } : {}), ...(claimedName ? { claimedName } : {}) };
  if (!id || result.checks.proof.status !== 'valid' || result.checks.issuer.status !== 'valid') {
    return { checked: false, recognized: false, ...claims, domains: [], sources: [], notes: [] };
  }
  return { checked: true, ...(await recognizer.recognize(id, context)), ...claims };
}
