import type { BadgeDelivery, BadgePlatform, Credential } from '@laurel/store';
import type { AccredibleClient } from './accredible.js';
import { accredibleClientFor, credlyClientFor, openAccount, type OpenedAccount } from './accounts.js';
import type { BadgeDeliveryDeps } from './deps.js';
import { BadgePlatformError } from './errors.js';
import { templateRefusal } from './templates.js';

export type { BadgeDeliveryDeps, BadgeLogger } from './deps.js';
export { configureBadgePlatform, type BadgePlatformSettings } from './accounts.js';

/**
 * Awards the achievement as a Credly badge template or Accredible group; null
 * stops it. A template known to be archived or deleted on the platform is
 * refused (nothing could be issued as it); unknown templates are allowed.
 */
export async function mapAchievementToBadge(
  deps: Pick<BadgeDeliveryDeps, 'store'>,
  achievementId: string,
  platform: BadgePlatform,
  remoteId: string | null,
): Promise<void> {
  if (remoteId !== null) {
    const achievement = await deps.store.achievements.get(achievementId);
    if (!achievement) throw new BadgePlatformError('rejected', `No achievement ${achievementId}`);
    const refusal = templateRefusal(await deps.store.badgePlatforms.getTemplate(achievement.issuerId, platform, remoteId));
    if (refusal) throw new BadgePlatformError('rejected', `${refusal}: nothing can be awarded as it`);
  }
  await deps.store.badgePlatforms.setMapping(achievementId, platform, remoteId);
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

function dateOnly(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const firstName = parts[0] ?? '';
  return { firstName, lastName: parts.length > 1 ? parts.slice(1).join(' ') : firstName };
}

function validUntil(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const record = document as Record<string, unknown>;
  const value = record.validUntil ?? record.expirationDate;
  return typeof value === 'string' ? value : undefined;
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

/** What a successful attempt leaves on the row: the remote id, and a note when it was not a plain success. */
interface Performed {
  remoteId: string | null;
  note: string | null;
}

/** The platform call itself. */
async function perform(deps: BadgeDeliveryDeps, row: BadgeDelivery, attemptNumber: number, credential: Credential, opened: OpenedAccount): Promise<Performed> {
  if (row.operation === 'issue') {
    const repo = deps.store.badgePlatforms;
    const mapping = (await repo.listMappings(credential.achievementId)).find((entry) => entry.platform === row.platform);
    if (!mapping) throw new BadgePlatformError('rejected', `The achievement is no longer mapped to ${row.platform}`);
    // Known archived or deleted: the platform would refuse it too, so do not ask (and do not retry).
    const refusal = templateRefusal(await repo.getTemplate(credential.issuerId, row.platform, mapping.remoteId));
    if (refusal) throw new BadgePlatformError('rejected', refusal);
    const learner = await deps.store.learners.get(credential.learnerId);
    if (!learner?.email) throw new BadgePlatformError('rejected', 'The learner has no email address');
    const name = learner.name?.trim() || learner.username || learner.email.split('@')[0] || 'Learner';
    const expiresAt = validUntil(credential.document);
    if (row.platform === 'credly') {
      // After a lost answer the retry meets Credly's 422 duplicate, and issueBadge adopts the existing badge.
      const badge = await credlyClientFor(deps, opened).issueBadge({
        recipientEmail: learner.email,
        ...splitName(name),
        badgeTemplateId: mapping.remoteId,
        issuedAt: credential.issuedAt,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      });
      return { remoteId: badge.id, note: badge.alreadyIssued ? 'Credly already held this badge for the recipient; its id was kept' : null };
    }
    const client = accredibleClientFor(deps, opened);
    const issuedOn = dateOnly(credential.issuedAt);
    // A retry, or a first attempt after an operator requeued a failure (its reason is kept): the
    // failed attempt may have created the credential before its answer was lost.
    if (attemptNumber > 1 || row.reason !== null) {
      const earlier = await earlierCreate(deps, client, row, { email: learner.email, groupId: mapping.remoteId, issuedOn });
      if (earlier !== undefined) return { remoteId: earlier, note: `Accredible credential ${earlier} from an earlier attempt was kept` };
    }
    const created = await client.createCredential({
      name,
      email: learner.email,
      groupId: mapping.remoteId,
      issuedOn,
      ...(expiresAt !== undefined ? { expiredOn: dateOnly(expiresAt) } : {}),
    });
    return { remoteId: created.id, note: null };
  }
  if (row.remoteId === null) return { remoteId: null, note: null };
  if (row.platform === 'credly') {
    const { alreadyRevoked } = await credlyClientFor(deps, opened).revokeBadge(row.remoteId, credential.stateReason ?? 'Revoked by the issuer');
    return { remoteId: row.remoteId, note: alreadyRevoked ? 'Credly already showed the badge as revoked' : null };
  }
  await accredibleClientFor(deps, opened).expireCredential(row.remoteId, dateOnly(credential.revokedAt ?? deps.now().toISOString()));
  return { remoteId: row.remoteId, note: null };
}

/**
 * Accredible allows any number of credentials per recipient and group, so a
 * create whose answer was lost (timeout, 5xx after the write) would be
 * repeated. Before a retry, look for one made that day that no other
 * delivery already holds (another Laurel credential's badge is not ours).
 */
async function earlierCreate(
  deps: BadgeDeliveryDeps,
  client: AccredibleClient,
  row: BadgeDelivery,
  query: { email: string; groupId: string; issuedOn: string },
): Promise<string | undefined> {
  for (const candidate of await client.findCredentials(query)) {
    const holder = await deps.store.badgePlatforms.findByRemoteId('accredible', candidate.id);
    if (!holder || holder.id === row.id) return candidate.id;
  }
  return undefined;
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

export interface BadgeDeliveryWorker {
  /** Runs a tick soon instead of at the next interval (after a mapping changes, a credential is issued...). */
  nudge(): void;
  /** Stops the ticks and waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * Runs processBadgeDeliveries every `intervalMs` until stopped; errors are
 * logged and the next tick tries again. Ticks never overlap, and nudges that
 * arrive while one is already waiting to run fold into it.
 */
export function startBadgeDeliveryWorker(deps: BadgeDeliveryDeps, intervalMs = 30_000): BadgeDeliveryWorker {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  const tick = () => {
    if (waiting || stopped) return;
    waiting = true;
    running = running.then(() => {
      waiting = false;
      return processBadgeDeliveries(deps).catch((error: unknown) => {
        deps.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'badge delivery tick failed');
      });
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    nudge: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Puts failed deliveries back in the queue, e.g. after the operator fixed the
 * API key or un-archived a template: all of the issuer's on the platform, or
 * one credential's. The worker attempts them at its next tick.
 */
export async function retryFailedBadgeDeliveries(
  deps: Pick<BadgeDeliveryDeps, 'store' | 'now'>,
  issuerId: string,
  platform: BadgePlatform,
  credentialId?: string,
): Promise<{ requeued: number }> {
  return { requeued: await deps.store.badgePlatforms.requeueFailed(issuerId, platform, deps.now(), credentialId) };
}
