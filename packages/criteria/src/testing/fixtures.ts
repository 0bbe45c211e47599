import type { CourseAchievementRules, CourseRules } from '../achievement-rules.js';
import type { CompletionRecord } from '../completion-record.js';

export const COURSE = 'course-v1:Org+CS101+2026';

export function courseRules(rules: CourseRules = {}): CourseAchievementRules {
  return { type: 'course', courseId: COURSE, ...rules };
}

export function recordFor(fields: Omit<CompletionRecord, 'courseId'>, courseId = COURSE): CompletionRecord {
  return { courseId, ...fields };
}

/** The error `action` throws, so a test can look at its code and issues. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
