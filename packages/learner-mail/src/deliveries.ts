import { credentialUrl, mailClaimLink } from '@laurel/issuance';
import type { EmailDelivery } from '@laurel/store';
import { composeMail } from './compose.js';
import type { LearnerMailDeps } from './deps.js';
import { isPermanentSmtpFailure, type OutgoingMail } from './transport.js';

/** Written as the actor of the wallet offers an issue mail creates. */
const ACTOR = 'learner-mail';

export interface LearnerMailSummary {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

/** Exponential backoff: base, 2×base, 4×base… capped. `attempt` counts from 1. */
export function mailRetryDelayMs(attempt: number, baseDelayMs = 30_000, maxDelayMs = 3_600_000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Nothing to send, and why (the row is cancelled, not failed: no retry could help). */
class NothingToSend extends Error {}

/** Builds the mail a delivery owes from the rows as they are now. */
async function buildMail(deps: LearnerMailDeps, row: EmailDelivery): Promise<OutgoingMail> {
  const store = deps.issuance.store;
  const credential = await store.credentials.get(row.credentialId);
  if (!credential) throw new NothingToSend('the credential no longer exists');
  const [learner, issuer, achievement] = await Promise.all([store.learners.get(credential.learnerId), store.issuers.get(credential.issuerId), store.achievements.get(credential.achievementId)]);
  if (!learner || learner.erasedAt !== null) throw new NothingToSend('the learner was erased');
  if (!learner.email) throw new NothingToSend('the learner has no e-mail address');
  if (!issuer || !achievement) throw new NothingToSend('the issuer or achievement no longer exists');
  // A credential revoked or replaced before its issue mail went out: the learner hears of what holds now.
  if (row.kind !== 'revoked' && credential.state !== 'active') throw new NothingToSend(`the credential is ${credential.state} now`);
  const claim = row.kind === 'revoked' ? undefined : await mailClaimLink(deps.issuance, ACTOR, credential.id);
  const content = composeMail({
    kind: row.kind,
    learnerName: learner.name,
    achievementName: achievement.name,
    issuerName: issuer.name,
    credentialUrl: credentialUrl(deps.issuance.urls, credential.id),
    ...(claim ? { claim: { url: claim.claimUrl, expiresAt: claim.expiresAt } } : {}),
    reason: credential.stateReason,
    locales: [learner.locale, issuer.locale],
  });
  const domain = deps.defaultFrom.address.split('@')[1] ?? 'localhost';
  return {
    from: { name: issuer.name, address: issuer.email ?? deps.defaultFrom.address },
    ...(issuer.email ? { replyTo: issuer.email } : {}),
    envelopeFrom: deps.defaultFrom.address,
    to: learner.email,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: `<${row.id}@${domain}>`,
    language: content.locale,
  };
}

/** One attempt at one due mail: claimed first (a lease), so no two workers send it. */
async function attempt(deps: LearnerMailDeps, row: EmailDelivery, summary: LearnerMailSummary): Promise<void> {
  const repo = deps.issuance.store.emailDeliveries;
  const now = deps.issuance.now();
  const attemptNumber = row.attempts + 1;
  const lease = new Date(now.getTime() + (deps.leaseMs ?? 120_000)).toISOString();
  if (!(await repo.update(row.id, row.attempts, { attempts: attemptNumber, nextAttemptAt: lease }))) return;
  summary.attempted++;
  const fields = { emailId: row.id, credentialId: row.credentialId, kind: row.kind, attempt: attemptNumber };
  try {
    const mail = await buildMail(deps, row);
    const { messageId } = await deps.transport.send(mail);
    await repo.update(row.id, attemptNumber, { state: 'sent', nextAttemptAt: null, lastError: null, messageId, sentAt: deps.issuance.now().toISOString() });
    summary.sent++;
    deps.logger?.info(fields, `learner mail (${row.kind}) sent`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NothingToSend) {
      await repo.update(row.id, attemptNumber, { state: 'cancelled', nextAttemptAt: null, lastError: message });
      summary.cancelled++;
      deps.logger?.info({ ...fields, reason: message }, `learner mail (${row.kind}) not sent`);
    } else if (!isPermanentSmtpFailure(error) && attemptNumber < (deps.maxAttempts ?? 8)) {
      const nextAttemptAt = new Date(now.getTime() + mailRetryDelayMs(attemptNumber, deps.baseDelayMs, deps.maxDelayMs)).toISOString();
      await repo.update(row.id, attemptNumber, { state: 'pending', nextAttemptAt, lastError: message });
      summary.retrying++;
      deps.logger?.warn({ ...fields, nextAttemptAt, reason: message }, `learner mail (${row.kind}) failed; will retry`);
    } else {
      await repo.update(row.id, attemptNumber, { state: 'failed', nextAttemptAt: null, lastError: message });
      summary.failed++;
      deps.logger?.warn({ ...fields, reason: message }, `learner mail (${row.kind}) failed for good`);
    }
  }
}

/** The worker's tick: attempts every mail whose (first or next) attempt is due, oldest first. */
export async function processLearnerMail(deps: LearnerMailDeps, options: { limit?: number } = {}): Promise<LearnerMailSummary> {
  const summary: LearnerMailSummary = { attempted: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  for (const row of await deps.issuance.store.emailDeliveries.listDue(deps.issuance.now(), options.limit ?? 50)) await attempt(deps, row, summary);
  return summary;
}
