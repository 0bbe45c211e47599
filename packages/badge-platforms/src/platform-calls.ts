import type { BadgeDelivery, Credential } from '@laurel/store';
import type { AccredibleClient } from './accredible.js';
import { accredibleClientFor, credlyClientFor, type OpenedAccount } from './accounts.js';
import type { BadgeDeliveryDeps } from './deps.js';
import { BadgePlatformError } from './errors.js';
import { templateRefusal } from './templates.js';

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

/** What a successful attempt leaves on the row: the remote id, and a note when it was not a plain success. */
export interface Performed {
  remoteId: string | null;
  note: string | null;
}

/** The platform call itself: issue (or adopt) the badge, or revoke it. */
export async function perform(deps: BadgeDeliveryDeps, row: BadgeDelivery, attemptNumber: number, credential: Credential, opened: OpenedAccount): Promise<Performed> {
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
