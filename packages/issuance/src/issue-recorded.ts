import type { NewAuditEntry, Repositories } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { issueAchievementCredential, type IssueOutcome, type IssueRequest } from './issue-credential.js';
import { oweLearnerMail } from './learner-mail.js';
import { automaticOffer, type AutomaticOffer } from './wallet-offers.js';

/**
 * Issues one achievement credential in the caller's transaction together with
 * what must commit with it or not at all: its `credential.issue` audit row and,
 * when the achievement asks for one, its automatic wallet offer, and, when
 * learner e-mail is on, the mail owed to the learner (issued, or reissued). For a
 * credential the learner already holds, `offer` is that credential's automatic
 * offer (created now if it never got one). Given `auditRows`, the audit row is
 * added there instead, for the caller to write with its own in one INSERT
 * (within the same transaction, before it returns).
 */
export async function issueRecorded(
  tx: Repositories,
  deps: IssuanceDeps,
  actor: string,
  request: IssueRequest,
  details: Record<string, unknown> = {},
  auditRows?: NewAuditEntry[],
): Promise<IssueOutcome & { offer?: AutomaticOffer }> {
  const outcome = await issueAchievementCredential(tx, deps, request);
  if (outcome.inserted) {
    const row: NewAuditEntry = {
      actor,
      action: 'credential.issue',
      targetType: 'credential',
      targetId: outcome.credential.id,
      issuerId: request.issuer.id,
      details: { achievementId: request.achievement.id, learnerId: request.learner.id, ...(request.supersedesId ? { supersedes: request.supersedesId } : {}), ...details },
    };
    if (auditRows) auditRows.push(row);
    else await tx.audit.record(row);
    await oweLearnerMail(tx, deps, outcome.credential, request.supersedesId ? 'reissued' : 'issued', request.learner);
  }
  const offer = request.achievement.autoOffer ? await automaticOffer(tx, deps, actor, outcome.credential) : undefined;
  return { ...outcome, ...(offer ? { offer } : {}) };
}
