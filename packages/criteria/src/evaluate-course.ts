import type { CourseRules } from './achievement-rules.js';
import { assignmentTypeKey } from './assignment-type.js';
import type { CompletionRecord } from './completion-record.js';
import { formatPercent, roundPercent } from './percent.js';
import type { Requirement, RequirementKind } from './requirement.js';

/** True when the rules ask for something beyond the passed flag's default. */
function hasExplicitRequirement(rules: CourseRules): boolean {
  return (
    rules.requirePassed === true ||
    rules.minCompletionPercent !== undefined ||
    rules.minGradePercent !== undefined ||
    Object.keys(rules.assignmentTypeMinimums ?? {}).length > 0
  );
}

/** Whether the rules end up requiring the passed flag: explicitly, or because they ask nothing else (the Open edX default). */
export function requiresPassed(rules: CourseRules): boolean {
  return rules.requirePassed === true || !hasExplicitRequirement(rules);
}

function percentRequirement(
  kind: RequirementKind,
  label: string,
  required: number,
  value: number | undefined,
  extra: Pick<Requirement, 'courseId' | 'assignmentType'>,
): Requirement {
  const current = value === undefined ? null : roundPercent(value);
  const met = current !== null && current >= required;
  const needed = formatPercent(required);
  let description: string;
  if (current === null) description = `${label}: no data yet (${needed} needed)`;
  else if (met) description = `${label}: ${formatPercent(current)} (${needed} needed)`;
  else description = `${label}: ${formatPercent(current)} of ${needed} needed`;
  return { kind, ...extra, required, current, met, description };
}

function passedRequirement(passed: boolean | undefined, courseId: string): Requirement {
  const current = passed ?? null;
  let description: string;
  if (current === null) description = 'Passed: no result yet';
  else if (current) description = 'Passed: yes';
  else description = 'Passed: not yet';
  return { kind: 'passed', courseId, required: true, current, met: current === true, description };
}

/**
 * The requirements one course's rules make of its record, in a fixed order
 * (completion, grade, passed, then assignment types as the rules list them).
 * `record` is undefined when the learner has none for the course yet.
 */
export function evaluateCourseRules(courseId: string, rules: CourseRules, record: CompletionRecord | undefined): Requirement[] {
  const requirements: Requirement[] = [];
  if (rules.minCompletionPercent !== undefined) {
    requirements.push(percentRequirement('completion', 'Completion', rules.minCompletionPercent, record?.completionPercent, { courseId }));
  }
  if (rules.minGradePercent !== undefined) {
    requirements.push(percentRequirement('grade', 'Overall grade', rules.minGradePercent, record?.gradePercent, { courseId }));
  }
  if (requiresPassed(rules)) requirements.push(passedRequirement(record?.passed, courseId));

  const grades = new Map<string, number>();
  for (const [name, grade] of Object.entries(record?.assignmentGrades ?? {})) grades.set(assignmentTypeKey(name), grade);
  for (const [assignmentType, minimum] of Object.entries(rules.assignmentTypeMinimums ?? {})) {
    requirements.push(
      percentRequirement('assignmentType', assignmentType, minimum, grades.get(assignmentTypeKey(assignmentType)), {
        courseId,
        assignmentType,
      }),
    );
  }
  return requirements;
}
