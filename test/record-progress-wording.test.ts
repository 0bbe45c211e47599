// A learner's progress lines are worded by the page in the reader's language
// from each requirement's parts. In English they must say exactly what the
// criteria engine says, for every kind of requirement and state.
import { describe, expect, it } from 'vitest';
import { evaluateAchievement, type Requirement } from '@laurel/criteria';
import { LOCALES, messages, renderRecordPage, type RecordRequirement } from '@laurel/render';

const course = 'course-v1:Org+CS101+2026';
const other = 'course-v1:Org+CS102+2026';
const third = 'course-v1:Org+CS103+2026';
const courseRules = { type: 'course' as const, courseId: course, minCompletionPercent: 80, minGradePercent: 75.5, requirePassed: true, assignmentTypeMinimums: { 'Final Exam': 80, Homework: 50 } };
const records = (values: Record<string, unknown>) => [{ courseId: course, ...values }];

/** Every requirement line, nested ones included, as the records route passes them to the page. */
function flatten(requirements: readonly Requirement[]): RecordRequirement[] {
  return requirements.flatMap(({ description, met, kind, required, current, assignmentType, courseId, requirements: nested }) => [
    { description, met, kind, required, current, ...(assignmentType !== undefined ? { assignmentType } : {}), ...(courseId !== undefined ? { courseId } : {}), ...(nested !== undefined ? { total: nested.length } : {}) },
    ...flatten(nested ?? []),
  ]);
}

const cases: RecordRequirement[] = [
  ...flatten(evaluateAchievement(courseRules, []).requirements),
  ...flatten(evaluateAchievement(courseRules, records({ completionPercent: 90, gradePercent: 70.25, passed: false, assignmentGrades: { 'Final Exam': 50 } })).requirements),
  ...flatten(evaluateAchievement(courseRules, records({ completionPercent: 100, gradePercent: 88, passed: true, assignmentGrades: { 'Final Exam': 91, Homework: 50 } })).requirements),
  ...flatten(evaluateAchievement({ type: 'program', courses: [{ courseId: course }, { courseId: other }] }, [{ courseId: course, passed: true }]).requirements),
  ...flatten(evaluateAchievement({ type: 'program', courses: [{ courseId: course }, { courseId: other }] }, [{ courseId: course, passed: true }, { courseId: other, passed: true }]).requirements),
  ...flatten(evaluateAchievement({ type: 'program', minCoursesCompleted: 2, courses: [{ courseId: course }, { courseId: other }, { courseId: third }] }, [{ courseId: course, passed: true }]).requirements),
  ...flatten(evaluateAchievement({ type: 'program', minCoursesCompleted: 2, courses: [{ courseId: course }, { courseId: other }, { courseId: third }] }, [{ courseId: course, passed: true }, { courseId: third, passed: true }]).requirements),
];

const page = (locale: (typeof LOCALES)[number]) => renderRecordPage({
  locale,
  shared: true,
  record: { learnerName: 'Ada', issuerName: 'Example University', credentials: [], progress: [{ achievementId: 'a', name: 'Computing', kind: 'program', earned: false, requirements: cases }] },
});

describe('progress lines on the learner record', () => {
  it('has a case of every kind, met and unmet', () => {
    expect(new Set(cases.map((requirement) => `${requirement.kind}:${requirement.met}`)).size).toBe(12);
  });

  it('words every line in English exactly as the criteria engine describes it', () => {
    const html = page('en');
    for (const requirement of cases) expect(html).toContain(`</span>${requirement.description.replace(/&/g, '&amp;')}</li>`);
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('words every line in %s, leaving none in English', (locale) => {
    const html = page(locale);
    for (const requirement of cases) expect(html).not.toContain(`</span>${requirement.description}</li>`);
    expect(html).toContain(messages(locale).progressPassedYes);
    expect(html).toContain('Final Exam'); // an assignment type is the course's own name for it
  });
});
