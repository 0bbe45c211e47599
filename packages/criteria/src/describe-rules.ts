import type { AchievementRules, CourseRules } from './achievement-rules.js';
import { requiresPassed } from './evaluate-course.js';
import { parseAchievementRules } from './parse-achievement-rules.js';
import { formatPercent } from './percent.js';

/** Each rule as a lower-case clause, in the order evaluation lists them. */
function courseClauses(rules: CourseRules): string[] {
  const clauses: string[] = [];
  if (rules.minCompletionPercent !== undefined) clauses.push(`complete at least ${formatPercent(rules.minCompletionPercent)} of the course`);
  if (rules.minGradePercent !== undefined) clauses.push(`earn an overall grade of at least ${formatPercent(rules.minGradePercent)}`);
  if (requiresPassed(rules)) clauses.push('pass the course');
  for (const [type, minimum] of Object.entries(rules.assignmentTypeMinimums ?? {})) {
    clauses.push(`score at least ${formatPercent(minimum)} in ${type}`);
  }
  return clauses;
}

function optionalTypesNote(rules: CourseRules): string | undefined {
  const optional = rules.optionalAssignmentTypes ?? [];
  if (optional.length === 0) return undefined;
  return `${optional.join(', ')} ${optional.length === 1 ? 'is' : 'are'} optional and ${optional.length === 1 ? 'does' : 'do'} not count`;
}

function joinClauses(clauses: readonly string[]): string {
  if (clauses.length <= 1) return clauses.join('');
  return `${clauses.slice(0, -1).join(', ')} and ${clauses.at(-1)!}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the rules ask, one sentence per line, for an achievement's criteria
 * narrative ("Earn an overall grade of at least 75%"). It describes the
 * rules only; evaluateAchievement says how far a learner is. Rules are
 * validated first, so this throws InvalidRulesError as parseAchievementRules does.
 */
export function describeRules(input: AchievementRules): string[] {
  const rules = parseAchievementRules(input);
  if (rules.type === 'course') {
    const lines = courseClauses(rules).map(capitalize);
    const note = optionalTypesNote(rules);
    if (note !== undefined) lines.push(capitalize(note));
    return lines;
  }

  const required = rules.courses.filter((course) => course.optional !== true);
  const optional = rules.courses.filter((course) => course.optional === true);
  const n = rules.minCoursesCompleted ?? required.length;
  const noun = required.length === 1 ? 'course' : 'courses';
  const lines = [
    n === required.length
      ? `Complete ${required.length === 1 ? 'the required course' : `all ${required.length} required courses`}`
      : `Complete at least ${n} of these ${required.length} ${noun}`,
  ];
  const courseLine = (courseId: string, courseRules: CourseRules): string => {
    const note = optionalTypesNote(courseRules);
    return `${courseId}: ${joinClauses(courseClauses(courseRules))}${note === undefined ? '' : ` (${note})`}`;
  };
  for (const course of required) lines.push(courseLine(course.courseId, course.rules ?? rules.courseRules ?? {}));
  for (const course of optional) {
    lines.push(`Optional, does not count: ${courseLine(course.courseId, course.rules ?? rules.courseRules ?? {})}`);
  }
  return lines;
}
