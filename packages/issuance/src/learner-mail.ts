import type { Credential, EmailDelivery, EmailKind, Learner, Repositories } from '@laurel/store';
import { claimPageUrl, type IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { randomSecret } from './offer-secrets.js';
import { automaticOffer, insertOffer, OFFER_LIFETIME } from './wallet-offers.js';

/**
 * Owes the credential's learner a mail, in the caller's transaction (the
 * outbox stage of the change): only when learner e-mail is on and the
 * learner has an address. At most one per credential and kind.
 */
export async function oweLearnerMail(tx: Repositories, deps: Pick<IssuanceDeps, 'emailLearners' | 'now'>, credential: Credential, kind: EmailKind, learner?: Learner): Promise<void> {
  if (!deps.emailLearners) return;
  const holder = learner ?? (await tx.learners.get(credential.learnerId));
  if (!holder?.email || holder.erasedAt !== null) return;
  await tx.emailDeliveries.enqueue(credential.id, kind, deps.now());
}

export interface MailClaimLink {
  claimUrl: string;
  expiresAt: string;
}

/**
 * The wallet claim link an issue mail carries, for an active credential:
 * its automatic offer when that is still open (one link everywhere),
 * otherwise a new offer made now, so the link's lifetime starts when the
 * mail goes out. An attempt that then fails to send leaves an unused offer
 * that simply expires. Undefined when the credential is no longer active.
 */
export async function mailClaimLink(deps: Pick<IssuanceDeps, 'store' | 'urls' | 'now' | 'keyEncryptionKey'>, actor: string, credentialId: string): Promise<MailClaimLink | undefined> {
  return deps.store.transaction(async (tx) => {
    const credential = await tx.credentials.get(credentialId);
    if (!credential) throw new NotFoundError('credential', credentialId);
    if (credential.state !== 'active') return undefined;
    const achievement = await tx.achievements.get(credential.achievementId);
    if (achievement?.autoOffer) {
      const offer = await automaticOffer(tx, deps, actor, credential);
      if (offer?.claimState === 'open') return { claimUrl: offer.claimUrl, expiresAt: offer.claimExpiresAt };
    }
    const token = randomSecret();
    const offer = await insertOffer(tx, deps, actor, credential, { token, txCode: null, lifetimeMs: OFFER_LIFETIME.default });
    return { claimUrl: claimPageUrl(deps.urls, token), expiresAt: offer.expiresAt };
  });
}

/** The mails owed or sent for one credential (its delivery log), oldest first. */
export async function credentialEmails(deps: Pick<IssuanceDeps, 'store'>, issuerId: string | undefined, credentialId: string): Promise<EmailDelivery[]> {
  const credential = await deps.store.credentials.get(credentialId);
  if (!credential || (issuerId !== undefined && credential.issuerId !== issuerId)) throw new NotFoundError('credential', credentialId);
  return deps.store.emailDeliveries.listForCredential(credentialId);
}

/**
 * Puts the credential's failed mails back in the queue (after the SMTP
 * settings or the learner's address were fixed); the mail worker sends them
 * at its next tick. Audited as `email.retry` when something was requeued.
 */
export async function retryCredentialEmails(deps: Pick<IssuanceDeps, 'store' | 'now'>, actor: string, issuerId: string, credentialId: string): Promise<{ requeued: number }> {
  return deps.store.transaction(async (tx) => {
    const credential = await tx.credentials.get(credentialId);
    if (!credential || credential.issuerId !== issuerId) throw new NotFoundError('credential', credentialId);
    const requeued = await tx.emailDeliveries.requeueFailed(credentialId, deps.now());
    if (requeued > 0) await tx.audit.record({ actor, action: 'email.retry', targetType: 'credential', targetId: credentialId, issuerId, details: { requeued } });
    return { requeued };
  });
}
