import { deepFreeze } from '@laurel/models';
import { achievementRulesSchema, type AchievementRules } from './achievement-rules.js';
import { InvalidRulesError } from './errors.js';
import { issuesFromZod, parseOptions } from './validation-issues.js';

/**
 * Rules this function returned. They are frozen, so they are still valid when
 * they come back: a completion's rules pass through here three times (the
 * stored achievement's, then evaluateAchievement's and describeRules' own
 * checks), and only the first needs zod.
 */
const parsedRules = new WeakSet<object>();

/** Validates rules (e.g. from JSON config); throws InvalidRulesError listing every failing path. The result is frozen. */
export function parseAchievementRules(json: unknown): AchievementRules {
  if (typeof json === 'object' && json !== null && parsedRules.has(json)) return json as AchievementRules;
  const result = achievementRulesSchema.safeParse(json, parseOptions);
  if (!result.success) throw new InvalidRulesError(issuesFromZod(result.error));
  parsedRules.add(deepFreeze(result.data));
  return result.data;
}
