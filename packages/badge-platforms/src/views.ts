import type { BadgeDeliveryState, BadgeOperation, BadgePlatform, BadgePlatformAccount } from '@laurel/store';
import type { BadgeDeliveryDeps } from './deps.js';

/** An issuer's platform account as it may be shown: never the sealed key. */
export interface BadgePlatformAccountView {
  issuerId: string;
  platform: BadgePlatform;
  baseUrl: string;
  /** Credly's organization id; null for Accredible. */
  organizationId: string | null;
  updatedAt: string;
}

/** One credential's badge on one platform, as it may be shown. */
export interface BadgeDeliveryView {
  platform: BadgePlatform;
  operation: BadgeOperation;
  state: BadgeDeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  /** Why it failed or is being retried, or a note on how it was delivered. */
  reason: string | null;
  /** The badge's (Credly) or credential's (Accredible) id on the platform. */
  remoteId: string | null;
}

export async function getBadgePlatformAccount(
  deps: Pick<BadgeDeliveryDeps, 'store'>,
  issuerId: string,
  platform: BadgePlatform,
): Promise<BadgePlatformAccountView | undefined> {
  const account = await deps.store.badgePlatforms.getAccount(issuerId, platform);
  return account && accountView(account);
}

/** Picked field by field, so a column added later (or the sealed key) is not shown by accident. */
export function accountView(account: BadgePlatformAccount): BadgePlatformAccountView {
  return { issuerId: account.issuerId, platform: account.platform, baseUrl: account.baseUrl, organizationId: account.organizationId, updatedAt: account.updatedAt };
}

export async function listBadgeDeliveries(deps: Pick<BadgeDeliveryDeps, 'store'>, credentialId: string): Promise<BadgeDeliveryView[]> {
  const rows = await deps.store.badgePlatforms.listForCredential(credentialId);
  return rows.map(({ platform, operation, state, attempts, nextAttemptAt, reason, remoteId }) => ({ platform, operation, state, attempts, nextAttemptAt, reason, remoteId }));
}

/** A delivery in an issuer-wide list: which credential it is for, and when it last changed. */
export interface IssuerBadgeDeliveryView extends BadgeDeliveryView {
  credentialId: string;
  updatedAt: string;
}

/** The issuer's deliveries on a platform, newest change first; `state: 'failed'` is the operator's to-do list. */
export async function listIssuerBadgeDeliveries(
  deps: Pick<BadgeDeliveryDeps, 'store'>,
  issuerId: string,
  platform: BadgePlatform,
  options: { state?: BadgeDeliveryState; limit?: number } = {},
): Promise<IssuerBadgeDeliveryView[]> {
  const rows = await deps.store.badgePlatforms.listForIssuer(issuerId, platform, { ...(options.state ? { state: options.state } : {}), limit: options.limit ?? 100 });
  return rows.map(({ credentialId, platform: on, operation, state, attempts, nextAttemptAt, reason, remoteId, updatedAt }) => ({
    credentialId,
    platform: on,
    operation,
    state,
    attempts,
    nextAttemptAt,
    reason,
    remoteId,
    updatedAt,
  }));
}

/** What an achievement is also awarded as, with the template's name and state when known. */
export interface AchievementBadgeView {
  platform: BadgePlatform;
  remoteId: string;
  templateName: string | null;
  templateState: string | null;
}

export async function listAchievementBadges(deps: Pick<BadgeDeliveryDeps, 'store'>, issuerId: string, achievementId: string): Promise<AchievementBadgeView[]> {
  const views: AchievementBadgeView[] = [];
  for (const mapping of await deps.store.badgePlatforms.listMappings(achievementId)) {
    const template = await deps.store.badgePlatforms.getTemplate(issuerId, mapping.platform, mapping.remoteId);
    views.push({ platform: mapping.platform, remoteId: mapping.remoteId, templateName: template?.name ?? null, templateState: template?.state ?? null });
  }
  return views;
}
