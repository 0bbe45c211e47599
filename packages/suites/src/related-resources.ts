import { createHash } from 'node:crypto';
import { PINNED_CONTEXTS } from '@laurel/contexts';
import * as base58 from 'base58-universal';
import { isJsonObject, valuesOf, type JsonObject } from './json.js';
import { invalid, unknown, valid, type CheckResult, type CheckStatus } from './verification-result.js';

/** What became of one relatedResource entry. */
export interface RelatedResourceResult {
  id: string;
  status: CheckStatus;
  reason: string;
}

/** SRI algorithms, strongest last (SRI §3.3.3: only the strongest present are compared). */
const SRI_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

/** Multihash codes (multiformats table) of the digests Node computes. */
const MULTIHASH: Record<number, { algorithm: string; length: number }> = {
  0x12: { algorithm: 'sha256', length: 32 },
  0x20: { algorithm: 'sha384', length: 48 },
  0x13: { algorithm: 'sha512', length: 64 },
  0x16: { algorithm: 'sha3-256', length: 32 },
  0x15: { algorithm: 'sha3-384', length: 48 },
  0x14: { algorithm: 'sha3-512', length: 64 },
};

type Comparison = { status: 'valid' | 'invalid'; algorithm: string } | { status: 'unknown'; why: string };

/** digestSRI: SRI `hash-expression`s, space-separated, each `alg-base64[?options]` (SRI §3.5). */
function compareSri(value: unknown, bytes: Buffer): Comparison {
  if (typeof value !== 'string') return { status: 'unknown', why: 'digestSRI is not a string' };
  const expressions = value.trim().split(/\s+/).flatMap((token) => {
    const match = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    return match ? [{ algorithm: match[1] as (typeof SRI_ALGORITHMS)[number], digest: match[2]! }] : [];
  });
  if (expressions.length === 0) return { status: 'unknown', why: `digestSRI names no sha256, sha384 or sha512 digest ("${value}")` };
  const strongest = SRI_ALGORITHMS.filter((algorithm) => expressions.some((expression) => expression.algorithm === algorithm)).at(-1)!;
  const computed = createHash(strongest).update(bytes).digest('base64');
  const matches = expressions.some((expression) => expression.algorithm === strongest && expression.digest === computed);
  return { status: matches ? 'valid' : 'invalid', algorithm: strongest };
}

function decodeMultibase(value: string): Buffer | undefined {
  try {
    if (value.startsWith('u') && /^[A-Za-z0-9_-]+$/.test(value.slice(1))) return Buffer.from(value.slice(1), 'base64url');
    if (value.startsWith('z')) return Buffer.from(base58.decode(value.slice(1)));
  } catch {
    return undefined;
  }
  return undefined;
}

/** digestMultibase: a multibase (u: base64url, z: base58btc) multihash (VC Data Integrity §2.6). */
function compareMultibase(value: unknown, bytes: Buffer): Comparison {
  if (typeof value !== 'string') return { status: 'unknown', why: 'digestMultibase is not a string' };
  const decoded = decodeMultibase(value);
  const hash = decoded && decoded.length >= 2 ? MULTIHASH[decoded[0]!] : undefined;
  if (!decoded || !hash || decoded[1] !== hash.length || decoded.length !== hash.length + 2) {
    return { status: 'unknown', why: `digestMultibase is not a multibase multihash of a digest Laurel computes ("${value}")` };
  }
  const matches = createHash(hash.algorithm).update(bytes).digest().equals(decoded.subarray(2));
  return { status: matches ? 'valid' : 'invalid', algorithm: hash.algorithm };
}

/** The exact bytes Laurel holds for a URL: only documents pinned as published have any. */
function heldBytes(id: string): Buffer | undefined {
  const pinned = PINNED_CONTEXTS.find((context) => context.url === id);
  return pinned ? Buffer.from(pinned.text, 'utf8') : undefined;
}

function checkOne(entry: JsonObject, id: string): RelatedResourceResult {
  const bytes = heldBytes(id);
  if (!bytes) return { id, status: 'unknown', reason: `Could not check ${id}: Laurel does not hold its published bytes.` };
  const comparisons = [
    ...(entry.digestSRI !== undefined ? [compareSri(entry.digestSRI, bytes)] : []),
    ...(entry.digestMultibase !== undefined ? [compareMultibase(entry.digestMultibase, bytes)] : []),
  ];
  const mismatch = comparisons.find((comparison) => comparison.status === 'invalid');
  if (mismatch) return { id, status: 'invalid', reason: `The ${'algorithm' in mismatch ? mismatch.algorithm : ''} digest the credential gives for ${id} is not that of the document Laurel holds.` };
  const unchecked = comparisons.find((comparison) => comparison.status === 'unknown');
  if (unchecked && 'why' in unchecked) return { id, status: 'unknown', reason: `Could not check ${id}: ${unchecked.why}.` };
  return { id, status: 'valid', reason: `${id} matches its digest.` };
}

/** VC Data Model 2.0 §5.3: one or more objects, each with an id (unique among them) and at least one digest. */
function malformed(entries: unknown[]): string | undefined {
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (!isJsonObject(entry)) return `relatedResource[${index}] must be an object`;
    if (typeof entry.id !== 'string' || entry.id === '') return `relatedResource[${index}] must have an id`;
    if (seen.has(entry.id)) return `relatedResource ids must be unique; ${entry.id} appears twice`;
    seen.add(entry.id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined) return `relatedResource[${index}] must have a digestSRI or a digestMultibase`;
  }
  return undefined;
}

/**
 * VC Data Model 2.0 §5.3 (Integrity of Related Resources). A verifier that
 * uses a listed resource MUST compute its digest and fail on a mismatch.
 * Laurel can compute digests only over resources it holds byte for byte (the
 * pinned contexts); any other is "could not check". The check is invalid on a
 * mismatch, unknown when a context the credential uses could not be checked,
 * and valid otherwise: a resource Laurel neither holds nor uses (an image, say)
 * does not change what Laurel verified, so it is a note, not a failure.
 */
export function checkRelatedResources(credential: JsonObject): { check: CheckResult; resources: RelatedResourceResult[]; notes: string[] } {
  if (credential.relatedResource === undefined) return { check: valid('The credential lists no related resources.'), resources: [], notes: [] };
  const entries = valuesOf(credential.relatedResource);
  const problem = entries.length === 0 ? 'relatedResource must hold one or more objects' : malformed(entries);
  if (problem) return { check: invalid('RELATED_RESOURCE_MALFORMED', `The credential's ${problem}.`), resources: [], notes: [] };
  const resources = (entries as JsonObject[]).map((entry) => checkOne(entry, entry.id as string));
  const used = new Set(valuesOf(credential['@context']).filter((context): context is string => typeof context === 'string'));
  const details = { resources };
  const mismatched = resources.filter((resource) => resource.status === 'invalid');
  if (mismatched.length > 0) {
    return { check: invalid('RELATED_RESOURCE_DIGEST_MISMATCH', mismatched.map((resource) => resource.reason).join(' '), details), resources, notes: [] };
  }
  const uncheckedInUse = resources.filter((resource) => resource.status === 'unknown' && used.has(resource.id));
  const notes = resources.filter((resource) => resource.status === 'unknown' && !used.has(resource.id)).map((resource) => resource.reason);
  if (uncheckedInUse.length > 0) {
    return { check: unknown('RELATED_RESOURCE_UNCHECKED', uncheckedInUse.map((resource) => resource.reason).join(' '), details), resources, notes };
  }
  const checked = resources.filter((resource) => resource.status === 'valid').map((resource) => resource.id);
  const reason = checked.length > 0 ? `The related resources Laurel holds match their digests (${checked.join(', ')}).` : 'The credential lists no related resource that Laurel uses.';
  return { check: valid(notes.length > 0 ? `${reason} ${notes.join(' ')}` : reason, details), resources, notes };
}
