import type { AchievementRules, CourseRules } from './achievement-rules.js';
import { requiresPassed } from './evaluate-course.js';
import { parseAchievementRules } from './parse-achievement-rules.js';
import { formatPercent } from './percent.js';

import { rulePhrases, type RulePhrases } from './rule-phrases.js';

export interface DescribeOptions {
  /** Language tag of the wording (see rule-phrases.ts); English by default. */
  language?: string | null;
  /** A course's name for people, when known; the course id is written otherwise. */
  courseName?: (courseId: string) => string | undefined;
}

/** Each rule as a lower-case clause, in the order evaluation lists them. */
function courseClauses(rules: CourseRules, say: RulePhrases): string[] {
  const clauses: string[] = [];
  if (rules.minCompletionPercent !== undefined) clauses.push(say.completion(formatPercent(rules.minCompletionPercent)));
  if (rules.minGradePercent !== undefined) clauses.push(say.grade(formatPercent(rules.minGradePercent)));
  if (requiresPassed(rules)) clauses.push(say.passed());
  for (const [type, minimum] of Object.entries(rules.assignmentTypeMinimums ?? {})) clauses.push(say.assignmentMinimum(formatPercent(minimum), type));
  return clauses;
}

function optionalTypesNote(rules: CourseRules, say: RulePhrases): string | undefined {
  const optional = rules.optionalAssignmentTypes ?? [];
  return optional.length === 0 ? undefined : say.optionalTypes(optional);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the rules ask, one sentence per line without its full stop ("Earn an
 * overall grade of at least 75%"), naming a program's courses by their names
 * where `courseName` knows them. It describes the rules only;
 * evaluateAchievement says how far a learner is. Rules are validated first,
 * so this throws InvalidRulesError as parseAchievementRules does.
 */
export function describeRules(input: AchievementRules, options: DescribeOptions = {}): string[] {
  const say = rulePhrases(options.language);
  const rules = parseAchievementRules(input);
  if (rules.type === 'course') {
    const lines = courseClauses(rules, say).map(capitalize);
    const note = optionalTypesNote(rules, say);
    if (note !== undefined) lines.push(capitalize(note));
    return lines;
  }

  const required = rules.courses.filter((course) => course.optional !== true);
  const optional = rules.courses.filter((course) => course.optional === true);
  const n = rules.minCoursesCompleted ?? required.length;
  const lines = [capitalize(n === required.length ? say.allRequired(required.length) : say.atLeast(n, required.length))];
  const clausesOf = (courseRules: CourseRules): string => {
    const note = optionalTypesNote(courseRules, say);
    return `${say.list(courseClauses(courseRules, say))}${note === undefined ? '' : `${say.space}${say.optionalNote(note)}`}`;
  };
  const nameOf = (courseId: string) => options.courseName?.(courseId) ?? courseId;
  for (const course of required) lines.push(capitalize(say.course(nameOf(course.courseId), clausesOf(course.rules ?? rules.courseRules ?? {}))));
  for (const course of optional) lines.push(capitalize(say.optionalCourse(nameOf(course.courseId), clausesOf(course.rules ?? rules.courseRules ?? {}))));
  return lines;
}

/** The rules as a criteria narrative: readable sentences, each ending in a full stop. */
export function criteriaNarrative(input: AchievementRules, options: DescribeOptions = {}): string {
  const { sentenceEnd, space } = rulePhrases(options.language);
  return describeRules(input, options)
    .map((line) => (/[.!?。！？।]$/u.test(line) ? line : `${line}${sentenceEnd}`))
    .join(space);
}
