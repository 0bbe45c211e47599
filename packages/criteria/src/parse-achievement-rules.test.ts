import { LaurelError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { InvalidRulesError } from './errors.js';
import { parseAchievementRules } from './parse-achievement-rules.js';
import { COURSE, thrownBy } from './testing/fixtures.js';

function issuesOf(json: unknown): { path: string; message: string }[] {
  const error = thrownBy(() => parseAchievementRules(json));
  expect(error).toBeInstanceOf(InvalidRulesError);
  expect(error).toBeInstanceOf(LaurelError);
  expect((error as InvalidRulesError).code).toBe('INVALID_RULES');
  expect((error as InvalidRulesError).details).toEqual({ issues: (error as InvalidRulesError).issues });
  return [...(error as InvalidRulesError).issues];
}

const pathsOf = (json: unknown) => issuesOf(json).map((issue) => issue.path);

describe('parseAchievementRules', () => {
  it('accepts and returns valid rules of both kinds', () => {
    const course = {
      type: 'course',
      courseId: COURSE,
      minCompletionPercent: 100,
      minGradePercent: 75.5,
      requirePassed: true,
      assignmentTypeMinimums: { 'Final Exam': 80, Homework: 0 },
      optionalAssignmentTypes: ['Survey'],
    };
    expect(parseAchievementRules(course)).toEqual(course);
    const path = {
      type: 'program',
      courses: [{ courseId: 'a', rules: {} }, { courseId: 'b', optional: true }, { courseId: 'c' }],
      courseRules: { minGradePercent: 60 },
      minCoursesCompleted: 2,
    };
    expect(parseAchievementRules(path)).toEqual(path);
  });

  it('accepts the empty course rule set (it means passed flag true)', () => {
    expect(parseAchievementRules({ type: 'course', courseId: COURSE })).toEqual({ type: 'course', courseId: COURSE });
  });

  it('takes a fraction-looking threshold at its word: 0.8 is 0.8%, not 80%', () => {
    expect(parseAchievementRules({ type: 'course', courseId: COURSE, minGradePercent: 0.8 })).toMatchObject({ minGradePercent: 0.8 });
  });

  it.each([
    { name: 'not an object', json: null, paths: [''] },
    { name: 'no type', json: { courseId: COURSE }, paths: ['type'] },
    { name: 'unknown type', json: { type: 'badge', courseId: COURSE }, paths: ['type'] },
    { name: 'course without courseId', json: { type: 'course' }, paths: ['courseId'] },
    { name: 'empty courseId', json: { type: 'course', courseId: '' }, paths: ['courseId'] },
    { name: 'completion above 100', json: { type: 'course', courseId: COURSE, minCompletionPercent: 100.01 }, paths: ['minCompletionPercent'] },
    { name: 'negative grade', json: { type: 'course', courseId: COURSE, minGradePercent: -0.01 }, paths: ['minGradePercent'] },
    { name: 'three decimals', json: { type: 'course', courseId: COURSE, minGradePercent: 79.995 }, paths: ['minGradePercent'] },
    { name: 'grade as text', json: { type: 'course', courseId: COURSE, minGradePercent: '80' }, paths: ['minGradePercent'] },
    { name: 'requirePassed as text', json: { type: 'course', courseId: COURSE, requirePassed: 'yes' }, paths: ['requirePassed'] },
    {
      name: 'misspelt rule',
      json: { type: 'course', courseId: COURSE, minGrade: 80, min_completion: 1 },
      paths: ['minGrade', 'min_completion'],
    },
    {
      name: 'bad assignment minimums',
      json: { type: 'course', courseId: COURSE, assignmentTypeMinimums: { 'Final Exam': 180, ' ': 10, Lab: 'high' } },
      paths: ['assignmentTypeMinimums["Final Exam"]', 'assignmentTypeMinimums[" "]', 'assignmentTypeMinimums.Lab'],
    },
    {
      name: 'the same type twice',
      json: { type: 'course', courseId: COURSE, assignmentTypeMinimums: { 'Final Exam': 80, 'final exam ': 70 } },
      paths: ['assignmentTypeMinimums["final exam "]'],
    },
    {
      name: 'a type both required and optional',
      json: { type: 'course', courseId: COURSE, assignmentTypeMinimums: { Homework: 50 }, optionalAssignmentTypes: ['Survey', 'HOMEWORK'] },
      paths: ['optionalAssignmentTypes[1]'],
    },
    {
      name: 'bad optional types',
      json: { type: 'course', courseId: COURSE, optionalAssignmentTypes: ['Survey', '', 3, 'survey'] },
      paths: ['optionalAssignmentTypes[1]', 'optionalAssignmentTypes[2]', 'optionalAssignmentTypes[3]'],
    },
    {
      name: 'requirePassed false and nothing else',
      json: { type: 'course', courseId: COURSE, requirePassed: false, optionalAssignmentTypes: ['Survey'] },
      paths: ['requirePassed'],
    },
    { name: 'program without courses', json: { type: 'program' }, paths: ['courses'] },
    { name: 'program with an empty course list', json: { type: 'program', courses: [] }, paths: ['courses'] },
    { name: 'only optional courses', json: { type: 'program', courses: [{ courseId: 'a', optional: true }] }, paths: ['courses'] },
    {
      name: 'minCoursesCompleted above the required courses',
      json: { type: 'program', courses: [{ courseId: 'a' }, { courseId: 'b' }, { courseId: 'c', optional: true }], minCoursesCompleted: 3 },
      paths: ['minCoursesCompleted'],
    },
    { name: 'minCoursesCompleted zero', json: { type: 'program', courses: [{ courseId: 'a' }], minCoursesCompleted: 0 }, paths: ['minCoursesCompleted'] },
    {
      name: 'course-only rules on a program',
      json: { type: 'program', courses: [{ courseId: 'a' }], minGradePercent: 50 },
      paths: ['minGradePercent'],
    },
  ])('rejects $name', ({ json, paths }) => {
    expect(pathsOf(json)).toEqual(paths);
  });

  it('lists every failing path at once, nested ones and cross-course ones included', () => {
    const issues = issuesOf({
      type: 'program',
      courses: [
        { courseId: 'a', optional: true },
        { courseId: 'a', optional: true, rules: { minGradePercent: 101, requirePassed: false } },
        { courseId: '', rules: { assignmentTypeMinimums: { Lab: 10 }, optionalAssignmentTypes: ['lab'] }, optional: 'no' },
        { courseId: 'd', weight: 2 },
      ],
      courseRules: { minCompletionPercent: -1 },
      minCoursesCompleted: 2.5,
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      [
        'courses[1].courseId',
        'courses[1].rules.minGradePercent',
        'courses[2].courseId',
        'courses[2].optional',
        'courses[2].rules.optionalAssignmentTypes[0]',
        'courses[3].weight',
        'courseRules.minCompletionPercent',
        'minCoursesCompleted',
      ].sort(),
    );
    expect(issues.find((issue) => issue.path === 'courses[1].courseId')!.message).toBe('repeats courses[0].courseId');
    expect(issues.find((issue) => issue.path === 'minCoursesCompleted')!.message).toBe('must be a whole number');
  });

  it('words its messages for the person fixing the rules', () => {
    expect(issuesOf({ type: 'course' })).toEqual([{ path: 'courseId', message: 'is required' }]);
    expect(issuesOf({ type: 'quiz' })).toEqual([{ path: 'type', message: "must be 'course' or 'program'" }]);
    expect(issuesOf({ type: 'course', courseId: COURSE, minGradePercent: 101 })).toEqual([
      { path: 'minGradePercent', message: 'must be a percentage from 0 to 100' },
    ]);
    expect(issuesOf({ type: 'course', courseId: COURSE, bonus: 1 })).toEqual([{ path: 'bonus', message: 'is not a known property' }]);
    const error = thrownBy(() => parseAchievementRules({ type: 'course', courseId: COURSE, minGradePercent: 101 })) as Error;
    expect(error.message).toBe('Invalid achievement rules: minGradePercent: must be a percentage from 0 to 100');
  });

  it('returns its own result as it is, and keeps it valid by freezing it', () => {
    const parsed = parseAchievementRules({ type: 'program', courses: [{ courseId: 'a', rules: { minGradePercent: 50 } }] });
    expect(parseAchievementRules(parsed)).toBe(parsed);
    expect(Object.isFrozen(parsed)).toBe(true);
    if (parsed.type !== 'program') throw new Error('a program');
    expect(() => { (parsed.courses[0]!.rules as { minGradePercent: number }).minGradePercent = 500; }).toThrow(TypeError);
    // An equal object that did not come from here is checked again: a copy edited into bad rules is refused.
    const copy = structuredClone(parsed) as unknown as { courses: { rules: { minGradePercent: number } }[] };
    copy.courses[0]!.rules.minGradePercent = 500;
    expect(pathsOf(copy)).toEqual(['courses[0].rules.minGradePercent']);
  });
});
