import { VC_V1_CONTEXT_URL } from './context-urls.js';
import { CredentialValidationError } from './credential-validation-error.js';
import { draft04StatusDeviations } from './draft04-status-deviations.js';
import { isRecord } from './object-rule.js';
import { endorsementCredentialSchema } from './open-badge-classes.js';
import {
  openBadgeCredentialSchema,
  openBadgeCredentialV1Schema,
  type OpenBadgeCredential,
  type OpenBadgeCredentialV1,
} from './open-badge-credential.js';
import { collectIssues, type ValidationIssue } from './validation-issue.js';
import { verifiableCredentialSchema, type VerifiableCredential } from './verifiable-credential.js';
import { verifiableCredentialV1Schema, type VerifiableCredentialV1 } from './verifiable-credential-v1.js';

/** `vc2`: W3C VC Data Model 2.0; `vc1`: VC Data Model 1.1. */
export type CredentialForm = 'vc2' | 'vc1';

export interface ValidateCredentialOptions {
  /** Which data model to hold the credential to; `auto` (default) reads the first `@context`. */
  form?: CredentialForm | 'auto';
  /** Also apply the Open Badges 3.0 rules (default false). */
  openBadge?: boolean;
}

export type CheckCredentialResult =
  | {
      ok: true;
      form: CredentialForm;
      /**
       * VC 1.1 Open Badges only: where the credential, valid in Laurel's model,
       * leaves 1EdTech's draft-04 schema (its credentialStatus). A note, not a fault.
       */
      draft04Deviations?: ValidationIssue[];
    }
  | { ok: false; form: CredentialForm; issues: ValidationIssue[] };

/** Anything that passed `validateCredential`, in either form. */
export type ValidatedCredential = VerifiableCredential | VerifiableCredentialV1 | OpenBadgeCredential | OpenBadgeCredentialV1;

/**
 * VC 1.1 when the first context is the 1.1 one, otherwise VC 2.0, so that a
 * credential with a missing or wrong context is reported against the current
 * model rather than guessed at.
 */
export function detectCredentialForm(credential: unknown): CredentialForm {
  if (isRecord(credential) && Array.isArray(credential['@context']) && credential['@context'][0] === VC_V1_CONTEXT_URL) return 'vc1';
  return 'vc2';
}

function schemaFor(form: CredentialForm, openBadge: boolean) {
  if (form === 'vc1') return openBadge ? openBadgeCredentialV1Schema : verifiableCredentialV1Schema;
  return openBadge ? openBadgeCredentialSchema : verifiableCredentialSchema;
}

/** An OB 3.0 EndorsementCredential standing on its own: a credential of either form, plus the endorsement rules. */
function isEndorsement(credential: unknown): boolean {
  const types = isRecord(credential) ? ([] as unknown[]).concat(credential.type ?? []) : [];
  return types.includes('EndorsementCredential') && !types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential');
}

/** Validates without throwing; lists every issue when the credential does not conform. */
export function checkCredential(credential: unknown, options: ValidateCredentialOptions = {}): CheckCredentialResult {
  const form = options.form === undefined || options.form === 'auto' ? detectCredentialForm(credential) : options.form;
  const endorsement = (options.openBadge ?? false) && isEndorsement(credential);
  const issues = endorsement
    ? [...collectIssues(schemaFor(form, false), credential), ...collectIssues(endorsementCredentialSchema, credential)]
    : collectIssues(schemaFor(form, options.openBadge ?? false), credential);
  if (issues.length > 0) return { ok: false, form, issues };
  const deviations = form === 'vc1' && (options.openBadge ?? false) && !endorsement ? draft04StatusDeviations(credential) : [];
  return deviations.length > 0 ? { ok: true, form, draft04Deviations: deviations } : { ok: true, form };
}

/**
 * Validates a credential (unsigned or signed: `proof` is only shape-checked)
 * and returns it unchanged. Throws CredentialValidationError listing every
 * failing path.
 */
export function validateCredential(credential: unknown, options: ValidateCredentialOptions = {}): ValidatedCredential {
  const result = checkCredential(credential, options);
  if (!result.ok) {
    const what = `${options.openBadge ? 'Open Badges credential' : 'Credential'} (${result.form === 'vc1' ? 'VC 1.1' : 'VC 2.0'} form)`;
    throw new CredentialValidationError(result.issues, what);
  }
  return credential as ValidatedCredential;
}
