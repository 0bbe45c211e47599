import { buildAchievement } from '@laurel/models';
import type { Achievement, Issuer } from '@laurel/store';
import { courseNamesOf, storedRules } from './achievements.js';
import { achievementInput } from './build-credential.js';
import { achievementUrl, type IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';

/** An achievement as anyone may read it at its id: the OB 3.0 document, and what its page is drawn from. */
export interface PublicAchievement {
  /** The OB 3.0 Achievement JSON-LD, as credentials carry it, with `creator`. */
  document: Record<string, unknown>;
  achievement: Achievement;
  issuer: Issuer;
}

/**
 * What an achievement's id (written into every credential) dereferences to.
 * Only what credentials already make public: name, description, criteria,
 * type, image, tier and who awards it; never rules internals or learners.
 * `language` words generated criteria for the reader when the achievement
 * pins no language.
 */
export async function publicAchievement(deps: IssuanceDeps, achievementId: string, language?: string): Promise<PublicAchievement> {
  const achievement = await deps.store.achievements.get(achievementId);
  if (!achievement) throw new NotFoundError('achievement', achievementId);
  const issuer = await deps.store.issuers.get(achievement.issuerId);
  if (!issuer) throw new NotFoundError('achievement', achievementId);
  const { rules, reportGrade } = storedRules(achievement);
  const courseNames = rules.type === 'program' ? await courseNamesOf(deps.store, issuer.id, rules.courses.map((course) => course.courseId)) : undefined;
  const input = achievementInput(deps.urls, achievement, rules, {
    ...(language ? { language } : {}),
    ...(courseNames ? { courseNames } : {}),
    // As in its credentials: an achievement that reports grades describes its result.
    ...(reportGrade ? { gradeDescriptionId: `${achievementUrl(deps.urls, achievement.id)}#grade` } : {}),
  });
  const document = buildAchievement(input, { id: issuer.did, name: issuer.name, ...(issuer.url ? { url: issuer.url } : {}) });
  return { document, achievement, issuer };
}
