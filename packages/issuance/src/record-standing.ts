import type { CompletionRecord } from '@laurel/store';
import { assignmentTypeKey } from '@laurel/criteria';
import type { LaterRecordsPolicy } from './achievements.js';

/**
 * Which score of a requirement the learner record shows: under keep-first a
 * credential, once earned, stands, so the record keeps the learner's best
 * score of each requirement (a grade drop, or a later record without the
 * Final Exam, forgets nothing); under the other policies a later record
 * changes the credential, so the record shows the latest, as the credential does.
 */
export type ScoreChoice = 'best' | 'latest';

export function scoreChoiceOf(policy: LaterRecordsPolicy): ScoreChoice {
  return policy === 'keep-first' ? 'best' : 'latest';
}

const higher = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** One course's records (newest first) folded into the best of each score; the rest (mode, dates, ids) from the newest. */
function best(records: readonly CompletionRecord[]): CompletionRecord {
  const newest = records[0]!;
  const grades = new Map<string, [string, number]>();
  for (const record of records) {
    const entries = record.assignmentGrades && typeof record.assignmentGrades === 'object' ? Object.entries(record.assignmentGrades as Record<string, number>) : [];
    for (const [name, grade] of entries) {
      if (typeof grade !== 'number') continue;
      // Names match ignoring case and spaces, as the rules engine matches them; the newest spelling wins.
      const key = assignmentTypeKey(name);
      const seen = grades.get(key);
      if (!seen || grade > seen[1]) grades.set(key, [seen?.[0] ?? name, grade]);
    }
  }
  return {
    ...newest,
    completionPercent: records.reduce<number | null>((max, record) => higher(max, record.completionPercent), null),
    gradePercent: records.reduce<number | null>((max, record) => higher(max, record.gradePercent), null),
    passed: records.some((record) => record.passed),
    assignmentGrades: Object.fromEntries([...grades.values()]),
  };
}

/**
 * The learner's standing per course from all their records (any order),
 * optionally only those received by `until`: the newest record of each
 * course, or the best of each score.
 */
export function standingOf(records: readonly CompletionRecord[], choice: ScoreChoice, until?: string): CompletionRecord[] {
  const byCourse = new Map<string, CompletionRecord[]>();
  const newestFirst = [...records].sort((a, b) => (a.receivedAt === b.receivedAt ? b.id.localeCompare(a.id) : b.receivedAt.localeCompare(a.receivedAt)));
  for (const record of newestFirst) {
    if (until !== undefined && record.receivedAt > until) continue;
    byCourse.set(record.courseId, [...(byCourse.get(record.courseId) ?? []), record]);
  }
  return [...byCourse.values()].map((course) => (choice === 'best' ? best(course) : course[0]!));
}
