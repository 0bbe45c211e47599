import type { GradebookEntry, GradingPolicy } from './responses.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Grade % per assignment type, computed as Open edX's AssignmentFormatGrader
 * does: the type's subsection scores, padded with zeros up to the policy's
 * `count` (assignments not yet released still count), the lowest `dropped`
 * removed, averaged. Types the policy names but the gradebook lacks are 0 only
 * when the policy expects some; types without a policy row average what is there.
 */
export function assignmentTypeGrades(entry: GradebookEntry, policy: GradingPolicy): Record<string, number> {
  const scores = new Map<string, number[]>();
  for (const section of entry.section_breakdown) scores.set(section.category, [...(scores.get(section.category) ?? []), section.percent]);
  const grades: Record<string, number> = {};
  const types = new Set([...policy.map((row) => row.assignment_type), ...scores.keys()]);
  for (const type of types) {
    const row = policy.find((candidate) => candidate.assignment_type === type);
    const found = scores.get(type) ?? [];
    const count = Math.max(row?.count ?? 0, found.length);
    if (count === 0) continue;
    const padded = [...found, ...Array<number>(count - found.length).fill(0)].sort((a, b) => b - a);
    const kept = padded.slice(0, Math.max(1, count - (row?.dropped ?? 0)));
    grades[type] = round2((kept.reduce((sum, value) => sum + value, 0) / kept.length) * 100);
  }
  return grades;
}
