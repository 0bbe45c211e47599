/**
 * Row shapes as Kysely sees them. Keys are camelCase; the CamelCasePlugin
 * maps them to the snake_case tables and columns the migrations create.
 * Timestamps are ISO strings, JSON columns are text, booleans are 0/1.
 */

export type StoreDialect = 'sqlite' | 'mysql';

export type DidMethod = 'key' | 'web';
export type VcVersion = '2.0' | '1.1';
export type KeyState = 'active' | 'retired' | 'revoked';
export type AchievementKind = 'course' | 'program';
export type CredentialState = 'active' | 'suspended' | 'revoked';
export type CredentialFormat = 'vc2' | 'vc1';
/** `message`: a multi-bit lifecycle list (012). */
export type StatusPurpose = 'revocation' | 'suspension' | 'message';
export type StatusListFormat = 'BitstringStatusList' | 'StatusList2021';

export interface IssuersTable {
  id: string;
  slug: string;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  imageUrl: string | null;
  did: string;
  didMethod: DidMethod;
  vcVersion: VcVersion;
  suite: string;
  createdAt: string;
  updatedAt: string;
  /** JSON (010-admin): the certificate theme every achievement of the issuer starts from. */
  theme: string | null;
  defaultTemplate: string | null;
  locale: string | null;
  /** Archived issuers issue nothing new; what they issued stays valid. */
  archivedAt: string | null;
  /** 0/1 (012): VC 2.0 credentials get a lifecycle "message" status entry. */
  lifecycleStatus: number;
  /** Where the issuer explains its lifecycle values (the entries' statusReference). */
  lifecycleStatusReference: string | null;
}

export interface IssuerKeysTable {
  id: string;
  issuerId: string;
  publicKeyMultibase: string;
  sealedSecretKey: string;
  state: KeyState;
  createdAt: string;
  revokedAt: string | null;
}

export interface AchievementsTable {
  id: string;
  issuerId: string;
  externalId: string;
  kind: AchievementKind;
  name: string;
  description: string | null;
  criteriaNarrative: string | null;
  imageUrl: string | null;
  achievementType: string | null;
  tier: string | null;
  signatories: string;
  template: string | null;
  theme: string | null;
  rules: string | null;
  resultDescriptions: string;
  courseIds: string;
  autoOffer: number;
  createdAt: string;
  updatedAt: string;
  /** Archived achievements issue nothing new (010-admin). */
  archivedAt: string | null;
  /** The version of `rules` in achievement_rule_versions. */
  rulesVersion: number;
  /** Name and description per language, JSON (013-achievement-translations). */
  translations: string | null;
}

export interface AchievementRuleVersionsTable {
  achievementId: string;
  version: number;
  rules: string;
  createdAt: string;
  actor: string;
}

export interface AchievementCoursesTable {
  achievementId: string;
  courseId: string;
}

export interface LearnersTable {
  id: string;
  issuerId: string;
  lmsUserId: string;
  username: string | null;
  name: string | null;
  email: string | null;
  did: string | null;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when the learner's personal data was erased (010-admin). */
  erasedAt: string | null;
}

export interface CompletionRecordsTable {
  id: string;
  issuerId: string;
  learnerId: string;
  courseId: string;
  completionPercent: number | null;
  gradePercent: number | null;
  passed: number;
  assignmentGrades: string;
  completedAt: string | null;
  sourceEventId: string;
  receivedAt: string;
  /** The learner's enrollment mode (audit, verified, …) as the LMS reported it (015-catalog); null when unknown. */
  enrollmentMode: string | null;
}

export interface CredentialsTable {
  id: string;
  issuerId: string;
  achievementId: string;
  learnerId: string;
  state: CredentialState;
  document: string;
  attributes: string;
  format: CredentialFormat;
  issuedAt: string;
  revokedAt: string | null;
  stateReason: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  activeKey: string | null;
  /** The achievement's rules version this was issued under; null for documents signed outside the rules (VC-API). */
  rulesVersion: number | null;
}

export interface StatusListsTable {
  id: string;
  issuerId: string;
  purpose: StatusPurpose;
  format: StatusListFormat;
  sequence: number;
  length: number;
  /** No slot left: every index handed out, or a list from before 006 (closed, see that migration). */
  full: number;
  /** Slots handed out (006); slot n is index permutation(permutationKey, n), computed by the domain. */
  allocatedCount: number;
  /** Hex of 32 random bytes (006); null on lists closed by that migration. A secret: never served. */
  permutationKey: string | null;
  version: number;
  signedVersion: number;
  signedDocument: string | null;
  etag: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the oldest change not yet in the signed copy was committed; null when the copy is current. */
  dirtySince: string | null;
  /** The process publishing the list now, and until when its lease holds. */
  publishLeaseOwner: string | null;
  publishLeaseUntil: string | null;
}

export interface StatusAllocationsTable {
  statusListId: string;
  statusIndex: number;
  credentialId: string;
  /** Whether the entry's value is not 0. */
  isSet: number;
  /** A multi-bit entry's value (012); null on one-bit lists, whose value is isSet. */
  statusValue: number | null;
}

export interface ApiTokensTable {
  id: string;
  issuerId: string | null;
  name: string;
  tokenHash: string;
  scopes: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** JSON { courseIds, achievementIds } (010-admin): a course-staff token; null: not limited. */
  limitedTo: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  issuerId: string | null;
  details: string;
}

export interface Database {
  issuers: IssuersTable;
  issuerKeys: IssuerKeysTable;
  achievements: AchievementsTable;
  achievementCourses: AchievementCoursesTable;
  learners: LearnersTable;
  completionRecords: CompletionRecordsTable;
  credentials: CredentialsTable;
  statusLists: StatusListsTable;
  statusAllocations: StatusAllocationsTable;
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
}

// Learner records (migration 003-records). A second `Database` declaration
// merges with the one above, so each migration's tables append independently.
export interface ShareLinksTable {
  id: string;
  issuerId: string;
  learnerId: string;
  achievementId: string | null;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface SignInLinksTable {
  id: string;
  learnerId: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface Database {
  shareLinks: ShareLinksTable;
  signInLinks: SignInLinksTable;
}

// Wallet delivery (migration 002-wallet).
export type WalletOfferState = 'pending' | 'active' | 'complete';
export type WalletProtocol = 'vc-api' | 'oid4vci';

export interface WalletOffersTable {
  id: string;
  issuerId: string;
  credentialId: string;
  workflowId: string;
  tokenHash: string;
  exchangeHash: string;
  codeHash: string;
  txCodeHash: string | null;
  txCodeFailures: number;
  accessTokenHash: string | null;
  accessTokenExpiresAt: string | null;
  state: WalletOfferState;
  protocol: WalletProtocol | null;
  holderDid: string | null;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

export interface WalletNoncesTable {
  valueHash: string;
  kind: 'challenge' | 'nonce';
  offerId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface WalletDeliveriesTable {
  id: string;
  offerId: string;
  credentialId: string;
  holderDid: string;
  protocol: WalletProtocol;
  document: string;
  deliveredAt: string;
}

export interface Database {
  walletOffers: WalletOffersTable;
  walletNonces: WalletNoncesTable;
  walletDeliveries: WalletDeliveriesTable;
}

// Badge platforms (migration 004-badge-deliveries).
export type BadgePlatform = 'credly' | 'accredible';
export type BadgeOperation = 'issue' | 'revoke';
export type BadgeDeliveryState = 'pending' | 'delivered' | 'failed';

export interface BadgePlatformAccountsTable {
  issuerId: string;
  platform: BadgePlatform;
  baseUrl: string;
  organizationId: string | null;
  sealedApiKey: string;
  updatedAt: string;
}

export interface BadgePlatformMappingsTable {
  achievementId: string;
  platform: BadgePlatform;
  remoteId: string;
}

export interface BadgeDeliveriesTable {
  id: string;
  credentialId: string;
  platform: BadgePlatform;
  operation: BadgeOperation;
  state: BadgeDeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  reason: string | null;
  remoteId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Database {
  badgePlatformAccounts: BadgePlatformAccountsTable;
  badgePlatformMappings: BadgePlatformMappingsTable;
  badgeDeliveries: BadgeDeliveriesTable;
}

// Badge templates (migration 005-badge-templates).
/** Credly's template states, plus 'deleted' once the platform says the template is gone. */
export type BadgeTemplateState = 'active' | 'archived' | 'draft' | 'deleted';

export interface BadgeTemplatesTable {
  issuerId: string;
  platform: BadgePlatform;
  /** Credly badge template id or Accredible group id. */
  remoteId: string;
  name: string;
  state: BadgeTemplateState;
  updatedAt: string;
}

export interface Database {
  badgeTemplates: BadgeTemplatesTable;
}

// Admin (migration 010-admin).
export interface ImportRowsTable {
  issuerId: string;
  /** The caller's key for the row: importing it again changes nothing. */
  rowKey: string;
  credentialId: string;
  createdAt: string;
}

export interface Database {
  achievementRuleVersions: AchievementRuleVersionsTable;
  importRows: ImportRowsTable;
}

// 1EdTech revocation lists (migration 012-message-status-lists): VC-API credentials on an issuer's list.
export interface RevocationListEntriesTable {
  issuerId: string;
  /** sha256 hex of credentialId: the key, since ids are URLs of any length. */
  credentialKey: string;
  credentialId: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface Database {
  revocationListEntries: RevocationListEntriesTable;
}

// Learner e-mail (migration 014-email-deliveries).
/** Why the learner is written to: a credential issued, issued again after a correction, or revoked. */
export type EmailKind = 'issued' | 'reissued' | 'revoked';
/** pending: owed (due at nextAttemptAt); sent; failed: gave up; cancelled: nothing to send (no address, learner erased). */
export type EmailDeliveryState = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface EmailDeliveriesTable {
  id: string;
  credentialId: string;
  kind: EmailKind;
  state: EmailDeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface Database {
  emailDeliveries: EmailDeliveriesTable;
}

// The LMS course catalog (migration 015-catalog).
export interface LmsCoursesTable {
  issuerId: string;
  courseKey: string;
  name: string;
  lmsInstance: string | null;
  firstSeenAt: string;
  updatedAt: string;
}

export interface CatalogDefaultsTable {
  issuerId: string;
  /** JSON: what an achievement made for a new course looks like (validated by @laurel/issuance). */
  settings: string;
  updatedAt: string;
  updatedBy: string;
}

export interface Database {
  lmsCourses: LmsCoursesTable;
  catalogDefaults: CatalogDefaultsTable;
}

// LTI 1.3 tool (migration 016-lti-platforms).
/** The claim of a launch that names the learner: `sub` (the platform's user id), `preferred_username`, or `email`. */
export type LtiLearnerClaim = 'sub' | 'username' | 'email';

export interface LtiPlatformsTable {
  id: string;
  issuerId: string;
  name: string;
  platformIssuer: string;
  clientId: string;
  /** JSON array of strings. */
  deploymentIds: string;
  authLoginUrl: string;
  jwksUrl: string;
  accessTokenUrl: string | null;
  learnerClaim: LtiLearnerClaim;
  createdAt: string;
  updatedAt: string;
}

export interface LtiNoncesTable {
  platformId: string;
  nonceHash: string;
  createdAt: string;
  expiresAt: string;
}

export interface LtiToolKeysTable {
  kid: string;
  publicJwk: string;
  sealedPrivateKey: string;
  createdAt: string;
}

export interface Database {
  ltiPlatforms: LtiPlatformsTable;
  ltiNonces: LtiNoncesTable;
  ltiToolKeys: LtiToolKeysTable;
}
