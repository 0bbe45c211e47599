import { z } from 'zod';
import { achievementTypeSchema, InvalidInputError } from '@laurel/models';
import { evaluateAchievement } from '@laurel/criteria';
import { MAX_PAGE_SIZE, type Achievement, type AchievementSearch, type Page, type PageRequest, type RuleVersion } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { achievementTranslationsSchema, courseIdsOf, getAchievement, earningModesSchema, laterRecordsSchema, modesField, newAchievementSchema, policyField, revokeGraceDaysSchema, rulesFor, storedRules } from './achievements.js';
import { toCriteriaRecord } from './completions.js';
import { getIssuer } from './issuers.js';

/** Everything but identity (externalId, kind) may change; null clears an optional field. */
export const achievementPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).nullable(),
    criteriaNarrative: z.string().max(5000).nullable(),
    imageUrl: z.url().max(2048).nullable(),
    achievementType: achievementTypeSchema.nullable(),
    tier: z.string().max(100).nullable(),
    signatories: newAchievementSchema.shape.signatories.unwrap(),
    template: z.string().max(100).nullable(),
    theme: z.record(z.string(), z.unknown()).nullable(),
    translations: achievementTranslationsSchema.nullable(),
    /** New rules: a new version, applied to evaluations from now on; credentials already issued keep theirs. */
    rules: z.record(z.string(), z.unknown()),
    reportGrade: z.boolean(),
    laterRecords: laterRecordsSchema,
    revokeGraceDays: revokeGraceDaysSchema,
    /** null: any enrollment mode may earn again. */
    earningModes: earningModesSchema.nullable(),
    autoOffer: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type AchievementPatchInput = z.input<typeof achievementPatchSchema>;

/**
 * Updates an achievement. New `rules` (or `reportGrade`) are validated by the
 * criteria engine and stored as the next rules version: they decide future
 * evaluations only, and each credential names the version it was issued
 * under. Audited as `achievement.update` with the fields and the version.
 */
export async function updateAchievement(deps: Pick<IssuanceDeps, 'store'>, actor: string, issuerId: string, achievementId: string, patch: AchievementPatchInput): Promise<Achievement> {
  const data = achievementPatchSchema.parse(patch);
  const current = await getAchievement(deps, issuerId, achievementId);
  const { rules: newRules, reportGrade, laterRecords, revokeGraceDays, earningModes, ...fields } = data;
  const rulesChange = newRules !== undefined || reportGrade !== undefined || laterRecords !== undefined || revokeGraceDays !== undefined || earningModes !== undefined;
  if (earningModes && current.kind !== 'course') throw new InvalidInputError([{ path: 'earningModes', message: 'applies to course achievements only' }], 'achievement');
  const stored = storedRules(current);
  const parsed = newRules !== undefined ? rulesFor(current.kind, current.externalId, newRules) : stored.rules;
  const modes = earningModes === undefined ? stored.earningModes : earningModes;
  const rules = rulesChange
    ? { ...parsed, reportGrade: reportGrade ?? stored.reportGrade, ...policyField(laterRecords ?? stored.laterRecords, revokeGraceDays ?? stored.revokeGraceDays), ...modesField(modes) }
    : undefined;
  const courseIds = rulesChange ? courseIdsOf(parsed) : undefined;
  return deps.store.transaction(async (tx) => {
    const achievement = await tx.achievements.update(achievementId, { ...fields, ...(rules ? { rules, courseIds } : {}), actor });
    await tx.audit.record({
      actor,
      action: 'achievement.update',
      targetType: 'achievement',
      targetId: achievementId,
      issuerId,
      details: { fields: Object.keys(data), rulesVersion: achievement.rulesVersion },
    });
    return achievement;
  });
}

/**
 * Archives an achievement: completions no longer earn it and nothing new is
 * issued for it; credentials already issued are untouched (still valid,
 * still revocable). Archiving twice is no error.
 */
export async function archiveAchievement(deps: Pick<IssuanceDeps, 'store' | 'now'>, actor: string, issuerId: string, achievementId: string): Promise<Achievement> {
  const current = await getAchievement(deps, issuerId, achievementId);
  if (current.archivedAt !== null) return current;
  return deps.store.transaction(async (tx) => {
    const achievement = await tx.achievements.update(achievementId, { archivedAt: deps.now().toISOString() });
    await tx.audit.record({ actor, action: 'achievement.archive', targetType: 'achievement', targetId: achievementId, issuerId, details: {} });
    return achievement;
  });
}

export async function achievementRuleVersions(deps: IssuanceDeps, issuerId: string, achievementId: string): Promise<RuleVersion[]> {
  await getAchievement(deps, issuerId, achievementId);
  return deps.store.achievements.ruleVersions(achievementId);
}

export async function searchAchievements(
  deps: Pick<IssuanceDeps, 'store'>,
  filter: AchievementSearch,
  page: PageRequest & { sort?: 'createdAt' | 'name' | undefined },
): Promise<Page<Achievement>> {
  await getIssuer(deps.store, filter.issuerId);
  return deps.store.achievements.search(filter, page);
}

export interface DryRunResult {
  /** The rules as they would be stored (validated and completed). */
  rules: unknown;
  /** Learners with a stored record in any course the rules read. */
  evaluated: number;
  /** Of those, who would earn the achievement under these rules now. */
  wouldEarn: number;
  /** …and, of those, who do not hold it today. */
  newlyEarning: number;
  /** Hold it today but would not earn it under these rules (their credentials would stay: rules are not retroactive). */
  holdersNotMeeting: number;
  /** Up to `sampleSize` learners who would earn it. */
  sample: { learnerId: string; lmsUserId: string; name: string | null; holdsCredential: boolean }[];
}

/**
 * "If these rules were live, who would earn it now?" Evaluates candidate
 * rules (or the live ones) over the latest stored completion record per
 * learner and course. Reads only: nothing is issued or changed.
 */
export async function dryRunRules(
  deps: IssuanceDeps,
  issuerId: string,
  achievementId: string,
  candidate: { rules?: Record<string, unknown> | undefined; sampleSize?: number | undefined },
): Promise<DryRunResult> {
  const achievement = await getAchievement(deps, issuerId, achievementId);
  const rules = candidate.rules !== undefined ? rulesFor(achievement.kind, achievement.externalId, candidate.rules) : storedRules(achievement).rules;
  const byLearner = await deps.store.completions.latestPerCourseByLearner(issuerId, courseIdsOf(rules));
  const holders = new Set<string>();
  for (let cursor: string | undefined, more = true; more; ) {
    const page = await deps.store.credentials.search({ issuerId, achievementId, state: 'active' }, { limit: MAX_PAGE_SIZE, cursor });
    for (const credential of page.items) holders.add(credential.learnerId);
    cursor = page.nextCursor ?? undefined;
    more = page.nextCursor !== null;
  }
  const sampleSize = Math.max(0, Math.min(candidate.sampleSize ?? 10, 100));
  const result: DryRunResult = { rules, evaluated: byLearner.size, wouldEarn: 0, newlyEarning: 0, holdersNotMeeting: 0, sample: [] };
  const earners: string[] = [];
  for (const [learnerId, records] of byLearner) {
    const earned = evaluateAchievement(rules, records.map(toCriteriaRecord)).earned;
    if (earned) {
      result.wouldEarn += 1;
      if (!holders.has(learnerId)) result.newlyEarning += 1;
      earners.push(learnerId);
    } else if (holders.has(learnerId)) result.holdersNotMeeting += 1;
  }
  for (const learnerId of earners.slice(0, sampleSize)) {
    const learner = await deps.store.learners.get(learnerId);
    if (learner) result.sample.push({ learnerId, lmsUserId: learner.lmsUserId, name: learner.name, holdsCredential: holders.has(learnerId) });
  }
  return result;
}
