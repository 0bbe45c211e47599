import { InvalidInputError, type ValidationIssue } from '@laurel/models';
import type { CompletionRecord } from './completion-record.js';

/** Key order and absent-vs-undefined must not make two copies of one record look different. */
function canonical(record: CompletionRecord): string {
  const grades = record.assignmentGrades ?? {};
  return JSON.stringify([
    record.courseId,
    record.completionPercent ?? null,
    record.gradePercent ?? null,
    record.passed ?? null,
    Object.keys(grades)
      .sort()
      .map((name) => [name, grades[name]]),
    record.completedAt ?? null,
  ]);
}

/**
 * The record that counts for each course. Callers are expected to pass the
 * learner's latest record per course. When a course has several, the one
 * with the latest `completedAt` counts; exact copies are merged. A choice
 * that would depend on the order of the list is refused instead (a record
 * without `completedAt`, or two different records sharing the latest
 * instant), so the result never depends on how the caller sorted its data.
 * Instants compare to the millisecond.
 */
export function latestRecordByCourse(records: readonly CompletionRecord[]): Map<string, CompletionRecord> {
  const groups = new Map<string, number[]>();
  records.forEach((record, index) => {
    const group = groups.get(record.courseId);
    if (group) group.push(index);
    else groups.set(record.courseId, [index]);
  });

  const issues: ValidationIssue[] = [];
  const latest = new Map<string, CompletionRecord>();
  for (const [courseId, indices] of groups) {
    const distinct = new Map<string, number>();
    for (const index of indices) {
      const key = canonical(records[index]!);
      if (!distinct.has(key)) distinct.set(key, index);
    }
    const candidates = [...distinct.values()];
    if (candidates.length === 1) {
      latest.set(courseId, records[candidates[0]!]!);
      continue;
    }
    const undated = candidates.filter((index) => records[index]!.completedAt === undefined);
    if (undated.length > 0) {
      for (const index of undated) {
        issues.push({
          path: `[${index}].completedAt`,
          message: `is required: there are ${candidates.length} different records for course "${courseId}" and the latest must be chosen`,
        });
      }
      continue;
    }
    const instant = (index: number): number => Date.parse(records[index]!.completedAt!);
    const newest = Math.max(...candidates.map(instant));
    const tied = candidates.filter((index) => instant(index) === newest);
    if (tied.length > 1) {
      for (const index of tied) {
        const others = tied.filter((other) => other !== index).map((other) => `[${other}]`);
        issues.push({
          path: `[${index}].completedAt`,
          message: `ties with ${others.join(', ')} as the latest record for course "${courseId}"; the records differ, so none can be chosen`,
        });
      }
      continue;
    }
    latest.set(courseId, records[tied[0]!]!);
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    throw new InvalidInputError(issues, 'completion records');
  }
  return latest;
}
