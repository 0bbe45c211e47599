import { InvalidInputError, LaurelError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { parseCompletionRecords } from './completion-record.js';
import { COURSE, thrownBy } from './testing/fixtures.js';

function pathsOf(json: unknown): string[] {
  const error = thrownBy(() => parseCompletionRecords(json));
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error).toBeInstanceOf(LaurelError);
  expect((error as InvalidInputError).code).toBe('INVALID_INPUT');
  return (error as InvalidInputError).issues.map((issue) => issue.path);
}

describe('parseCompletionRecords', () => {
  it('accepts complete and minimal records', () => {
    const records = [
      {
        courseId: COURSE,
        completionPercent: 100,
        gradePercent: 0,
        passed: false,
        assignmentGrades: { 'Final Exam': 72.5, Homework: 100 },
        completedAt: '2026-05-01T12:30:00.123456+02:00',
      },
      { courseId: 'course-v1:Org+Other+2026' },
    ];
    expect(parseCompletionRecords(records)).toEqual(records);
    expect(parseCompletionRecords([])).toEqual([]);
  });

  it.each([
    { name: 'not a list', json: { courseId: COURSE }, paths: [''] },
    { name: 'a record that is not an object', json: ['x'], paths: ['[0]'] },
    { name: 'no courseId', json: [{ gradePercent: 50 }], paths: ['[0].courseId'] },
    { name: 'grade above 100', json: [{ courseId: COURSE, gradePercent: 100.5 }], paths: ['[0].gradePercent'] },
    { name: 'negative completion', json: [{ courseId: COURSE, completionPercent: -1 }], paths: ['[0].completionPercent'] },
    { name: 'NaN', json: [{ courseId: COURSE, gradePercent: Number.NaN }], paths: ['[0].gradePercent'] },
    { name: 'Infinity', json: [{ courseId: COURSE, completionPercent: Number.POSITIVE_INFINITY }], paths: ['[0].completionPercent'] },
    { name: 'passed as text', json: [{ courseId: COURSE, passed: 'true' }], paths: ['[0].passed'] },
    {
      name: 'assignment grades out of range',
      json: [{ courseId: COURSE, assignmentGrades: { Homework: 101, 'Final Exam': -3, Lab: 50 } }],
      paths: ['[0].assignmentGrades.Homework', '[0].assignmentGrades["Final Exam"]'],
    },
    {
      name: 'one assignment type graded twice',
      json: [{ courseId: COURSE, assignmentGrades: { Homework: 50, HOMEWORK: 60 } }],
      paths: ['[0].assignmentGrades.HOMEWORK'],
    },
    { name: 'a date without time', json: [{ courseId: COURSE, completedAt: '2026-05-01' }], paths: ['[0].completedAt'] },
    { name: 'a time without zone', json: [{ courseId: COURSE, completedAt: '2026-05-01T10:00:00' }], paths: ['[0].completedAt'] },
    { name: 'an unknown property', json: [{ courseId: COURSE, grade: 0.8 }], paths: ['[0].grade'] },
  ])('rejects $name', ({ json, paths }) => {
    expect(pathsOf(json)).toEqual(paths);
  });

  it('lists every failing path across records', () => {
    expect(
      pathsOf([
        { courseId: COURSE, gradePercent: 120 },
        { courseId: 'ok', passed: true },
        { courseId: '', completionPercent: 'half', assignmentGrades: { Lab: 200 } },
      ]),
    ).toEqual(['[0].gradePercent', '[2].courseId', '[2].completionPercent', '[2].assignmentGrades.Lab']);
  });

  it('takes fraction-looking grades at their word: 0.8 is 0.8%', () => {
    expect(parseCompletionRecords([{ courseId: COURSE, gradePercent: 0.8 }])[0]!.gradePercent).toBe(0.8);
  });
});
