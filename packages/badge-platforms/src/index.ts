export { BadgePlatformError, type BadgePlatformFailure } from './errors.js';
export {
  createCredlyClient,
  CREDLY_PRODUCTION_URL,
  CREDLY_SANDBOX_URL,
  type CredlyClient,
  type CredlyClientOptions,
  type CredlyBadgeInput,
  type CredlyBadgeTemplate,
  type CredlyEvent,
} from './credly.js';
export { parseCredlyWebhook, verifyCredlyWebhook, type CredlyWebhookNotice, type CredlyWebhookResult } from './credly-webhooks.js';
export {
  createAccredibleClient,
  ACCREDIBLE_PRODUCTION_URL,
  ACCREDIBLE_EU_URL,
  ACCREDIBLE_SANDBOX_URL,
  type AccredibleClient,
  type AccredibleClientOptions,
  type AccredibleCredentialInput,
  type AccredibleGroup,
  type AccredibleCredentialSummary,
} from './accredible.js';
export type { BadgeDeliveryDeps, BadgeLogger, BadgePlatformDeps } from './deps.js';
export { configureBadgePlatform, disconnectBadgePlatform, type BadgePlatformSettings } from './accounts.js';
export { mapAchievementToBadge, deliverBadges, processBadgeDeliveries, retryDelayMs, retryFailedBadgeDeliveries, type BadgeDeliverySummary } from './deliveries.js';
export { startBadgeDeliveryWorker, type BadgeDeliveryWorker, type IssuedCredentialRef } from './worker.js';
export { syncBadgeTemplates, listBadgeTemplates, receiveCredlyWebhook } from './templates.js';
export {
  getBadgePlatformAccount,
  listBadgeDeliveries,
  listIssuerBadgeDeliveries,
  listAchievementBadges,
  type BadgePlatformAccountView,
  type BadgeDeliveryView,
  type IssuerBadgeDeliveryView,
  type AchievementBadgeView,
} from './views.js';
export type { BadgeTemplate, BadgeTemplateState } from '@laurel/store';
