import * as vc from '@digitalbazaar/vc';
import { CONTEXT_URLS, offlineDocumentLoader, type DocumentLoader } from '@laurel/contexts';
import { validateCredential } from '@laurel/models';
import { SigningError, InvalidKeyError, findLaurelCause } from './errors.js';
import { signerFor, type IssuerKey } from './keys.js';
import { copyJson, credentialVersion, idOf, isJsonObject, valuesOf, type JsonObject } from './json.js';
import { signingSuite, type SuiteName } from './suite-names.js';

export interface SignOptions {
  key: IssuerKey;
  /** Defaults to eddsa-rdfc-2022 for VC 2.0 and Ed25519Signature2020 for VC 1.1. */
  suite?: SuiteName;
  documentLoader?: DocumentLoader;
  /** The proof's `created` time; defaults to now. Fixed in tests to reproduce vectors. */
  created?: Date | string;
  /** Skip our data-model validation (only for documents that are not credentials we issue, e.g. test vectors). */
  skipValidation?: boolean;
}

function w3cDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function assertUsableKey(key: IssuerKey, created: string | undefined): void {
  if (!key.secretKeyMultibase && !key.signer) throw new InvalidKeyError(`Key ${key.id} has no secret half or external signer, so it cannot sign.`);
  if (key.revoked && Date.parse(key.revoked) <= Date.parse(created ?? new Date().toISOString())) {
    throw new SigningError('KEY_REVOKED', `Key ${key.id} was revoked on ${key.revoked} and may not sign.`);
  }
}

export function defaultSuiteFor(document: JsonObject): SuiteName {
  return credentialVersion(document) === '1.1' ? 'Ed25519Signature2020' : 'eddsa-rdfc-2022';
}

/**
 * Ed25519Signature2020 needs its own context; we add it rather than let the
 * stock library mutate the caller's object (it would otherwise add it too).
 */
function withSuiteContext(document: JsonObject, suite: SuiteName): JsonObject {
  const contexts = valuesOf(document['@context']);
  const needed = suite === 'Ed25519Signature2020'
    ? CONTEXT_URLS.ED25519_2020_V1
    : credentialVersion(document) === '1.1' ? CONTEXT_URLS.DATA_INTEGRITY_V2 : undefined;
  if (!needed || contexts.includes(needed)) return copyJson(document);
  return { ...copyJson(document), '@context': [...contexts, needed] };
}

/**
 * Signs a credential with the issuer's key. Refuses a credential that breaks the
 * VC data model, a key its issuer does not control, and a revoked key, so a
 * credential Laurel signs can always be verified by others.
 */
export async function signCredential(credential: JsonObject, options: SignOptions): Promise<JsonObject> {
  const { key, documentLoader = offlineDocumentLoader } = options;
  const created = w3cDate(options.created);
  assertUsableKey(key, created);
  if (!isJsonObject(credential)) throw new SigningError('INVALID_CREDENTIAL', 'A credential must be a JSON object.');
  if (!options.skipValidation) validateCredential(credential);
  const issuer = idOf(credential.issuer);
  if (issuer !== key.controller) {
    throw new SigningError(
      'ISSUER_KEY_MISMATCH',
      `Key ${key.id} is controlled by ${key.controller}, but the credential's issuer is ${issuer ?? '(none)'}; verifiers would reject it.`,
      { issuer, keyController: key.controller },
    );
  }
  const suiteName = options.suite ?? defaultSuiteFor(credential);
  const suite = signingSuite(suiteName, await signerFor(key), created);
  try {
    return await vc.issue({ credential: withSuiteContext(credential, suiteName), suite, documentLoader });
  } catch (cause) {
    throw asSigningError(cause);
  }
}

export interface SignPresentationOptions extends Omit<SignOptions, 'skipValidation'> {
  /** The verifier's challenge (nonce); required, as it prevents replay. */
  challenge: string;
  domain?: string;
}

/** Signs a presentation for DID Authentication (proofPurpose `authentication`). */
export async function signPresentation(presentation: JsonObject, options: SignPresentationOptions): Promise<JsonObject> {
  const { key, challenge, domain, documentLoader = offlineDocumentLoader } = options;
  const created = w3cDate(options.created);
  assertUsableKey(key, created);
  const holder = idOf(presentation.holder);
  if (holder !== undefined && holder !== key.controller) {
    throw new SigningError('HOLDER_KEY_MISMATCH', `Key ${key.id} is controlled by ${key.controller}, not by the holder ${holder}.`);
  }
  const suiteName = options.suite ?? defaultSuiteFor(presentation);
  const suite = signingSuite(suiteName, await signerFor(key), created);
  try {
    return await vc.signPresentation({
      presentation: withSuiteContext(presentation, suiteName),
      suite,
      documentLoader,
      challenge,
      ...(domain ? { domain } : {}),
    });
  } catch (cause) {
    throw asSigningError(cause);
  }
}

function asSigningError(cause: unknown): Error {
  if (cause instanceof SigningError) return cause;
  const inner = findLaurelCause(cause);
  if (inner) return inner;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new SigningError('SIGNING_FAILED', `Signing failed: ${message}`, {}, { cause });
}
