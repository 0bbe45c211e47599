import { z } from 'zod';
import { isRecord, objectRule, type ReportIssue } from '@laurel/models';
import { assignmentTypeKey } from './assignment-type.js';
import { hasAtMostTwoDecimals } from './percent.js';

/**
 * What one course asks of a learner. Every rule that is set must hold.
 *
 * A rule set that requires nothing (no minimum, `requirePassed` absent)
 * means "the LMS's passed flag is true": that is what Open edX issues a
 * course certificate on, so an empty rule set behaves like the platform.
 */
export interface CourseRules {
  /** Completion (share of the course's content done) must be at least this %, 0–100. */
  readonly minCompletionPercent?: number;
  /** The overall course grade must be at least this %, 0–100. */
  readonly minGradePercent?: number;
  /** The LMS's own passed flag must be true. */
  readonly requirePassed?: boolean;
  /**
   * Each listed assignment type's grade must be at least its %, 0–100, e.g.
   * `{ "Final Exam": 80 }`. Names match the record's ignoring case and
   * surrounding spaces (see assignmentTypeKey).
   */
  readonly assignmentTypeMinimums?: Readonly<Record<string, number>>;
  /**
   * Assignment types that never count, even when a record carries a grade
   * for them. A type cannot also have a minimum; that contradiction is
   * rejected rather than resolved silently either way.
   */
  readonly optionalAssignmentTypes?: readonly string[];
}

/** An achievement for completing one course, judged on that course's record. */
export interface CourseAchievementRules extends CourseRules {
  readonly type: 'course';
  readonly courseId: string;
}

/** One course of a program or learning path. */
export interface ProgramCourse {
  readonly courseId: string;
  /** This course's own rules; they replace the program's `courseRules` whole, they are not merged. */
  readonly rules?: CourseRules;
  /** An optional course never blocks the achievement and never counts towards `minCoursesCompleted`. */
  readonly optional?: boolean;
}

/**
 * An achievement for a program or learning path: a list of courses, each
 * judged by its own `rules`, else by `courseRules`, else by the empty rule
 * set (passed flag true). Earned when every required course is completed, or
 * when `minCoursesCompleted` is set, when at least that many required
 * courses are.
 */
export interface ProgramAchievementRules {
  readonly type: 'program';
  readonly courses: readonly ProgramCourse[];
  readonly courseRules?: CourseRules;
  readonly minCoursesCompleted?: number;
}

export type AchievementRules = CourseAchievementRules | ProgramAchievementRules;

const PERCENT_RANGE = 'must be a percentage from 0 to 100';

const thresholdSchema = z
  .number()
  .min(0, PERCENT_RANGE)
  .max(100, PERCENT_RANGE)
  .refine(hasAtMostTwoDecimals, 'must have at most two decimal places');

const nameSchema = z.string().regex(/\S/, 'must not be blank');
// No trim here: the id is matched against records exactly.
const courseIdSchema = z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters');

const courseRulesShape = {
  minCompletionPercent: thresholdSchema.optional(),
  minGradePercent: thresholdSchema.optional(),
  requirePassed: z.boolean().optional(),
  assignmentTypeMinimums: z.record(nameSchema, thresholdSchema).optional(),
  optionalAssignmentTypes: z.array(nameSchema).optional(),
};

function checkCourseRules(rules: Record<string, unknown>, report: ReportIssue): void {
  const minimums = isRecord(rules.assignmentTypeMinimums) ? Object.keys(rules.assignmentTypeMinimums) : [];
  const required = new Map<string, string>();
  for (const name of minimums) {
    const key = assignmentTypeKey(name);
    const first = required.get(key);
    if (first !== undefined) {
      report(['assignmentTypeMinimums', name], `names the same assignment type as "${first}" (names match ignoring case and surrounding spaces)`);
    } else {
      required.set(key, name);
    }
  }

  const optional = Array.isArray(rules.optionalAssignmentTypes) ? rules.optionalAssignmentTypes : [];
  const seenOptional = new Set<string>();
  optional.forEach((name, index) => {
    if (typeof name !== 'string') return;
    const key = assignmentTypeKey(name);
    if (seenOptional.has(key)) report(['optionalAssignmentTypes', index], `lists "${name}" twice (names match ignoring case and surrounding spaces)`);
    seenOptional.add(key);
    const clash = required.get(key);
    if (clash !== undefined) {
      report(
        ['optionalAssignmentTypes', index],
        `"${name}" also has a minimum in assignmentTypeMinimums ("${clash}"); a type cannot be both required and optional`,
      );
    }
  });

  const asksSomething =
    rules.minCompletionPercent !== undefined || rules.minGradePercent !== undefined || minimums.length > 0;
  if (rules.requirePassed === false && !asksSomething) {
    report(
      ['requirePassed'],
      'is false and no minimum is set, so nothing would be required; omit it to require the passed flag, or set a minimum',
    );
  }
}

export const courseRulesSchema: z.ZodType<CourseRules> = z
  .strictObject(courseRulesShape)
  .check(objectRule(checkCourseRules));

const courseAchievementRulesSchema = z
  .strictObject({ type: z.literal('course'), courseId: courseIdSchema, ...courseRulesShape })
  .check(objectRule(checkCourseRules));

const programCourseSchema = z.strictObject({
  courseId: courseIdSchema,
  rules: courseRulesSchema.optional(),
  optional: z.boolean().optional(),
});

function checkProgram(program: Record<string, unknown>, report: ReportIssue): void {
  if (!Array.isArray(program.courses)) return;
  const firstIndex = new Map<string, number>();
  let requiredCount = 0;
  program.courses.forEach((course: unknown, index) => {
    if (!isRecord(course)) return;
    if (course.optional !== true) requiredCount += 1;
    if (typeof course.courseId !== 'string') return;
    const first = firstIndex.get(course.courseId);
    if (first !== undefined) report(['courses', index, 'courseId'], `repeats courses[${first}].courseId`);
    else firstIndex.set(course.courseId, index);
  });
  if (program.courses.length > 0 && requiredCount === 0) {
    report(['courses'], 'must include at least one course that is not optional');
  }
  const min = program.minCoursesCompleted;
  if (typeof min === 'number' && Number.isInteger(min) && requiredCount > 0 && min > requiredCount) {
    report(
      ['minCoursesCompleted'],
      `is ${min} but only ${requiredCount} required course${requiredCount === 1 ? ' is' : 's are'} listed (optional courses do not count)`,
    );
  }
}

const programAchievementRulesSchema = z
  .strictObject({
    type: z.literal('program'),
    courses: z.array(programCourseSchema).min(1, 'must list at least one course'),
    courseRules: courseRulesSchema.optional(),
    // refine, not .int(): zod's integer check aborts the object and would hide the cross-course issues.
    minCoursesCompleted: z.number().min(1, 'must be at least 1').refine(Number.isInteger, 'must be a whole number').optional(),
  })
  .check(objectRule(checkProgram));

/** Validates achievement rules; `type` ('course' or 'program') selects the shape. Unknown properties are rejected. */
export const achievementRulesSchema: z.ZodType<AchievementRules> = z.discriminatedUnion(
  'type',
  [courseAchievementRulesSchema, programAchievementRulesSchema],
  { error: "must be 'course' or 'program'" },
);
