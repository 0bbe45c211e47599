import type { AchievementRules, CourseRules, ProgramAchievementRules } from './achievement-rules.js';
import { parseCompletionRecords, type CompletionRecord } from './completion-record.js';
import { evaluateCourseRules } from './evaluate-course.js';
import { latestRecordByCourse } from './latest-records.js';
import { parseAchievementRules } from './parse-achievement-rules.js';
import type { Evaluation, Requirement } from './requirement.js';

function courseRequirement(courseId: string, rules: CourseRules, record: CompletionRecord | undefined): Requirement {
  const requirements = evaluateCourseRules(courseId, rules, record);
  const met = requirements.every((requirement) => requirement.met);
  return {
    kind: 'course',
    courseId,
    required: true,
    current: record === undefined ? null : met,
    met,
    description: `Course ${courseId}: ${met ? 'completed' : 'not completed yet'}`,
    requirements,
  };
}

function coursesCompletedRequirement(program: ProgramAchievementRules, courses: Requirement[]): Requirement {
  const total = courses.length;
  const required = program.minCoursesCompleted ?? total;
  const current = courses.filter((course) => course.met).length;
  const met = current >= required;
  const ofAll = required === total;
  let description: string;
  if (ofAll) description = met ? `Courses completed: all ${total}` : `Courses completed: ${current} of ${total} needed`;
  else if (met) description = `Courses completed: ${current} (any ${required} of ${total} needed)`;
  else description = `Courses completed: ${current} of ${required} needed (any ${required} of ${total})`;
  return { kind: 'coursesCompleted', required, current, met, description, requirements: courses };
}

/**
 * Whether a learner has earned an achievement, and how far they are on each
 * requirement. Pure: no I/O, no clock.
 *
 * `records` should hold the learner's latest record per course; records for
 * courses the rules do not mention are ignored, and several records for one
 * course are resolved by latestRecordByCourse. Throws InvalidRulesError
 * (INVALID_RULES) for bad rules and InvalidInputError (INVALID_INPUT) for bad
 * records, each listing every failing path.
 */
export function evaluateAchievement(rules: AchievementRules, records: readonly CompletionRecord[]): Evaluation {
  const valid = parseAchievementRules(rules);
  const latest = latestRecordByCourse(parseCompletionRecords(records));

  if (valid.type === 'course') {
    const requirements = evaluateCourseRules(valid.courseId, valid, latest.get(valid.courseId));
    return { earned: requirements.every((requirement) => requirement.met), requirements, optional: [] };
  }

  const required: Requirement[] = [];
  const optional: Requirement[] = [];
  for (const course of valid.courses) {
    const requirement = courseRequirement(course.courseId, course.rules ?? valid.courseRules ?? {}, latest.get(course.courseId));
    (course.optional === true ? optional : required).push(requirement);
  }
  const summary = coursesCompletedRequirement(valid, required);
  return { earned: summary.met, requirements: [summary], optional };
}
