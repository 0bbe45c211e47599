import { describe, expect, it } from 'vitest';
import { describeRules } from './describe-rules.js';
import { InvalidRulesError } from './errors.js';
import { courseRules, thrownBy } from './testing/fixtures.js';

describe('describeRules', () => {
  it.each([
    { rules: courseRules(), lines: ['Pass the course'] },
    { rules: courseRules({ minCompletionPercent: 100 }), lines: ['Complete at least 100% of the course'] },
    { rules: courseRules({ minGradePercent: 75.5 }), lines: ['Earn an overall grade of at least 75.5%'] },
    {
      rules: courseRules({ minGradePercent: 75, assignmentTypeMinimums: { 'Final Exam': 80 } }),
      lines: ['Earn an overall grade of at least 75%', 'Score at least 80% in Final Exam'],
    },
    {
      rules: courseRules({ minCompletionPercent: 90, requirePassed: true, assignmentTypeMinimums: { Homework: 50 }, optionalAssignmentTypes: ['Survey'] }),
      lines: ['Complete at least 90% of the course', 'Pass the course', 'Score at least 50% in Homework', 'Survey is optional and does not count'],
    },
    {
      rules: courseRules({ optionalAssignmentTypes: ['Survey', 'Practice'] }),
      lines: ['Pass the course', 'Survey, Practice are optional and do not count'],
    },
  ])('course: $lines', ({ rules, lines }) => {
    expect(describeRules(rules)).toEqual(lines);
  });

  it('describes a learning path course by course, with optional ones last', () => {
    expect(
      describeRules({
        type: 'program',
        courses: [
          { courseId: 'course-v1:Org+EXTRA+2026', optional: true },
          { courseId: 'course-v1:Org+CS101+2026' },
          { courseId: 'course-v1:Org+CS102+2026', rules: { minCompletionPercent: 100, minGradePercent: 70, assignmentTypeMinimums: { Lab: 60 } } },
        ],
        courseRules: { minGradePercent: 80 },
      }),
    ).toEqual([
      'Complete all 2 required courses',
      'course-v1:Org+CS101+2026: earn an overall grade of at least 80%',
      'course-v1:Org+CS102+2026: complete at least 100% of the course, earn an overall grade of at least 70% and score at least 60% in Lab',
      'Optional, does not count: course-v1:Org+EXTRA+2026: earn an overall grade of at least 80%',
    ]);
  });

  it('says "n of m" when minCoursesCompleted is set, and "the required course" for one', () => {
    const courses = [{ courseId: 'a' }, { courseId: 'b', rules: { optionalAssignmentTypes: ['Survey'] } }, { courseId: 'c' }];
    expect(describeRules({ type: 'program', courses, minCoursesCompleted: 2 })).toEqual([
      'Complete at least 2 of these 3 courses',
      'a: pass the course',
      'b: pass the course (Survey is optional and does not count)',
      'c: pass the course',
    ]);
    expect(describeRules({ type: 'program', courses: [{ courseId: 'a' }] })).toEqual(['Complete the required course', 'a: pass the course']);
  });

  it('refuses invalid rules', () => {
    const error = thrownBy(() => describeRules(courseRules({ minGradePercent: 120 })));
    expect(error).toBeInstanceOf(InvalidRulesError);
  });
});
