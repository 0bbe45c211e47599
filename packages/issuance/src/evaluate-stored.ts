import { evaluateAchievement, type Evaluation, type Requirement } from '@laurel/criteria';
import type { Achievement, CompletionRecord } from '@laurel/store';
import { storedRules } from './achievements.js';
import { toCriteriaRecord } from './completions.js';

/**
 * The line an achievement with `earningModes` adds: the learner's enrollment
 * mode in the course (from the latest record) must be one of them. Unknown
 * (a record that names no mode) is not met: "verified only" must not be
 * earned by a learner nobody vouched for.
 */
export function enrollmentModeRequirement(courseId: string, modes: readonly string[], record: CompletionRecord | undefined): Requirement {
  const mode = record?.enrollmentMode ?? null;
  const met = mode !== null && modes.includes(mode);
  const needed = modes.join(' or ');
  const description = mode === null ? `Enrollment mode: ${needed} needed (not known yet)` : met ? `Enrollment mode: ${mode}` : `Enrollment mode: ${mode}; ${needed} needed`;
  return { kind: 'enrollmentMode', courseId, required: true, current: record === undefined ? null : met, met, description };
}

/**
 * An achievement judged on a learner's latest records per course (as the store
 * keeps them): its rules by the criteria engine, then the enrollment modes
 * that may earn it.
 */
export function evaluateStored(achievement: Achievement, latest: readonly CompletionRecord[]): Evaluation {
  const { rules, earningModes } = storedRules(achievement);
  const evaluation = evaluateAchievement(rules, latest.map(toCriteriaRecord));
  if (!earningModes || rules.type !== 'course') return evaluation;
  const modeLine = enrollmentModeRequirement(rules.courseId, earningModes, latest.find((record) => record.courseId === rules.courseId));
  return { ...evaluation, earned: evaluation.earned && modeLine.met, requirements: [...evaluation.requirements, modeLine] };
}
