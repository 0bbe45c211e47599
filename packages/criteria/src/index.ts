export {
  achievementRulesSchema,
  courseRulesSchema,
  type AchievementRules,
  type CourseAchievementRules,
  type CourseRules,
  type ProgramAchievementRules,
  type ProgramCourse,
} from './achievement-rules.js';
export { completionRecordSchema, parseCompletionRecords, type CompletionRecord } from './completion-record.js';
export { parseAchievementRules } from './parse-achievement-rules.js';
export { evaluateAchievement } from './evaluate-achievement.js';
export { latestRecordByCourse } from './latest-records.js';
export { describeRules, criteriaNarrative, type DescribeOptions } from './describe-rules.js';
export { rulePhrases, RULE_PHRASES, type RulePhrases, type RuleLanguage } from './rule-phrases.js';
export { roundPercent } from './percent.js';
export { InvalidRulesError } from './errors.js';
export type { Evaluation, Requirement, RequirementKind } from './requirement.js';
export { assignmentTypeKey } from './assignment-type.js';
