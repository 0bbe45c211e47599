import { createAchievementRepository, type AchievementRepository } from './achievements.js';
import { createApiTokenRepository, type ApiTokenRepository } from './api-tokens.js';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.js';
import { createCompletionRepository, type CompletionRepository } from './completions.js';
import { createBadgePlatformRepository, type BadgePlatformRepository } from './badge-platforms.js';
import { createCatalogRepository, type CatalogRepository } from './catalog.js';
import type { RepositoryContext } from './context.js';
import { createEmailDeliveryRepository, type EmailDeliveryRepository } from './email-deliveries.js';
import { createErasureRepository, type ErasureRepository } from './erasure.js';
import { createImportRowRepository, type ImportRowRepository } from './import-rows.js';
import { createCredentialRepository, type CredentialRepository } from './credentials.js';
import { createGaugeRepository, type GaugeRepository } from './gauges.js';
import { createIssuerKeyRepository, type IssuerKeyRepository } from './issuer-keys.js';
import { createIssuerRepository, type IssuerRepository } from './issuers.js';
import { createLearnerRepository, type LearnerRepository } from './learners.js';
import { createLtiNonceRepository, type LtiNonceRepository } from './lti-nonces.js';
import { createLtiPlatformRepository, type LtiPlatformRepository } from './lti-platforms.js';
import { createLtiToolKeyRepository, type LtiToolKeyRepository } from './lti-tool-keys.js';
import { createStatusListRepository, type StatusListRepository } from './status-lists.js';
import { createRevocationListEntryRepository, type RevocationListEntryRepository } from './revocation-list-entries.js';
import { createShareLinkRepository, type ShareLinkRepository } from './share-links.js';
import { createSignInLinkRepository, type SignInLinkRepository } from './sign-in-links.js';
import { createWalletDeliveryRepository, type WalletDeliveryRepository } from './wallet-deliveries.js';
import { createWalletNonceRepository, type WalletNonceRepository } from './wallet-nonces.js';
import { createWalletOfferRepository, type WalletOfferRepository } from './wallet-offers.js';

export interface Repositories {
  issuers: IssuerRepository;
  keys: IssuerKeyRepository;
  achievements: AchievementRepository;
  learners: LearnerRepository;
  completions: CompletionRepository;
  credentials: CredentialRepository;
  statusLists: StatusListRepository;
  tokens: ApiTokenRepository;
  audit: AuditLogRepository;
  shareLinks: ShareLinkRepository;
  signInLinks: SignInLinkRepository;
  walletOffers: WalletOfferRepository;
  walletNonces: WalletNonceRepository;
  walletDeliveries: WalletDeliveryRepository;
  badgePlatforms: BadgePlatformRepository;
  emailDeliveries: EmailDeliveryRepository;
  /** LMS courses and per-issuer catalog defaults (015-catalog). */
  catalog: CatalogRepository;
  /** Counts for metrics. */
  gauges: GaugeRepository;
  erasure: ErasureRepository;
  importRows: ImportRowRepository;
  revocationListEntries: RevocationListEntryRepository;
  ltiPlatforms: LtiPlatformRepository;
  ltiNonces: LtiNonceRepository;
  ltiToolKeys: LtiToolKeyRepository;
}

export function createRepositories(context: RepositoryContext): Repositories {
  return {
    issuers: createIssuerRepository(context),
    keys: createIssuerKeyRepository(context),
    achievements: createAchievementRepository(context),
    learners: createLearnerRepository(context),
    completions: createCompletionRepository(context),
    credentials: createCredentialRepository(context),
    statusLists: createStatusListRepository(context),
    tokens: createApiTokenRepository(context),
    audit: createAuditLogRepository(context),
    shareLinks: createShareLinkRepository(context),
    signInLinks: createSignInLinkRepository(context),
    walletOffers: createWalletOfferRepository(context),
    walletNonces: createWalletNonceRepository(context),
    walletDeliveries: createWalletDeliveryRepository(context),
    badgePlatforms: createBadgePlatformRepository(context),
    emailDeliveries: createEmailDeliveryRepository(context),
    catalog: createCatalogRepository(context),
    gauges: createGaugeRepository(context),
    erasure: createErasureRepository(context),
    importRows: createImportRowRepository(context),
    revocationListEntries: createRevocationListEntryRepository(context),
    ltiPlatforms: createLtiPlatformRepository(context),
    ltiNonces: createLtiNonceRepository(context),
    ltiToolKeys: createLtiToolKeyRepository(context),
  };
}
