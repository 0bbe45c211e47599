/** 'enrollmentMode' is added by @laurel/issuance for achievements that only some enrollment modes may earn. */
export type RequirementKind = 'completion' | 'grade' | 'passed' | 'assignmentType' | 'course' | 'coursesCompleted' | 'enrollmentMode';

/**
 * One line of a learner's progress list.
 *
 * Numbers are percentages rounded to two decimals (see roundPercent), except
 * for 'coursesCompleted', which counts courses. For numeric kinds `met` is
 * exactly `current !== null && current >= required`; for 'passed' and
 * 'course' it is `current === true`.
 */
export interface Requirement {
  readonly kind: RequirementKind;
  readonly courseId?: string;
  readonly assignmentType?: string;
  readonly required: number | boolean;
  /** null: the record (or that part of it) is not there yet. Never met. */
  readonly current: number | boolean | null;
  readonly met: boolean;
  /** Plain English for the learner, e.g. "Final Exam: 72% of 80% needed". */
  readonly description: string;
  /**
   * What a 'course' or 'coursesCompleted' line is made of, to render
   * indented below it. The parent line already accounts for them: for
   * "any 2 of 3 courses" some nested courses may stay unmet.
   */
  readonly requirements?: readonly Requirement[];
}

export interface Evaluation {
  /** True exactly when every top-level requirement is met. */
  readonly earned: boolean;
  /**
   * A course achievement lists that course's rules. A program lists one
   * 'coursesCompleted' line, whose nested 'course' lines carry each course's
   * own rules, so both render as the same kind of indented list.
   */
  readonly requirements: readonly Requirement[];
  /** Progress on a program's optional courses, for information; never affects `earned`. Empty for a course. */
  readonly optional: readonly Requirement[];
}
