import jsigs from 'jsonld-signatures';
import type { DocumentLoader } from '@laurel/contexts';
import { findLaurelCause } from './errors.js';
import { errorMessage, idOf, isJsonObject, valuesOf, type JsonObject } from './json.js';
import { suiteOfProof, suiteWarning, verifyingSuite } from './suite-names.js';
import type { ProofResult } from './verification-result.js';

export type ProofPurposeCheck =
  | { purpose: 'assertionMethod' }
  | { purpose: 'authentication'; challenge: string; domain?: string };

interface ProofSetOptions {
  documentLoader: DocumentLoader;
  purpose: ProofPurposeCheck;
  now: Date;
}

/** A failure caused by something we could not look up (unknown context, unresolvable DID) is "could not check". */
function failure(error: unknown, fallbackCode: string): Pick<ProofResult, 'status' | 'code' | 'reason'> {
  const ours = findLaurelCause(error);
  if (ours && (ours.code === 'UNKNOWN_CONTEXT' || ours.code === 'DID_RESOLUTION_FAILED')) {
    return { status: 'unknown', code: ours.code, reason: ours.message };
  }
  const message = errorMessage(error);
  // jsonld's safe mode refuses terms no context defines: the document is malformed, the signature untested.
  if (/safe mode validation error/i.test(message)) {
    return { status: 'invalid', code: 'UNDEFINED_TERM', reason: `The document uses a term or type its JSON-LD contexts do not define, so it cannot be checked: ${message}` };
  }
  return { status: 'invalid', code: fallbackCode, reason: message };
}

/**
 * The document a proof was made over: the unsecured document, plus, for a proof
 * in a chain, the proofs its `previousProof` names (Data Integrity §4.3/§4.4).
 */
function securedDocumentFor(document: JsonObject, proof: JsonObject, allProofs: JsonObject[]): JsonObject | string {
  const { proof: _proofs, ...unsecured } = document;
  const previous = valuesOf(proof.previousProof);
  if (previous.length === 0) return unsecured;
  const referenced: JsonObject[] = [];
  for (const id of previous) {
    const match = allProofs.find((candidate) => candidate.id === id);
    if (!match) return `previousProof "${String(id)}" is not in the document's proof set`;
    referenced.push(match);
  }
  return { ...unsecured, proof: referenced };
}

/**
 * Some issuers name a did:key itself as the verification method. A did:key has
 * exactly one signing key, so that reference is unambiguous: resolve it to the key.
 */
function withBareDidKeyMethod(documentLoader: DocumentLoader, verificationMethod: string): DocumentLoader {
  if (!verificationMethod.startsWith('did:key:') || verificationMethod.includes('#')) return documentLoader;
  const keyUrl = `${verificationMethod}#${verificationMethod.slice('did:key:'.length)}`;
  const resolving = (url: string) => documentLoader(url === verificationMethod ? keyUrl : url);
  return documentLoader.knownDocument ? Object.assign(resolving, { knownDocument: documentLoader.knownDocument }) : resolving;
}

function purposeFor(check: ProofPurposeCheck, now: Date) {
  return check.purpose === 'assertionMethod'
    ? new jsigs.purposes.AssertionProofPurpose({ date: now })
    : new jsigs.purposes.AuthenticationProofPurpose({
        challenge: check.challenge,
        date: now,
        ...(check.domain ? { domain: check.domain } : {}),
      });
}

async function verifyOneProof(document: JsonObject, proof: JsonObject, allProofs: JsonObject[], options: ProofSetOptions): Promise<ProofResult> {
  const base: ProofResult = { status: 'invalid', reason: '' };
  if (typeof proof.id === 'string') base.id = proof.id;
  const verificationMethod = idOf(proof.verificationMethod);
  if (verificationMethod) base.verificationMethod = verificationMethod;
  const suiteName = suiteOfProof(proof);
  if (!suiteName) {
    const kind = [proof.type, proof.cryptosuite].filter(Boolean).join(' / ') || 'untyped';
    return { ...base, status: 'unknown', code: 'UNSUPPORTED_PROOF', reason: `Laurel cannot check ${kind} proofs.` };
  }
  base.suite = suiteName;
  // Set before any check so the note is there whatever the outcome: it explains why other verifiers may disagree.
  const warning = suiteWarning(suiteName);
  if (warning) base.warning = warning;
  if (proof.proofPurpose !== options.purpose.purpose) {
    return { ...base, code: 'WRONG_PROOF_PURPOSE', reason: `The proof is for "${String(proof.proofPurpose)}", not "${options.purpose.purpose}".` };
  }
  if (!verificationMethod) return { ...base, code: 'NO_VERIFICATION_METHOD', reason: 'The proof names no verification method.' };

  // The suite looks the key up by the proof's own reference; resolve a bare did:key to its one key.
  const suiteLoader = withBareDidKeyMethod(options.documentLoader, verificationMethod);
  let method: JsonObject;
  try {
    const loaded = (await suiteLoader(verificationMethod)).document;
    if (!isJsonObject(loaded)) throw new Error(`${verificationMethod} is not a verification method`);
    method = loaded;
  } catch (error) {
    const cause = findLaurelCause(error);
    if (cause?.code === 'UNKNOWN_CONTEXT') {
      // An https key URL: looking it up would mean fetching, which this loader never does.
      return { ...base, status: 'unknown', code: 'KEY_NOT_RESOLVED', reason: `Could not look up the signing key ${verificationMethod}: it is not a DID Laurel can resolve here.` };
    }
    return { ...base, ...failure(error, 'NO_VERIFICATION_METHOD') };
  }
  const controller = idOf(method.controller);
  if (controller) base.controller = controller;
  if (typeof method.revoked === 'string' && Date.parse(method.revoked) <= options.now.getTime()) {
    return { ...base, code: 'KEY_REVOKED', reason: `The signing key ${verificationMethod} was revoked on ${method.revoked}.` };
  }

  const securedDocument = securedDocumentFor(document, proof, allProofs);
  if (typeof securedDocument === 'string') return { ...base, code: 'BROKEN_PROOF_CHAIN', reason: securedDocument };
  const context = document['@context'];
  const result = await verifyingSuite(suiteName, context)
    .verifyProof({ proof: { '@context': context, ...proof }, document: securedDocument, documentLoader: suiteLoader })
    .catch((error: unknown) => ({ verified: false, error }));
  if (!result.verified) return { ...base, ...failure(result.error, 'BAD_SIGNATURE') };

  const purposeResult = await purposeFor(options.purpose, options.now)
    .validate({ '@context': context, ...proof }, { document: securedDocument, verificationMethod: method, documentLoader: options.documentLoader })
    .catch((error: unknown) => ({ valid: false, error }));
  if (!purposeResult.valid) return { ...base, ...failure(purposeResult.error, 'KEY_NOT_AUTHORIZED') };
  return { ...base, status: 'valid', reason: `Signature by ${verificationMethod} is valid.` };
}

/**
 * Verifies every proof on a document, each on its own, so one bad proof is
 * named instead of hidden behind "at least one proof verified".
 */
export async function verifyProofSet(document: JsonObject, options: ProofSetOptions): Promise<ProofResult[]> {
  const proofs = valuesOf(document.proof);
  const objects = proofs.filter(isJsonObject);
  return Promise.all(
    proofs.map((proof) =>
      isJsonObject(proof)
        ? verifyOneProof(document, proof, objects, options)
        : ({ status: 'invalid', code: 'MALFORMED_PROOF', reason: 'A proof must be a JSON object.' } satisfies ProofResult),
    ),
  );
}
