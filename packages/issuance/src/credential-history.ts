import type { CredentialSearch, CredentialSummary, Page, PageRequest } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { getCredential } from './credential-state.js';

export type { CredentialSearch, CredentialSummary };

/** Credentials of one issuer matching a search, newest first by default. */
export async function searchCredentials(deps: Pick<IssuanceDeps, 'store'>, filter: CredentialSearch, page: PageRequest): Promise<Page<CredentialSummary>> {
  return deps.store.credentials.search(filter, page);
}

/** One thing that happened to a credential. `actor` is who did it (a token, an LMS user, a platform), when known. */
export interface HistoryEvent {
  at: string;
  event: 'issued' | 'revoked' | 'suspended' | 'unsuspended' | 'superseded' | 'offered' | 'claimed' | 'delivered' | 'badge-delivery' | 'email';
  actor: string | null;
  reason?: string;
  details: Record<string, unknown>;
}

const AUDIT_EVENTS: Record<string, HistoryEvent['event']> = {
  'credential.issue': 'issued',
  'credential.revoke': 'revoked',
  'credential.suspend': 'suspended',
  'credential.unsuspend': 'unsuspended',
  'wallet.offer': 'offered',
};

/** Audit entries of one credential are few; this bounds a pathological one. */
const MAX_AUDIT_ENTRIES = 500;

/**
 * A credential's full history, oldest first: issued (with the rules version),
 * offered to and claimed by a wallet, delivered, sent to badge platforms, mailed to the learner,
 * suspended, revoked, superseded, each with who and why where recorded.
 */
export async function credentialHistory(deps: Pick<IssuanceDeps, 'store'>, issuerId: string | undefined, credentialId: string): Promise<{ credentialId: string; state: string; rulesVersion: number | null; events: HistoryEvent[] }> {
  const credential = await getCredential(deps.store, issuerId, credentialId);
  const events: HistoryEvent[] = [];
  const audit = await deps.store.audit.query({ targetType: 'credential', targetId: credentialId, issuerId: credential.issuerId }, { limit: MAX_AUDIT_ENTRIES, order: 'asc' });
  for (const entry of audit.items) {
    const event = AUDIT_EVENTS[entry.action];
    if (!event) continue;
    const reason = typeof entry.details.reason === 'string' ? entry.details.reason : undefined;
    events.push({ at: entry.at, event, actor: entry.actor, ...(reason ? { reason } : {}), details: entry.details });
  }
  if (!events.some((event) => event.event === 'issued')) events.push({ at: credential.issuedAt, event: 'issued', actor: null, details: {} });
  if (credential.supersededById) {
    events.push({ at: credential.revokedAt ?? credential.issuedAt, event: 'superseded', actor: null, details: { supersededBy: credential.supersededById } });
  }
  for (const offer of await deps.store.walletOffers.listForCredential(credentialId)) {
    if (offer.completedAt) events.push({ at: offer.completedAt, event: 'claimed', actor: null, details: { offerId: offer.id, protocol: offer.protocol } });
  }
  for (const delivery of await deps.store.walletDeliveries.listForCredential(credentialId)) {
    events.push({ at: delivery.deliveredAt, event: 'delivered', actor: null, details: { offerId: delivery.offerId, protocol: delivery.protocol } });
  }
  for (const delivery of await deps.store.badgePlatforms.listForCredential(credentialId)) {
    events.push({
      at: delivery.updatedAt,
      event: 'badge-delivery',
      actor: delivery.platform,
      ...(delivery.reason ? { reason: delivery.reason } : {}),
      details: { platform: delivery.platform, operation: delivery.operation, state: delivery.state, attempts: delivery.attempts, remoteId: delivery.remoteId },
    });
  }
  for (const mail of await deps.store.emailDeliveries.listForCredential(credentialId)) {
    events.push({
      at: mail.sentAt ?? mail.updatedAt,
      event: 'email',
      actor: null,
      ...(mail.lastError ? { reason: mail.lastError } : {}),
      details: { kind: mail.kind, state: mail.state, attempts: mail.attempts, ...(mail.nextAttemptAt ? { nextAttemptAt: mail.nextAttemptAt } : {}) },
    });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return { credentialId, state: credential.state, rulesVersion: credential.rulesVersion, events };
}
