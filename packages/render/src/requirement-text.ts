import { fill, formatPercent, type Locale, type Messages } from './i18n.js';
import type { RecordRequirement } from './record-data.js';

const percent = (value: number | boolean | null | undefined, locale: Locale) => formatPercent(String(value), locale);

/**
 * One line of a learner's progress in the reader's language, from the
 * requirement's parts; the criteria engine's English description when a
 * caller did not pass them.
 */
export function requirementText(requirement: RecordRequirement, t: Messages, locale: Locale): string {
  const { kind, required, current } = requirement;
  if (kind === 'completion' || kind === 'grade' || kind === 'assignmentType') {
    const label = kind === 'completion' ? t.progressCompletion : kind === 'grade' ? t.progressGrade : requirement.assignmentType ?? '';
    const needed = percent(required, locale);
    if (current === null || current === undefined) return fill(t.progressNoData, { label, needed });
    return fill(requirement.met ? t.progressMet : t.progressUnmet, { label, needed, current: percent(current, locale) });
  }
  if (kind === 'passed') return current === null || current === undefined ? t.progressPassedNoResult : current === true ? t.progressPassedYes : t.progressPassedNotYet;
  if (kind === 'course') return fill(requirement.met ? t.progressCourseDone : t.progressCourseNotYet, { course: requirement.courseId ?? '' });
  if (kind === 'coursesCompleted' && typeof required === 'number' && typeof current === 'number' && requirement.total !== undefined) {
    const values = { current: String(current), required: String(required), total: String(requirement.total) };
    if (required === requirement.total) return requirement.met ? fill(t.progressCoursesAll, values) : fill(t.progressCoursesOf, values);
    return fill(requirement.met ? t.progressCoursesAnyMet : t.progressCoursesAnyUnmet, values);
  }
  return requirement.description;
}
