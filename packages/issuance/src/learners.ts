import { z } from 'zod';
import type { Learner } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { evaluateStored } from './evaluate-stored.js';
import { type AchievementProgress, type IssuedSummary } from './completions.js';
import { getIssuer, signingKeyOf } from './issuers.js';
import { reissueActiveCredentials } from './reissue.js';
import { publishStatusLists } from './status-lists.js';

export const learnerPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(255).optional(),
    email: z.email().max(254).optional(),
    username: z.string().max(255).optional(),
    did: z.string().max(2048).regex(/^did:[a-z0-9]+:.+/, 'must be a DID').optional(),
    locale: z.string().max(20).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type LearnerPatch = z.infer<typeof learnerPatchSchema>;

/** The learner, when it belongs to `issuerId` (undefined: to any issuer, for a caller that authorizes by the answer's issuerId). */
export async function getLearner(deps: IssuanceDeps, issuerId: string | undefined, learnerId: string): Promise<Learner> {
  const learner = await deps.store.learners.get(learnerId);
  if (!learner || (issuerId !== undefined && learner.issuerId !== issuerId)) throw new NotFoundError('learner', learnerId);
  return learner;
}

/**
 * Updates a learner; a new name re-issues every active credential and revokes
 * the old ones. The `learner.update` audit row (which fields changed, not their
 * values) and those of the re-issue commit with the change.
 */
export async function updateLearner(deps: IssuanceDeps, actor: string, issuerId: string, learnerId: string, patch: LearnerPatch): Promise<{ learner: Learner; reissued: IssuedSummary[] }> {
  const data = learnerPatchSchema.parse(patch);
  const current = await getLearner(deps, issuerId, learnerId);
  const issuer = await getIssuer(deps.store, issuerId);
  const nameChanged = data.name !== undefined && data.name !== current.name;
  const key = nameChanged ? await signingKeyOf(deps, deps.store, issuer) : undefined;
  const result = await deps.store.transaction(async (tx) => {
    const learner = await tx.learners.update(learnerId, data);
    await tx.audit.record({ actor, action: 'learner.update', targetType: 'learner', targetId: learnerId, issuerId, details: { fields: Object.keys(data), nameChanged } });
    if (!key) return { learner, issued: [] as IssuedSummary[], touchedStatusLists: [] as string[] };
    return { learner, ...(await reissueActiveCredentials(tx, deps, actor, issuer, key, learner)) };
  });
  await publishStatusLists(deps, result.touchedStatusLists);
  return { learner: result.learner, reissued: result.issued };
}

/** How far a learner is toward each of the issuer's achievements. */
export async function learnerProgress(deps: IssuanceDeps, issuerId: string, learnerId: string): Promise<{ learner: Learner; achievements: AchievementProgress[] }> {
  const learner = await getLearner(deps, issuerId, learnerId);
  const records = await deps.store.completions.latestPerCourse(issuerId, learnerId);
  const credentials = await deps.store.credentials.listActiveForLearner(learnerId);
  const achievements = await deps.store.achievements.listForIssuer(issuerId);
  return {
    learner,
    achievements: achievements.map((achievement) => {
      const evaluation = evaluateStored(achievement, records);
      const credential = credentials.find((candidate) => candidate.achievementId === achievement.id);
      return {
        achievementId: achievement.id,
        name: achievement.name,
        earned: evaluation.earned || credential !== undefined,
        requirements: evaluation.requirements,
        ...(credential ? { credentialId: credential.id } : {}),
      };
    }),
  };
}
