import { describe, expect, it } from 'vitest';
import type { ProgramAchievementRules, ProgramCourse } from './achievement-rules.js';
import type { CompletionRecord } from './completion-record.js';
import { evaluateAchievement } from './evaluate-achievement.js';
import type { Requirement } from './requirement.js';
import { recordFor } from './testing/fixtures.js';

const CS101 = 'course-v1:Org+CS101+2026';
const CS102 = 'course-v1:Org+CS102+2026';
const CS103 = 'course-v1:Org+CS103+2026';
const EXTRA = 'course-v1:Org+EXTRA+2026';

function program(courses: ProgramCourse[], extra: Partial<ProgramAchievementRules> = {}): ProgramAchievementRules {
  return { type: 'program', courses, ...extra };
}

function coursesLine(records: CompletionRecord[], rules: ProgramAchievementRules): Requirement {
  const evaluation = evaluateAchievement(rules, records);
  expect(evaluation.requirements).toHaveLength(1);
  return evaluation.requirements[0]!;
}

describe('a learning path with per-course rules', () => {
  const rules = program([
    { courseId: CS101, rules: { minGradePercent: 80 } },
    { courseId: CS102, rules: { minCompletionPercent: 100 } },
    { courseId: CS103, rules: { assignmentTypeMinimums: { 'Final Exam': 70 } } },
  ]);
  const allMet = [
    recordFor({ gradePercent: 80 }, CS101),
    recordFor({ completionPercent: 100 }, CS102),
    recordFor({ assignmentGrades: { 'Final Exam': 70 } }, CS103),
  ];

  it('is earned when every course meets its own rule', () => {
    expect(evaluateAchievement(rules, allMet).earned).toBe(true);
  });

  it.each([
    { miss: CS101, record: recordFor({ gradePercent: 79.99, completionPercent: 100 }, CS101) },
    { miss: CS102, record: recordFor({ completionPercent: 99, gradePercent: 100 }, CS102) },
    { miss: CS103, record: recordFor({ assignmentGrades: { 'Final Exam': 69 }, gradePercent: 100 }, CS103) },
  ])('is not earned when $miss misses its own rule', ({ miss, record }) => {
    const records = allMet.map((r) => (r.courseId === miss ? record : r));
    const evaluation = evaluateAchievement(rules, records);
    expect(evaluation.earned).toBe(false);
    const courses = evaluation.requirements[0]!.requirements!;
    expect(courses.filter((course) => !course.met).map((course) => course.courseId)).toEqual([miss]);
  });

  it('is not earned while a course has no record, which reads as not completed yet', () => {
    const line = coursesLine(allMet.slice(0, 2), rules);
    expect(line.met).toBe(false);
    expect(line.requirements![2]).toMatchObject({
      kind: 'course',
      courseId: CS103,
      required: true,
      current: null,
      met: false,
      description: `Course ${CS103}: not completed yet`,
    });
  });

  it('renders as a progress list: courses completed, then each course with its own rules', () => {
    const line = coursesLine([recordFor({ gradePercent: 85 }, CS101), recordFor({ completionPercent: 60 }, CS102)], rules);
    expect(line).toMatchObject({ kind: 'coursesCompleted', required: 3, current: 1, met: false, description: 'Courses completed: 1 of 3 needed' });
    expect(line.requirements!.map((course) => [course.description, course.current])).toEqual([
      [`Course ${CS101}: completed`, true],
      [`Course ${CS102}: not completed yet`, false],
      [`Course ${CS103}: not completed yet`, null],
    ]);
    expect(line.requirements![1]!.requirements).toEqual([
      { kind: 'completion', courseId: CS102, required: 100, current: 60, met: false, description: 'Completion: 60% of 100% needed' },
    ]);
    expect(coursesLine(allMet, rules).description).toBe('Courses completed: all 3');
  });
});

describe('global courseRules', () => {
  it('apply to every course without its own rules', () => {
    const rules = program([{ courseId: CS101 }, { courseId: CS102 }], { courseRules: { minGradePercent: 70 } });
    const pass = [recordFor({ gradePercent: 70 }, CS101), recordFor({ gradePercent: 95 }, CS102)];
    expect(evaluateAchievement(rules, pass).earned).toBe(true);
    const fail = [recordFor({ gradePercent: 70 }, CS101), recordFor({ gradePercent: 69.99, passed: true }, CS102)];
    expect(evaluateAchievement(rules, fail).earned).toBe(false);
  });

  it("give way entirely to a course's own rules (replaced, not merged)", () => {
    const rules = program([{ courseId: CS101 }, { courseId: CS102, rules: { minCompletionPercent: 50 } }], {
      courseRules: { minGradePercent: 90 },
    });
    const records = [recordFor({ gradePercent: 90 }, CS101), recordFor({ completionPercent: 50, gradePercent: 10 }, CS102)];
    const line = coursesLine(records, rules);
    expect(line.met).toBe(true);
    expect(line.requirements![1]!.requirements!.map((r) => r.kind)).toEqual(['completion']);
  });

  it('default to the passed flag when neither the program nor the course sets rules', () => {
    const rules = program([{ courseId: CS101 }, { courseId: CS102 }]);
    expect(evaluateAchievement(rules, [recordFor({ passed: true }, CS101), recordFor({ passed: true }, CS102)]).earned).toBe(true);
    expect(evaluateAchievement(rules, [recordFor({ passed: true }, CS101), recordFor({ passed: false }, CS102)]).earned).toBe(false);
  });
});

describe('optional courses', () => {
  const rules = program([{ courseId: CS101 }, { courseId: EXTRA, optional: true, rules: { minGradePercent: 90 } }]);

  it('do not block the achievement', () => {
    for (const extra of [[], [recordFor({ gradePercent: 10 }, EXTRA)]]) {
      expect(evaluateAchievement(rules, [recordFor({ passed: true }, CS101), ...extra]).earned).toBe(true);
    }
  });

  it('do not earn it either', () => {
    expect(evaluateAchievement(rules, [recordFor({ passed: false }, CS101), recordFor({ gradePercent: 95 }, EXTRA)]).earned).toBe(false);
  });

  it('are reported apart, with their progress', () => {
    const evaluation = evaluateAchievement(rules, [recordFor({ passed: true }, CS101), recordFor({ gradePercent: 95 }, EXTRA)]);
    expect(evaluation.requirements[0]!.requirements!.map((course) => course.courseId)).toEqual([CS101]);
    expect(evaluation.optional).toEqual([
      expect.objectContaining({ kind: 'course', courseId: EXTRA, met: true, requirements: [expect.objectContaining({ kind: 'grade', current: 95 })] }),
    ]);
  });

  it('do not count towards minCoursesCompleted', () => {
    const nOfM = program(
      [{ courseId: CS101 }, { courseId: CS102 }, { courseId: CS103 }, { courseId: EXTRA, optional: true }],
      { minCoursesCompleted: 2 },
    );
    const records = [recordFor({ passed: true }, CS101), recordFor({ passed: true }, EXTRA)];
    const line = coursesLine(records, nOfM);
    expect(line).toMatchObject({ required: 2, current: 1, met: false });
  });
});

describe('minCoursesCompleted (n of m)', () => {
  const rules = program([{ courseId: CS101 }, { courseId: CS102 }, { courseId: CS103 }], {
    minCoursesCompleted: 2,
    courseRules: { minGradePercent: 60 },
  });

  it.each([
    { grades: [60, 60, 0], earned: true, description: 'Courses completed: 2 (any 2 of 3 needed)' },
    { grades: [100, 100, 100], earned: true, description: 'Courses completed: 3 (any 2 of 3 needed)' },
    { grades: [0, 60, 59.99], earned: false, description: 'Courses completed: 1 of 2 needed (any 2 of 3)' },
    { grades: [0, 0, 0], earned: false, description: 'Courses completed: 0 of 2 needed (any 2 of 3)' },
  ])('grades $grades: earned $earned', ({ grades, earned, description }) => {
    const records = [CS101, CS102, CS103].map((courseId, index) => recordFor({ gradePercent: grades[index] }, courseId));
    const evaluation = evaluateAchievement(rules, records);
    expect(evaluation.earned).toBe(earned);
    expect(evaluation.requirements[0]).toMatchObject({ kind: 'coursesCompleted', required: 2, met: earned, description });
  });

  it('still lists every course, met or not', () => {
    const line = coursesLine([recordFor({ gradePercent: 60 }, CS101), recordFor({ gradePercent: 60 }, CS102)], rules);
    expect(line.met).toBe(true);
    expect(line.requirements!.map((course) => course.met)).toEqual([true, true, false]);
  });

  it('equal to the number of required courses means all of them', () => {
    const all = program([{ courseId: CS101 }, { courseId: CS102 }], { minCoursesCompleted: 2 });
    expect(evaluateAchievement(all, [recordFor({ passed: true }, CS101)]).earned).toBe(false);
    expect(coursesLine([], all).description).toBe('Courses completed: 0 of 2 needed');
  });
});
