import { describe, expect, it } from 'vitest';
import { criteriaNarrative, describeRules } from './describe-rules.js';
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
      lines: ['Pass the course', 'Survey and Practice are optional and do not count'],
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
      'In course-v1:Org+CS101+2026, earn an overall grade of at least 80%',
      'In course-v1:Org+CS102+2026, complete at least 100% of the course, earn an overall grade of at least 70% and score at least 60% in Lab',
      'Optionally, in course-v1:Org+EXTRA+2026, earn an overall grade of at least 80% (this course does not count)',
    ]);
  });

  it('says "n of m" when minCoursesCompleted is set, and "the required course" for one', () => {
    const courses = [{ courseId: 'a' }, { courseId: 'b', rules: { optionalAssignmentTypes: ['Survey'] } }, { courseId: 'c' }];
    expect(describeRules({ type: 'program', courses, minCoursesCompleted: 2 })).toEqual([
      'Complete at least 2 of these 3 courses',
      'In a, pass the course',
      'In b, pass the course (Survey is optional and does not count)',
      'In c, pass the course',
    ]);
    expect(describeRules({ type: 'program', courses: [{ courseId: 'a' }] })).toEqual(['Complete the required course', 'In a, pass the course']);
  });

  it('names courses by their names and writes the narrative as sentences, in English or Spanish', () => {
    const rules = { type: 'program' as const, courses: [{ courseId: 'course-v1:Org+CS101+2026', rules: { minCompletionPercent: 90, assignmentTypeMinimums: { 'Final Exam': 80 }, optionalAssignmentTypes: ['Lab'] } }, { courseId: 'x' }] };
    const courseName = (id: string) => ({ 'course-v1:Org+CS101+2026': 'Computer Science 101' })[id];
    expect(criteriaNarrative(rules, { courseName })).toBe(
      'Complete all 2 required courses. In Computer Science 101, complete at least 90% of the course and score at least 80% in Final Exam (Lab is optional and does not count). In x, pass the course.',
    );
    expect(criteriaNarrative(courseRules({ minCompletionPercent: 90, minGradePercent: 80 }), { language: 'es-MX' })).toBe(
      'Completar al menos el 90% del curso. Obtener una calificación global de al menos 80%.',
    );
  });

  it('refuses invalid rules', () => {
    const error = thrownBy(() => describeRules(courseRules({ minGradePercent: 120 })));
    expect(error).toBeInstanceOf(InvalidRulesError);
  });
});
