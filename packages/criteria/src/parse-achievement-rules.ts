import { achievementRulesSchema, type AchievementRules } from './achievement-rules.js';
import { InvalidRulesError } from './errors.js';
import { issuesFromZod, parseOptions } from './validation-issues.js';

/** Validates rules (e.g. from JSON config); throws InvalidRulesError listing every failing path. */
export function parseAchievementRules(json: unknown): AchievementRules {
  const result = achievementRulesSchema.safeParse(json, parseOptions);
  if (!result.success) throw new InvalidRulesError(issuesFromZod(result.error));
  return result.data;
}
