import type { BadgeDelivery, BadgePlatform, Credential } from '@laurel/store';
import { openAccount } from './accounts.js';
import type { BadgeDeliveryDeps } from './deps.js';
import { BadgePlatformError } from './errors.js';
import { perform } from './platform-calls.js';
import { templateRefusal } from './templates.js';

export type { BadgeDeliveryDeps, BadgeLogger } from './deps.js';
export { configureBadgePlatform, type BadgePlatformSettings } from './accounts.js';

/**
 * Awards the achievement as a Credly badge template or Accredible group; null
 * stops it. A template known to be archived or deleted on the platform is
 * refused (nothing could be issued as it); unknown templates are allowed.
 * Audited as `badge-mapping.set` or `badge-mapping.remove`.
 */
export async function mapAchievementToBadge(
  deps: Pick<BadgeDeliveryDeps, 'store'>,
  actor: string,
  achievementId: string,
  platform: BadgePlatform,
  remoteId: string | null,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const achievement = await tx.achievements.get(achievementId);
    if (!achievement) throw new BadgePlatformError('rejected', `No achievement ${achievementId}`);
    if (remoteId !== null) {
      const refusal = templateRefusal(await tx.badgePlatforms.getTemplate(achievement.issuerId, platform, remoteId));
      if (refusal) throw new BadgePlatformError('rejected', `${refusal}: nothing can be awarded as it`);
    }
    await tx.badgePlatforms.setMapping(achievementId, platform, remoteId);
    await tx.audit.record({
      actor,
      action: remoteId === null ? 'badge-mapping.remove' : 'badge-mapping.set',
      targetType: 'achievement',
      targetId: achievementId,
      issuerId: achievement.issuerId,
      details: { platform, ...(remoteId !== null ? { remoteId } : {}) },
    });
  });
}

export interface BadgeDeliverySummary {
  /** Delivery rows created for newly issued credentials. */
  queued: number;
  /** Delivered rows switched to revocation. */
  revocationsQueued: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

function emptySummary(): BadgeDeliverySummary {
  return { queued: 0, revocationsQueued: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0 };
}

function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

/** Exponential backoff: base, 2×base, 4×base… capped. `attempt` counts from 1. */
export function retryDelayMs(attempt: number, baseDelayMs = 30_000, maxDelayMs = 6 * 60 * 60 * 1000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Makes sure the credential has a delivery row per mapped platform, and switches delivered ones to revocation once it is revoked. */
async function reconcile(deps: BadgeDeliveryDeps, credential: Credential, summary: BadgeDeliverySummary): Promise<void> {
  const repo = deps.store.badgePlatforms;
  if (credential.state !== 'revoked') {
    for (const mapping of await repo.listMappings(credential.achievementId)) {
      const before = await repo.listForCredential(credential.id);
      if (!before.some((row) => row.platform === mapping.platform)) {
        await repo.ensureDelivery(credential.id, mapping.platform, deps.now());
        summary.queued++;
      }
    }
    return;
  }
  for (const row of await repo.listForCredential(credential.id)) {
    if (row.operation === 'issue') await queueRevocation(deps, row, summary);
  }
}

async function queueRevocation(deps: BadgeDeliveryDeps, row: BadgeDelivery, summary: BadgeDeliverySummary): Promise<void> {
  const nowTs = deps.now().toISOString();
  const nothingThere = row.remoteId === null;
  const changed = await deps.store.badgePlatforms.updateDelivery(
    row.id,
    { attempts: row.attempts, operation: 'issue' },
    nothingThere
      ? { operation: 'revoke', state: 'delivered', attempts: 0, nextAttemptAt: null, reason: 'revoked before the badge was issued on the platform' }
      : { operation: 'revoke', state: 'pending', attempts: 0, nextAttemptAt: nowTs, reason: null },
  );
  if (changed) summary.revocationsQueued++;
}

/** One attempt at one due delivery. */
async function attempt(deps: BadgeDeliveryDeps, row: BadgeDelivery, summary: BadgeDeliverySummary): Promise<void> {
  const repo = deps.store.badgePlatforms;
  const now = deps.now();
  const attemptNumber = row.attempts + 1;
  const claimed = await repo.updateDelivery(
    row.id,
    { attempts: row.attempts, operation: row.operation },
    { attempts: attemptNumber, nextAttemptAt: new Date(now.getTime() + (deps.leaseMs ?? 5 * 60 * 1000)).toISOString() },
  );
  if (!claimed) return;
  summary.attempted++;
  const fields = { deliveryId: row.id, credentialId: row.credentialId, platform: row.platform, operation: row.operation, attempt: attemptNumber };
  let apiKey: string | undefined;
  try {
    const credential = await deps.store.credentials.get(row.credentialId);
    if (!credential) throw new BadgePlatformError('rejected', 'The credential no longer exists');
    const opened = await openAccount(deps, credential.issuerId, row.platform);
    apiKey = opened.apiKey;
    const { remoteId, note } = await perform(deps, row, attemptNumber, credential, opened);
    await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'delivered', nextAttemptAt: null, reason: note, remoteId });
    summary.delivered++;
    deps.logger?.info({ ...fields, ...(note ? { note } : {}) }, `badge ${row.operation} delivered to ${row.platform}`);
  } catch (error) {
    const retryable = error instanceof BadgePlatformError ? error.retryable : false;
    const message = redact(error instanceof Error ? error.message : String(error), apiKey);
    const maxAttempts = deps.maxAttempts ?? 6;
    if (retryable && attemptNumber < maxAttempts) {
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attemptNumber, deps.baseDelayMs, deps.maxDelayMs)).toISOString();
      await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'pending', nextAttemptAt, reason: message });
      summary.retrying++;
      deps.logger?.warn({ ...fields, nextAttemptAt, reason: message }, `badge ${row.operation} to ${row.platform} failed; will retry`);
    } else {
      await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'failed', nextAttemptAt: null, reason: message });
      summary.failed++;
      deps.logger?.warn({ ...fields, reason: message }, `badge ${row.operation} to ${row.platform} failed for good`);
    }
  }
}

/**
 * The hook for one credential: call it after the credential is issued or
 * revoked. Queues what the credential needs and attempts whatever of it is
 * due; failures stay queued for processBadgeDeliveries.
 */
export async function deliverBadges(deps: BadgeDeliveryDeps, credentialId: string): Promise<BadgeDelivery[]> {
  const summary = emptySummary();
  const credential = await deps.store.credentials.get(credentialId);
  if (!credential) return [];
  await reconcile(deps, credential, summary);
  const nowTs = deps.now().toISOString();
  for (const row of await deps.store.badgePlatforms.listForCredential(credentialId)) {
    if (row.state === 'pending' && row.nextAttemptAt !== null && row.nextAttemptAt <= nowTs) await attempt(deps, row, summary);
  }
  return deps.store.badgePlatforms.listForCredential(credentialId);
}

/**
 * The worker's tick: finds issued credentials of mapped achievements with no
 * delivery yet, revoked credentials whose badge is still out, and every
 * delivery whose retry is due, and attempts them.
 */
export async function processBadgeDeliveries(deps: BadgeDeliveryDeps, options: { limit?: number } = {}): Promise<BadgeDeliverySummary> {
  const limit = options.limit ?? 100;
  const repo = deps.store.badgePlatforms;
  const summary = emptySummary();
  for (const missing of await repo.listUndelivered(limit)) {
    await repo.ensureDelivery(missing.credentialId, missing.platform, deps.now());
    summary.queued++;
  }
  for (const row of await repo.listRevokedSinceIssue(limit)) await queueRevocation(deps, row, summary);
  for (const row of await repo.listDue(deps.now(), limit)) await attempt(deps, row, summary);
  return summary;
}

/**
 * Puts failed deliveries back in the queue, e.g. after the operator fixed the
 * API key or un-archived a template: all of the issuer's on the platform, or
 * one credential's. The worker attempts them at its next tick. Audited as
 * `badge-delivery.retry` when something was requeued.
 */
export async function retryFailedBadgeDeliveries(
  deps: Pick<BadgeDeliveryDeps, 'store' | 'now'>,
  actor: string,
  issuerId: string,
  platform: BadgePlatform,
  credentialId?: string,
): Promise<{ requeued: number }> {
  return deps.store.transaction(async (tx) => {
    const requeued = await tx.badgePlatforms.requeueFailed(issuerId, platform, deps.now(), credentialId);
    if (requeued > 0) {
      await tx.audit.record({ actor, action: 'badge-delivery.retry', targetType: credentialId ? 'credential' : 'badge_platform', targetId: credentialId ?? platform, issuerId, details: { platform, requeued } });
    }
    return { requeued };
  });
}
