import { describe, expect, it } from 'vitest';
import { parseAchievementRules } from '@laurel/criteria';
import type { CompletionRecord } from '@laurel/store';
import { unmetSince } from './unmet-since.js';

const COURSE = 'course-v1:Org+GRACE+2026';
const rules = parseAchievementRules({ type: 'course', courseId: COURSE, minGradePercent: 70 });

function record(id: string, gradePercent: number, receivedAt: string, courseId = COURSE): CompletionRecord {
  return { id, issuerId: 'i', learnerId: 'l', courseId, completionPercent: null, gradePercent, passed: gradePercent >= 70, assignmentGrades: {}, completedAt: null, sourceEventId: id, receivedAt } as CompletionRecord;
}

describe('unmetSince', () => {
  it('is undefined while the latest record meets the rules', () => {
    expect(unmetSince(rules, [COURSE], [record('a', 40, '2026-01-01T00:00:00.000Z'), record('b', 80, '2026-01-02T00:00:00.000Z')])).toBeUndefined();
  });

  it('is the time of the record that broke the rules, not of later unmet ones', () => {
    const history = [record('c', 30, '2026-01-04T00:00:00.000Z'), record('a', 90, '2026-01-01T00:00:00.000Z'), record('b', 50, '2026-01-02T00:00:00.000Z')];
    expect(unmetSince(rules, [COURSE], history)).toBe('2026-01-02T00:00:00.000Z');
  });

  it('starts again when the learner caught up in between, and ignores other courses', () => {
    const history = [
      record('a', 90, '2026-01-01T00:00:00.000Z'),
      record('b', 50, '2026-01-02T00:00:00.000Z'),
      record('c', 75, '2026-01-03T00:00:00.000Z'),
      record('x', 10, '2026-01-03T12:00:00.000Z', 'course-v1:Org+OTHER+2026'),
      record('d', 60, '2026-01-05T00:00:00.000Z'),
    ];
    expect(unmetSince(rules, [COURSE], history)).toBe('2026-01-05T00:00:00.000Z');
  });
});
