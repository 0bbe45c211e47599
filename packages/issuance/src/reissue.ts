import type { Issuer, Learner, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { credentialUrl, type IssuanceDeps } from './deps.js';
import { applyCredentialAction } from './credential-state.js';
import { issueRecorded } from './issue-recorded.js';
import type { IssuedSummary } from './completions.js';

const SUPERSEDED = 'superseded: the learner’s name changed';

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
    touchedStatusLists.push(...(await applyCredentialAction(tx, deps, old, 'revoke', SUPERSEDED)));
    const grade = gradeOf(old.document);
    const outcome = await issueRecorded(tx, deps, actor, { issuer, key, achievement, learner, supersedesId: old.id, ...(grade !== undefined ? { grade } : {}) });
    await tx.audit.record({ actor, action: 'credential.revoke', targetType: 'credential', targetId: old.id, issuerId: issuer.id, details: { reason: SUPERSEDED, supersededBy: outcome.credential.id } });
    touchedStatusLists.push(...outcome.touchedStatusLists);
    issued.push({
      credentialId: outcome.credential.id,
      url: credentialUrl(deps.urls, outcome.credential.id),
      achievementId: achievement.id,
      learnerId: learner.id,
      reissueOf: old.id,
      ...(outcome.offer ? { claimUrl: outcome.offer.claimUrl } : {}),
    });
  }
  return { issued, touchedStatusLists };
}

/** The grade the old credential reported, carried over unchanged. */
function gradeOf(document: unknown): number | undefined {
  const results = (document as { credentialSubject?: { result?: { value?: string }[] } })?.credentialSubject?.result;
  const value = Array.isArray(results) ? Number(results[0]?.value) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}
