import type { Achievement, Credential, Issuer, Learner, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { credentialUrl, type IssuanceDeps } from './deps.js';
import { applyCredentialAction } from './credential-state.js';
import { issueRecorded } from './issue-recorded.js';
import type { IssuedSummary } from './completions.js';

const NAME_CHANGED = 'superseded: the learner’s name changed';
export const GRADE_CHANGED = 'superseded: the reported grade changed';

export interface Supersession {
  issuer: Issuer;
  key: IssuerKey;
  learner: Learner;
  achievement: Achievement;
  old: Credential;
  reason: string;
  /** The grade the new credential reports. */
  grade?: number | undefined;
}

/**
 * Issues a credential again and revokes the old one, linked as superseded, in
 * the caller's transaction, each change with its audit row.
 */
export async function supersedeCredential(tx: Repositories, deps: IssuanceDeps, actor: string, change: Supersession): Promise<{ issued: IssuedSummary; touchedStatusLists: string[] }> {
  const { issuer, key, learner, achievement, old, reason, grade } = change;
  const touchedStatusLists = await applyCredentialAction(tx, deps, old, 'revoke', reason);
  const outcome = await issueRecorded(tx, deps, actor, { issuer, key, achievement, learner, supersedesId: old.id, ...(grade !== undefined ? { grade } : {}) });
  await tx.audit.record({ actor, action: 'credential.revoke', targetType: 'credential', targetId: old.id, issuerId: issuer.id, details: { reason, supersededBy: outcome.credential.id } });
  touchedStatusLists.push(...outcome.touchedStatusLists);
  return {
    issued: {
      credentialId: outcome.credential.id,
      url: credentialUrl(deps.urls, outcome.credential.id),
      achievementId: achievement.id,
      learnerId: learner.id,
      reissueOf: old.id,
      ...(outcome.offer ? { claimUrl: outcome.offer.claimUrl } : {}),
    },
    touchedStatusLists,
  };
}

/**
 * After a name change: every active credential is issued again with the new
 * name, and the old one is revoked and linked as superseded, in the caller's
 * transaction, each change with its audit row.
 */
export async function reissueActiveCredentials(
  tx: Repositories,
  deps: IssuanceDeps,
  actor: string,
  issuer: Issuer,
  key: IssuerKey,
  learner: Learner,
): Promise<{ issued: IssuedSummary[]; touchedStatusLists: string[] }> {
  const issued: IssuedSummary[] = [];
  const touchedStatusLists: string[] = [];
  for (const old of await tx.credentials.listActiveForLearner(learner.id)) {
    if (old.state !== 'active') continue;
    const achievement = await tx.achievements.get(old.achievementId);
    if (!achievement) continue;
    const change = await supersedeCredential(tx, deps, actor, { issuer, key, learner, achievement, old, reason: NAME_CHANGED, grade: reportedGrade(old.document) });
    issued.push(change.issued);
    touchedStatusLists.push(...change.touchedStatusLists);
  }
  return { issued, touchedStatusLists };
}

/** The grade a credential reports (its first Open Badges result), if any. */
export function reportedGrade(document: unknown): number | undefined {
  const results = (document as { credentialSubject?: { result?: { value?: string }[] } })?.credentialSubject?.result;
  const value = Array.isArray(results) ? Number(results[0]?.value) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}
