import fc from 'fast-check';
import { achievementRulesSchema, type AchievementRules, type CourseRules } from '../achievement-rules.js';
import type { CompletionRecord } from '../completion-record.js';

export const COURSE_IDS = ['course-v1:A+1+2026', 'course-v1:B+2+2026', 'course-v1:C+3+2026', 'course-v1:D+4+2026'];
const REQUIRED_TYPES = ['Final Exam', 'Homework', 'Lab'];
const OPTIONAL_TYPES = ['Survey', 'Practice'];

/** Thresholds as people write them: at most two decimals. */
const threshold = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);
/** Values as an LMS sends them: any float in range, thresholds themselves included often. */
export const percent = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), threshold);

const courseRules: fc.Arbitrary<CourseRules> = fc.record(
  {
    minCompletionPercent: threshold,
    minGradePercent: threshold,
    requirePassed: fc.boolean(),
    assignmentTypeMinimums: fc.dictionary(fc.constantFrom(...REQUIRED_TYPES), threshold, { maxKeys: 3 }),
    optionalAssignmentTypes: fc.uniqueArray(fc.constantFrom(...OPTIONAL_TYPES)),
  },
  { requiredKeys: [] },
);

const rawRules: fc.Arbitrary<AchievementRules> = fc.oneof(
  fc.tuple(fc.constantFrom(...COURSE_IDS), courseRules).map(([courseId, rules]) => ({ type: 'course' as const, courseId, ...rules })),
  fc.record(
    {
      type: fc.constant('program' as const),
      courses: fc.uniqueArray(
        fc.record({ courseId: fc.constantFrom(...COURSE_IDS), rules: courseRules, optional: fc.boolean() }, { requiredKeys: ['courseId'] }),
        { minLength: 1, selector: (course) => course.courseId },
      ),
      courseRules,
      minCoursesCompleted: fc.integer({ min: 1, max: COURSE_IDS.length }),
    },
    { requiredKeys: ['type', 'courses'] },
  ),
);

/** Valid rules of either kind; the few generated contradictions are dropped. */
export const achievementRules: fc.Arbitrary<AchievementRules> = rawRules.filter(
  (rules) => achievementRulesSchema.safeParse(rules).success,
);

const recordFields = fc.record(
  {
    completionPercent: percent,
    gradePercent: percent,
    passed: fc.boolean(),
    assignmentGrades: fc.dictionary(fc.constantFrom(...REQUIRED_TYPES, ...OPTIONAL_TYPES), percent, { maxKeys: 5 }),
  },
  { requiredKeys: [] },
);

/** At most one record per course, some courses without any. */
export const latestRecords: fc.Arbitrary<CompletionRecord[]> = fc
  .tuple(...COURSE_IDS.map((courseId) => fc.option(recordFields.map((fields) => ({ courseId, ...fields })), { nil: undefined })))
  .map((records) => records.filter((record) => record !== undefined));

/** A value at least `value`: unchanged, raised part of the way to 100, or data where there was none. */
function raised(value: number | undefined): fc.Arbitrary<number | undefined> {
  if (value === undefined) return fc.option(percent, { nil: undefined });
  return fc.double({ min: 0, max: 1, noNaN: true }).map((share) => Math.min(100, value + share * (100 - value)));
}

/** The same learner later: no value lower, no flag turned false, possibly more records. */
export function improved(records: readonly CompletionRecord[]): fc.Arbitrary<CompletionRecord[]> {
  const byCourse = new Map(records.map((record) => [record.courseId, record]));
  return fc.tuple(
    ...COURSE_IDS.map((courseId): fc.Arbitrary<CompletionRecord | undefined> => {
      const before = byCourse.get(courseId);
      if (before === undefined) return fc.option(recordFields.map((fields) => ({ courseId, ...fields })), { nil: undefined });
      const grades = Object.entries(before.assignmentGrades ?? {});
      return fc
        .record({
          completionPercent: raised(before.completionPercent),
          gradePercent: raised(before.gradePercent),
          passed: before.passed === true ? fc.constant(true) : fc.option(fc.boolean(), { nil: undefined }).map((flag) => flag ?? before.passed),
          grades: fc.tuple(...grades.map(([, grade]) => raised(grade))),
        })
        .map(({ grades: newGrades, ...fields }) => {
          const record: CompletionRecord = { courseId, ...fields };
          if (before.assignmentGrades === undefined) return record;
          return { ...record, assignmentGrades: Object.fromEntries(grades.map(([name], index) => [name, newGrades[index]!])) };
        });
    }),
  ).map((list) => list.filter((record) => record !== undefined));
}

/**
 * Several records per course with distinct `completedAt` (and some exact
 * copies), plus the one among them that must count.
 */
export const recordHistory: fc.Arbitrary<{ history: CompletionRecord[]; latest: CompletionRecord[] }> = fc
  .tuple(
    ...COURSE_IDS.map((courseId) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 3 })
        .chain((days) => fc.tuple(...days.map((day) => recordFields.map((fields) => ({ courseId, ...fields, completedAt: isoDay(day) })))))
        .chain((records) => fc.subarray(records).map((copies) => [...records, ...copies.map((record) => ({ ...record }))])),
    ),
  )
  .map((perCourse) => ({
    history: perCourse.flat(),
    latest: perCourse.flatMap((records) =>
      records.length === 0 ? [] : [records.reduce((a, b) => (Date.parse(a.completedAt!) >= Date.parse(b.completedAt!) ? a : b))],
    ),
  }));

function isoDay(day: number): string {
  return new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString();
}
