import { learnerProgress, learnerRecord, type IssuanceDeps, type LearnerRecord, type RecordProgressEntry } from '@laurel/issuance';
import type { Achievement, Learner, LtiPlatform } from '@laurel/store';
import { courseOfLaunch, type LaunchClaims } from './claims.js';

/** What the launch page shows: the learner's progress toward the course's credentials, and what they hold. */
export interface LaunchView {
  issuerName: string;
  /** The course launched from (custom course_id or context id), with the platform's title for it. */
  course: { id: string; title: string | null } | null;
  /** The learner's record, its progress limited to the course's achievements; null when Laurel has none. */
  record: LearnerRecord | null;
  /** Why there is no record: the platform did not send the claim that names the learner, or Laurel has no such learner yet. */
  missing: 'claim' | 'record' | null;
  /** The claim that names learners on this platform (for the page's explanation). */
  learnerClaim: LtiPlatform['learnerClaim'];
}

/** The claim's value that names the learner, as the platform registration says. */
function learnerKey(platform: LtiPlatform, claims: LaunchClaims): string | null {
  if (platform.learnerClaim === 'username') return claims.preferredUsername;
  if (platform.learnerClaim === 'email') return claims.email;
  return claims.sub;
}

/** The Laurel learner a launch names (sub, username or e-mail within the platform's issuer); undefined when none. */
export async function launchLearner(deps: IssuanceDeps, platform: LtiPlatform, claims: LaunchClaims): Promise<Learner | undefined> {
  const key = learnerKey(platform, claims);
  const learner = key === null ? undefined : await findLearner(deps, platform, key);
  return learner && learner.erasedAt === null ? learner : undefined;
}

async function findLearner(deps: IssuanceDeps, platform: LtiPlatform, key: string): Promise<Learner | undefined> {
  if (platform.learnerClaim === 'username') return deps.store.learners.getByUsername(platform.issuerId, key);
  if (platform.learnerClaim === 'email') return deps.store.learners.getByEmail(platform.issuerId, key);
  return deps.store.learners.getByLmsUserId(platform.issuerId, key);
}

/** The achievements a course counts toward: the course's own, and the paths that include it. */
function countsToward(achievement: Achievement, courseId: string): boolean {
  return (achievement.kind === 'course' && achievement.externalId === courseId) || achievement.courseIds.includes(courseId);
}

/**
 * The learner a verified launch names (sub, username or e-mail within the
 * platform's issuer) and their record: every credential they hold, and their
 * progress toward each achievement the launched course counts toward, started
 * or not. Reads only.
 */
export async function launchView(deps: IssuanceDeps, platform: LtiPlatform, claims: LaunchClaims): Promise<LaunchView> {
  const issuer = await deps.store.issuers.get(platform.issuerId);
  const courseId = courseOfLaunch(claims);
  const base = { issuerName: issuer?.name ?? '', course: courseId ? { id: courseId, title: claims.contextTitle } : null, learnerClaim: platform.learnerClaim };
  const key = learnerKey(platform, claims);
  if (key === null) return { ...base, record: null, missing: 'claim' };
  const learner = await findLearner(deps, platform, key);
  if (!learner || learner.erasedAt !== null) return { ...base, record: null, missing: 'record' };

  const record = await learnerRecord(deps, learner);
  const achievements = (await deps.store.achievements.listForIssuer(platform.issuerId)).filter((achievement) => courseId !== null && countsToward(achievement, courseId));
  const evaluated = new Map((await learnerProgress(deps, platform.issuerId, learner.id)).achievements.map((entry) => [entry.achievementId, entry]));
  // The record's own entries where it has them: they carry what a held credential was issued under.
  const fromRecord = new Map(record.progress.map((entry) => [entry.achievementId, entry]));
  const progress = achievements.map((achievement): RecordProgressEntry => {
    const recorded = fromRecord.get(achievement.id);
    if (recorded) return recorded;
    const entry = evaluated.get(achievement.id);
    return {
      achievementId: achievement.id,
      name: achievement.name,
      ...(achievement.translations ? { translations: achievement.translations } : {}),
      kind: achievement.kind,
      earned: entry?.earned ?? false,
      requirements: entry?.requirements ?? [],
      currentlyMet: entry?.earned ?? false,
      // Not started (no record of its courses, nothing held): best and latest are the same.
      scores: 'latest',
    };
  });
  return { ...base, record: { ...record, progress }, missing: null };
}
