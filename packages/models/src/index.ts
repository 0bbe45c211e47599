export { LaurelError } from './errors.js';

export * from './context-urls.js';
export { CredentialValidationError } from './credential-validation-error.js';
export { InvalidInputError } from './invalid-input-error.js';
export { formatPath, type ValidationIssue } from './validation-issue.js';

export { DATE_TIME_STAMP_PATTERN, dateTimeStampSchema } from './date-time-stamp.js';
export { URL_PATTERN, urlSchema, webUrlSchema } from './url.js';
export { languageTextSchema, languageValueSchema, type LanguageText, type LanguageValue } from './language-text.js';

export { verifiableCredentialSchema, relatedResourceSchema, type VerifiableCredential } from './verifiable-credential.js';
export { verifiableCredentialV1Schema, type VerifiableCredentialV1 } from './verifiable-credential-v1.js';
export {
  verifiablePresentationSchema,
  verifiablePresentationV1Schema,
  type VerifiablePresentation,
  type VerifiablePresentationV1,
} from './verifiable-presentation.js';

export {
  ACHIEVEMENT_TYPES,
  ALIGNMENT_TARGET_TYPES,
  IDENTIFIER_TYPES,
  RESULT_STATUS_TYPES,
  RESULT_TYPES,
  achievementTypeSchema,
  alignmentTargetTypeSchema,
  identifierTypeSchema,
  resultStatusSchema,
  resultTypeSchema,
  type AchievementType,
  type AlignmentTargetType,
  type IdentifierType,
  type ResultStatus,
  type ResultType,
} from './open-badge-vocabularies.js';
export {
  achievementSchema,
  achievementSubjectSchema,
  alignmentSchema,
  criteriaSchema,
  endorsementCredentialSchema,
  evidenceSchema,
  identifierEntrySchema,
  identityObjectSchema,
  imageSchema,
  parentOrgSchema,
  profileSchema,
  relatedSchema,
  resultDescriptionSchema,
  resultSchema,
  rubricCriterionLevelSchema,
  type Achievement,
  type AchievementSubject,
  type Alignment,
  type Criteria,
  type Evidence,
  type IdentifierEntry,
  type IdentityObject,
  type Image,
  type Profile,
  type Related,
  type Result,
  type ResultDescription,
  type RubricCriterionLevel,
} from './open-badge-classes.js';
export {
  openBadgeCredentialSchema,
  openBadgeCredentialV1Schema,
  type OpenBadgeCredential,
  type OpenBadgeCredentialV1,
} from './open-badge-credential.js';
export { openBadgeCredentialJsonSchema } from './open-badge-json-schema.js';

export {
  checkCredential,
  detectCredentialForm,
  validateCredential,
  type CheckCredentialResult,
  type CredentialForm,
  type ValidateCredentialOptions,
  type ValidatedCredential,
} from './validate-credential.js';
export { draft04StatusDeviations } from './draft04-status-deviations.js';

export { identityHash } from './identity-hash.js';
export { openBadgeCredentialInputSchema, type OpenBadgeCredentialInput, type AchievementInput } from './open-badge-credential-input.js';
export { buildAchievement, type AchievementCreator } from './build-achievement.js';
export {
  buildOpenBadgeCredential,
  type BuildOpenBadgeCredentialOptions,
  type CredentialVersion,
} from './build-open-badge-credential.js';
export { buildPresentation, type PresentationInput } from './build-presentation.js';
export { checkPresentation, type CheckPresentationResult, type PresentationCredentialCheck } from './check-presentation.js';
export { objectRule, isRecord, type ReportIssue, type PathSegment } from './object-rule.js';
export { deepFreeze, isDeeplyFrozen } from './deep-freeze.js';
