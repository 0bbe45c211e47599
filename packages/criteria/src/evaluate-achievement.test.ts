import { InvalidInputError, LaurelError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { InvalidRulesError } from './errors.js';
import { evaluateAchievement } from './evaluate-achievement.js';
import { COURSE, courseRules, recordFor, thrownBy } from './testing/fixtures.js';

describe('minCompletionPercent', () => {
  it.each([
    { min: 80, value: 80, current: 80, met: true },
    { min: 80, value: 100, current: 100, met: true },
    { min: 80, value: 79.99, current: 79.99, met: false },
    // Compared after rounding to two decimals, as the learner sees it.
    { min: 80, value: 79.996, current: 80, met: true },
    { min: 80, value: 79.994, current: 79.99, met: false },
    { min: 100, value: 99.99, current: 99.99, met: false },
    { min: 100, value: 100, current: 100, met: true },
    { min: 0, value: 0, current: 0, met: true },
    { min: 80, value: undefined, current: null, met: false },
  ])('at least $min%, completion $value: met $met', ({ min, value, current, met }) => {
    const evaluation = evaluateAchievement(courseRules({ minCompletionPercent: min }), [recordFor({ completionPercent: value })]);
    expect(evaluation.requirements).toEqual([
      expect.objectContaining({ kind: 'completion', courseId: COURSE, required: min, current, met }),
    ]);
    expect(evaluation.earned).toBe(met);
  });

  it('reads plainly', () => {
    const describeAt = (value: number | undefined) =>
      evaluateAchievement(courseRules({ minCompletionPercent: 100 }), [recordFor({ completionPercent: value })]).requirements[0]!
        .description;
    expect(describeAt(60)).toBe('Completion: 60% of 100% needed');
    expect(describeAt(100)).toBe('Completion: 100% (100% needed)');
    expect(describeAt(undefined)).toBe('Completion: no data yet (100% needed)');
    expect(describeAt(33.333333)).toBe('Completion: 33.33% of 100% needed');
  });
});

describe('minGradePercent', () => {
  it.each([
    { min: 75, value: 75, current: 75, met: true },
    { min: 75, value: 74.99, current: 74.99, met: false },
    { min: 75.5, value: 75.5, current: 75.5, met: true },
    { min: 75.5, value: 75.49, current: 75.49, met: false },
    { min: 75, value: 0, current: 0, met: false },
    { min: 75, value: undefined, current: null, met: false },
  ])('at least $min%, grade $value: met $met', ({ min, value, current, met }) => {
    const evaluation = evaluateAchievement(courseRules({ minGradePercent: min }), [recordFor({ gradePercent: value })]);
    expect(evaluation.requirements).toEqual([expect.objectContaining({ kind: 'grade', required: min, current, met })]);
    expect(evaluation.earned).toBe(met);
  });

  it('reads plainly', () => {
    const [requirement] = evaluateAchievement(courseRules({ minGradePercent: 75 }), [recordFor({ gradePercent: 72 })]).requirements;
    expect(requirement!.description).toBe('Overall grade: 72% of 75% needed');
  });
});

describe('requirePassed', () => {
  it.each([
    { passed: true, current: true, met: true, description: 'Passed: yes' },
    { passed: false, current: false, met: false, description: 'Passed: not yet' },
    { passed: undefined, current: null, met: false, description: 'Passed: no result yet' },
  ])('passed flag $passed: met $met', ({ passed, current, met, description }) => {
    const evaluation = evaluateAchievement(courseRules({ requirePassed: true }), [recordFor({ passed })]);
    expect(evaluation.requirements).toEqual([{ kind: 'passed', courseId: COURSE, required: true, current, met, description }]);
    expect(evaluation.earned).toBe(met);
  });

  it('is what an empty rule set requires (the Open edX default)', () => {
    expect(evaluateAchievement(courseRules(), [recordFor({ passed: true, gradePercent: 0 })]).earned).toBe(true);
    const failed = evaluateAchievement(courseRules(), [recordFor({ passed: false, gradePercent: 100, completionPercent: 100 })]);
    expect(failed.earned).toBe(false);
    expect(failed.requirements.map((requirement) => requirement.kind)).toEqual(['passed']);
  });

  it('counts as an empty rule set when the rules only name optional assignment types', () => {
    const rules = courseRules({ optionalAssignmentTypes: ['Survey'], assignmentTypeMinimums: {} });
    expect(evaluateAchievement(rules, [recordFor({ passed: false })]).earned).toBe(false);
    expect(evaluateAchievement(rules, [recordFor({ passed: true })]).earned).toBe(true);
  });

  it('is not required when the rules set a minimum and leave requirePassed false or absent', () => {
    for (const requirePassed of [false, undefined]) {
      const evaluation = evaluateAchievement(courseRules({ minGradePercent: 50, requirePassed }), [
        recordFor({ gradePercent: 60, passed: false }),
      ]);
      expect(evaluation.earned).toBe(true);
      expect(evaluation.requirements.map((requirement) => requirement.kind)).toEqual(['grade']);
    }
  });
});

describe('assignmentTypeMinimums', () => {
  it.each([
    { grade: 80, current: 80, met: true, description: 'Final Exam: 80% (80% needed)' },
    { grade: 95, current: 95, met: true, description: 'Final Exam: 95% (80% needed)' },
    { grade: 79.99, current: 79.99, met: false, description: 'Final Exam: 79.99% of 80% needed' },
    { grade: 72, current: 72, met: false, description: 'Final Exam: 72% of 80% needed' },
    { grade: undefined, current: null, met: false, description: 'Final Exam: no data yet (80% needed)' },
  ])('Final Exam at least 80%, grade $grade: met $met', ({ grade, current, met, description }) => {
    const grades: Record<string, number> = grade === undefined ? { Homework: 100 } : { 'Final Exam': grade, Homework: 100 };
    const evaluation = evaluateAchievement(courseRules({ assignmentTypeMinimums: { 'Final Exam': 80 } }), [
      recordFor({ assignmentGrades: grades }),
    ]);
    expect(evaluation.requirements).toEqual([
      { kind: 'assignmentType', courseId: COURSE, assignmentType: 'Final Exam', required: 80, current, met, description },
    ]);
    expect(evaluation.earned).toBe(met);
  });

  it('checks every listed type, in the order the rules list them', () => {
    const rules = courseRules({ assignmentTypeMinimums: { 'Final Exam': 80, Homework: 50 } });
    const evaluation = evaluateAchievement(rules, [recordFor({ assignmentGrades: { Homework: 49, 'Final Exam': 90 } })]);
    expect(evaluation.requirements.map((r) => [r.assignmentType, r.met])).toEqual([
      ['Final Exam', true],
      ['Homework', false],
    ]);
    expect(evaluation.earned).toBe(false);
  });

  it('matches type names ignoring case and surrounding spaces', () => {
    const rules = courseRules({ assignmentTypeMinimums: { 'Final Exam': 80 } });
    const evaluation = evaluateAchievement(rules, [recordFor({ assignmentGrades: { ' final exam': 85 } })]);
    expect(evaluation.requirements[0]).toMatchObject({ assignmentType: 'Final Exam', current: 85, met: true });
  });

  it('reports a record without any assignment grades as no data', () => {
    const rules = courseRules({ assignmentTypeMinimums: { Lab: 10 } });
    expect(evaluateAchievement(rules, [recordFor({ gradePercent: 90 })]).requirements[0]).toMatchObject({ current: null, met: false });
  });
});

describe('optionalAssignmentTypes', () => {
  it('ignores optional types even when the record grades them', () => {
    const rules = courseRules({ minGradePercent: 50, optionalAssignmentTypes: ['Survey', 'Practice'] });
    const evaluation = evaluateAchievement(rules, [recordFor({ gradePercent: 60, assignmentGrades: { Survey: 0, Practice: 0 } })]);
    expect(evaluation.earned).toBe(true);
    expect(evaluation.requirements.map((r) => r.kind)).toEqual(['grade']);
  });

  it('ignores graded types the rules do not mention', () => {
    const rules = courseRules({ assignmentTypeMinimums: { 'Final Exam': 80 } });
    const evaluation = evaluateAchievement(rules, [recordFor({ assignmentGrades: { 'Final Exam': 80, Homework: 0 } })]);
    expect(evaluation.requirements).toHaveLength(1);
    expect(evaluation.earned).toBe(true);
  });
});

describe('combined rules: final exam at least 80% and overall at least 75%', () => {
  const rules = courseRules({ minGradePercent: 75, assignmentTypeMinimums: { 'Final Exam': 80 } });

  it.each([
    { exam: 80, overall: 75, earned: true },
    { exam: 100, overall: 100, earned: true },
    { exam: 79.99, overall: 90, earned: false },
    { exam: 90, overall: 74.99, earned: false },
    { exam: 79, overall: 74, earned: false },
    { exam: undefined, overall: 90, earned: false },
    { exam: 90, overall: undefined, earned: false },
  ])('exam $exam, overall $overall: earned $earned', ({ exam, overall, earned }) => {
    const evaluation = evaluateAchievement(rules, [
      recordFor({ gradePercent: overall, assignmentGrades: exam === undefined ? {} : { 'Final Exam': exam } }),
    ]);
    expect(evaluation.earned).toBe(earned);
    expect(evaluation.requirements.map((r) => r.kind)).toEqual(['grade', 'assignmentType']);
  });

  it('lists every rule in a fixed order: completion, grade, passed, assignment types', () => {
    const all = courseRules({
      assignmentTypeMinimums: { Lab: 10 },
      requirePassed: true,
      minGradePercent: 75,
      minCompletionPercent: 90,
    });
    const evaluation = evaluateAchievement(all, [
      recordFor({ completionPercent: 90, gradePercent: 75, passed: true, assignmentGrades: { Lab: 10 } }),
    ]);
    expect(evaluation.requirements.map((r) => r.kind)).toEqual(['completion', 'grade', 'passed', 'assignmentType']);
    expect(evaluation.earned).toBe(true);
    expect(evaluation.optional).toEqual([]);
  });
});

describe('records', () => {
  it('reports every requirement as no data when the course has no record', () => {
    const rules = courseRules({ minCompletionPercent: 50, minGradePercent: 50, requirePassed: true, assignmentTypeMinimums: { Lab: 5 } });
    const evaluation = evaluateAchievement(rules, []);
    expect(evaluation.earned).toBe(false);
    expect(evaluation.requirements.map((r) => r.current)).toEqual([null, null, null, null]);
  });

  it("ignores other courses' records", () => {
    const evaluation = evaluateAchievement(courseRules({ minGradePercent: 50 }), [recordFor({ gradePercent: 100 }, 'course-v1:Org+Other+2026')]);
    expect(evaluation.earned).toBe(false);
    expect(evaluation.requirements[0]!.current).toBeNull();
  });

  it('uses the record with the latest completedAt when a course has several', () => {
    const records = [
      recordFor({ gradePercent: 90, completedAt: '2026-03-01T00:00:00Z' }),
      recordFor({ gradePercent: 40, completedAt: '2026-05-01T00:00:00Z' }),
      recordFor({ gradePercent: 95, completedAt: '2026-04-01T00:00:00Z' }),
    ];
    expect(evaluateAchievement(courseRules({ minGradePercent: 50 }), records).requirements[0]).toMatchObject({ current: 40, met: false });
  });
});

describe('errors', () => {
  it('raises INVALID_RULES for bad rules, listing every failing path', () => {
    const error = thrownBy(() =>
      evaluateAchievement({ type: 'course', courseId: COURSE, minGradePercent: 101, minCompletionPercent: -1 } as never, []),
    );
    expect(error).toBeInstanceOf(InvalidRulesError);
    expect(error).toBeInstanceOf(LaurelError);
    expect((error as InvalidRulesError).code).toBe('INVALID_RULES');
    expect((error as InvalidRulesError).issues.map((issue) => issue.path)).toEqual(['minCompletionPercent', 'minGradePercent']);
  });

  it('raises INVALID_INPUT for bad records, listing every failing path', () => {
    const records = [
      recordFor({ gradePercent: 0.8 }),
      recordFor({ gradePercent: 180, completionPercent: -5 }, 'course-v1:Org+B+2026'),
      { courseId: '', grade: 0.8 },
    ];
    const error = thrownBy(() => evaluateAchievement(courseRules(), records as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('INVALID_INPUT');
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual([
      '[1].completionPercent',
      '[1].gradePercent',
      '[2].courseId',
      '[2].grade',
    ]);
  });

  it('checks the rules before the records', () => {
    const error = thrownBy(() => evaluateAchievement({ type: 'course' } as never, [{ bad: true }] as never));
    expect((error as LaurelError).code).toBe('INVALID_RULES');
  });

  it('does not modify its arguments', () => {
    const rules = courseRules({ minGradePercent: 50, assignmentTypeMinimums: { Lab: 10 } });
    const records = [recordFor({ gradePercent: 60, assignmentGrades: { lab: 20 } })];
    const before = structuredClone({ rules, records });
    evaluateAchievement(rules, records);
    expect({ rules, records }).toEqual(before);
  });
});
