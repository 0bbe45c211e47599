import { offlineDocumentLoader, type DocumentLoader } from '@laurel/contexts';
import { URL_PATTERN, checkCredential, checkPresentation } from '@laurel/models';
import { errorMessage, idOf, isJsonObject, valuesOf, type JsonObject } from './json.js';
import { checkRelatedResources } from './related-resources.js';
import { checkValidity } from './validity.js';
import { verifyProofSet } from './verify-proofs.js';
import {
  CREDENTIAL_CHECKS,
  combine,
  invalid,
  proofWarnings,
  unknown,
  valid,
  type CheckResult,
  type CredentialCheckName,
  type CredentialVerification,
  type PresentationVerification,
  type ProofResult,
} from './verification-result.js';

/** Looks up a credential's status (revocation, suspension). Injected: it may read a store or the network. */
export type StatusChecker = (credential: JsonObject) => Promise<CheckResult>;

export interface VerifyOptions {
  documentLoader?: DocumentLoader;
  /** The verification time; defaults to the current time. */
  now?: Date;
  /** Tolerated clock difference for validity dates, in seconds (default 0). */
  maxClockSkewSeconds?: number;
  /** Without it, a credential with `credentialStatus` gets status "unknown" (not checked). */
  checkStatus?: StatusChecker;
}

// EndorsementCredential is an Open Badges 3.0 credential too, checked against its own class.
const OPEN_BADGE_TYPES = new Set(['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential']);

/** What marks a credential as carrying Open Badges content, whatever its type says. */
function openBadgeContent(credential: JsonObject): string | undefined {
  if (valuesOf(credential['@context']).some((context) => typeof context === 'string' && context.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/'))) {
    return 'an Open Badges 3.0 context';
  }
  const subjects = valuesOf(credential.credentialSubject).filter(isJsonObject);
  if (subjects.some((subject) => valuesOf(subject.type).includes('AchievementSubject'))) return 'an AchievementSubject';
  if (subjects.some((subject) => subject.achievement !== undefined)) return 'an achievement';
  return undefined;
}

const DRAFT04_WARNING =
  "Not checked against 1EdTech's draft-04 AchievementCredential schema: its credentialStatus is not the one {id, type} object that schema allows (the form of VC 1.1 credentials issued before 1EdTech revocation lists).";

function checkSchema(credential: JsonObject): CheckResult {
  const openBadge = valuesOf(credential.type).some((type) => typeof type === 'string' && OPEN_BADGE_TYPES.has(type));
  const content = openBadge ? undefined : openBadgeContent(credential);
  if (content) {
    // OB 3.0: "one of the items MUST be the URI 'AchievementCredential' or the URI 'OpenBadgeCredential'".
    return invalid(
      'NOT_AN_OPEN_BADGE',
      `The credential carries ${content}, but its type names none of OpenBadgeCredential, AchievementCredential or EndorsementCredential: it is not an Open Badges 3.0 credential, and is not checked as one.`,
    );
  }
  const outcome = checkCredential(credential, { openBadge });
  const model = openBadge ? 'the Open Badges 3.0 data model' : 'the Verifiable Credentials data model';
  if (outcome.ok && outcome.draft04Deviations) {
    // Valid in the OB 3.0 and VC 1.1 models (older Laurel credentials have StatusList2021 entries), but 1EdTech's
    // draft-04 schema closes credentialStatus: say so, without turning a sound credential red.
    const listed = outcome.draft04Deviations.map((issue) => `${issue.path} ${issue.message}`).join('; ');
    return valid(`The credential follows ${model}. Could not check it against 1EdTech's draft-04 AchievementCredential schema: ${listed}.`, {
      draft04Deviations: outcome.draft04Deviations,
    });
  }
  if (outcome.ok) return valid(`The credential follows ${model}.`);
  const listed = outcome.issues.slice(0, 5).map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  return invalid('SCHEMA_VIOLATION', `The credential does not follow ${model}: ${listed}.`, { issues: outcome.issues });
}

/**
 * Related resources (VC Data Model 2.0 §5.3) are part of what the credential
 * says about itself, so their digests report under the data-model check: a
 * model violation first, then a digest mismatch or "could not check", and when
 * all is well one sentence for each.
 */
function withRelatedResources(model: CheckResult, related: CheckResult): CheckResult {
  if (model.status !== 'valid') return model;
  if (related.status !== 'valid') return related;
  if (related.details === undefined) return model;
  return valid(`${model.reason} ${related.reason}`, { ...model.details, ...related.details });
}

function checkProofs(proofs: ProofResult[]): CheckResult {
  return combine(proofs, invalid('NO_PROOF', 'The credential carries no proof, so nothing vouches for it.'));
}

/**
 * The issuer must control the key of at least one valid proof; otherwise anyone
 * could sign a credential naming any issuer.
 */
function checkIssuer(credential: JsonObject, proofs: ProofResult[]): CheckResult {
  const issuer = idOf(credential.issuer);
  if (!issuer) return invalid('NO_ISSUER', 'The credential names no issuer.');
  const byIssuer = proofs.find((proof) => proof.status === 'valid' && proof.controller === issuer);
  if (byIssuer) return valid(`Signed by ${issuer} with its key ${byIssuer.verificationMethod ?? ''}.`.replace(' .', '.'), { issuer });
  if (proofs.some((proof) => proof.status === 'unknown')) {
    return unknown('ISSUER_KEY_UNCHECKED', `Could not check that ${issuer} made the signature: its key could not be resolved.`, { issuer });
  }
  return invalid('ISSUER_DID_NOT_SIGN', `No valid proof was made with a key controlled by the issuer ${issuer}.`, { issuer });
}

async function checkStatus(credential: JsonObject, checker: StatusChecker | undefined): Promise<CheckResult> {
  if (credential.credentialStatus === undefined) return valid('The credential has no status entry; it cannot be revoked or suspended.');
  if (!checker) return unknown('STATUS_NOT_CHECKED', 'The credential has a status entry, but no status list was consulted.');
  try {
    return await checker(credential);
  } catch (error) {
    return unknown('STATUS_UNAVAILABLE', `Could not check the credential's status: ${errorMessage(error)}`);
  }
}

function allValid(checks: Record<string, CheckResult>): boolean {
  return Object.values(checks).every((check) => check.status === 'valid');
}

/**
 * Verifies a credential and reports each check separately. Never throws for a
 * bad credential: whatever is wrong ends up in a check.
 */
export async function verifyCredential(credential: unknown, options: VerifyOptions = {}): Promise<CredentialVerification> {
  return settleCredentialStatus(await verifyCredentialExceptStatus(credential, options), credential, options.checkStatus);
}

/**
 * Every check but the status lists, which are left as if no checker were
 * given: the part of a verification a worker thread does alone.
 * `settleCredentialStatus` then consults the lists, on the thread that holds
 * them; `verifyCredential` is the two together.
 */
export async function verifyCredentialExceptStatus(credential: unknown, options: Omit<VerifyOptions, 'checkStatus'> = {}): Promise<CredentialVerification> {
  if (!isJsonObject(credential)) {
    const notACredential = invalid('NOT_A_CREDENTIAL', 'A credential must be a JSON object.');
    const checks = Object.fromEntries(CREDENTIAL_CHECKS.map((name) => [name, notACredential])) as Record<CredentialCheckName, CheckResult>;
    return { verified: false, checks, proofs: [], warnings: [] };
  }
  const now = options.now ?? new Date();
  const documentLoader = options.documentLoader ?? offlineDocumentLoader;
  const proofs = await verifyProofSet(credential, { documentLoader, now, purpose: { purpose: 'assertionMethod' } });
  const proof = checkProofs(proofs);
  const issuer = checkIssuer(credential, proofs);
  const status = signedByIssuer(proof, issuer)
    ? await checkStatus(credential, undefined)
    : credential.credentialStatus === undefined
      ? valid('The credential has no status entry; it cannot be revoked or suspended.')
      : unknown('STATUS_NOT_CHECKED', 'Status was not checked: the credential is not shown to be signed by its issuer, so its status lists say nothing about it.');
  const related = checkRelatedResources(credential);
  const checks: Record<CredentialCheckName, CheckResult> = {
    proof,
    validity: checkValidity(credential, now, options.maxClockSkewSeconds),
    status,
    issuer,
    schema: withRelatedResources(checkSchema(credential), related.check),
  };
  const draft04 = checks.schema.details?.draft04Deviations === undefined ? [] : [DRAFT04_WARNING];
  return { verified: allValid(checks), checks, proofs, warnings: [...proofWarnings(proofs), ...related.notes, ...draft04] };
}

// Proof first: status lists are consulted only for a credential its issuer is shown to have signed,
// so a forged credential naming many lists costs the verifier no fetches.
function signedByIssuer(proof: CheckResult, issuer: CheckResult): boolean {
  return proof.status === 'valid' && issuer.status === 'valid';
}

/**
 * The status check of a verification made without one (`verifyCredentialExceptStatus`
 * on the same credential): the lists are consulted when the issuer is shown to
 * have signed it and it has a status entry. Without a checker, as it was.
 */
export async function settleCredentialStatus(result: CredentialVerification, credential: unknown, checker: StatusChecker | undefined): Promise<CredentialVerification> {
  if (!checker || !isJsonObject(credential) || credential.credentialStatus === undefined || !signedByIssuer(result.checks.proof, result.checks.issuer)) return result;
  const checks = { ...result.checks, status: await checkStatus(credential, checker) };
  return { ...result, checks, verified: allValid(checks) };
}

export interface VerifyPresentationOptions extends VerifyOptions {
  /** The challenge the verifier issued; the proof must carry exactly this. */
  challenge: string;
  domain?: string;
}

/**
 * Verifies a presentation's authentication proof (challenge, domain, holder's
 * key) and each credential inside it.
 */
export async function verifyPresentation(presentation: unknown, options: VerifyPresentationOptions): Promise<PresentationVerification> {
  return settlePresentationStatus(await verifyPresentationExceptStatus(presentation, options), presentation, options.checkStatus);
}

/** A presentation's checks but its credentials' status lists (see verifyCredentialExceptStatus). */
export async function verifyPresentationExceptStatus(presentation: unknown, options: Omit<VerifyPresentationOptions, 'checkStatus'>): Promise<PresentationVerification> {
  if (!isJsonObject(presentation)) {
    const notAPresentation = invalid('NOT_A_PRESENTATION', 'A presentation must be a JSON object.');
    return { verified: false, checks: { proof: notAPresentation, holder: notAPresentation, schema: notAPresentation }, proofs: [], credentials: [], warnings: [] };
  }
  const now = options.now ?? new Date();
  const documentLoader = options.documentLoader ?? offlineDocumentLoader;
  const purpose = { purpose: 'authentication' as const, challenge: options.challenge, ...(options.domain ? { domain: options.domain } : {}) };
  const [proofs, credentials] = await Promise.all([
    verifyProofSet(presentation, { documentLoader, now, purpose }),
    Promise.all(valuesOf(presentation.verifiableCredential).map((credential) => verifyCredentialExceptStatus(credential, { ...options, documentLoader, now }))),
  ]);
  const proof = combine(proofs, invalid('NO_PROOF', 'The presentation carries no proof.'));
  const holder = checkHolder(presentation, proofs);
  const schema = checkPresentationModel(presentation);
  const verified = allValid({ proof, holder, schema }) && credentials.every((result) => result.verified);
  return { verified, checks: { proof, holder, schema }, proofs, credentials, warnings: proofWarnings(proofs) };
}

/** Each credential's status check of a presentation verified without them (settleCredentialStatus). */
export async function settlePresentationStatus(result: PresentationVerification, presentation: unknown, checker: StatusChecker | undefined): Promise<PresentationVerification> {
  if (!checker || !isJsonObject(presentation)) return result;
  const held = valuesOf(presentation.verifiableCredential);
  const credentials = await Promise.all(result.credentials.map((credential, index) => settleCredentialStatus(credential, held[index], checker)));
  return { ...result, credentials, verified: allValid(result.checks) && credentials.every((credential) => credential.verified) };
}

/**
 * The presentation's own data model (VC 2.0 §4.13: context, type, id, holder,
 * credentials as objects). Each credential's model is its own schema check.
 */
function checkPresentationModel(presentation: JsonObject): CheckResult {
  const { issues } = checkPresentation(presentation);
  if (issues.length === 0) return valid('The presentation follows the Verifiable Credentials data model.');
  const listed = issues.slice(0, 5).map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  return invalid('SCHEMA_VIOLATION', `The presentation does not follow the Verifiable Credentials data model: ${listed}.`, { issues });
}

/**
 * VC Data Model 2.0 §4.13: `holder` is optional ("the verifiable presentation
 * MAY include a holder property"); without one, "information about the holder
 * is obtained either via the securing mechanism or does not pertain to the
 * validation". So an absent holder is not a fault here: the proof check already
 * says who signed. Protocols that need a named holder (DID Authentication)
 * enforce that themselves. A holder that is present must be a URL or an object
 * with an `id`, and must be the one who signed.
 */
function checkHolder(presentation: JsonObject, proofs: ProofResult[]): CheckResult {
  if (presentation.holder === undefined) {
    const signers = [...new Set(proofs.flatMap((proof) => (proof.status === 'valid' && proof.controller ? [proof.controller] : [])))];
    const by = signers.length > 0 ? ` It was signed by ${signers.join(', ')}.` : '';
    return valid(`The presentation names no holder, which the data model allows.${by}`, { signers });
  }
  const holder = idOf(presentation.holder);
  if (!holder || !URL_PATTERN.test(holder)) {
    return invalid('HOLDER_MALFORMED', 'The presentation\'s holder must be a URL or an object whose id is a URL.');
  }
  if (proofs.some((proof) => proof.status === 'valid' && proof.controller === holder)) {
    return valid(`The holder ${holder} signed the presentation.`, { holder });
  }
  if (proofs.some((proof) => proof.status === 'unknown')) {
    return unknown('HOLDER_KEY_UNCHECKED', `Could not check that ${holder} signed the presentation.`, { holder });
  }
  return invalid('HOLDER_DID_NOT_SIGN', `The presentation was not signed with a key controlled by its holder ${holder}.`, { holder });
}
