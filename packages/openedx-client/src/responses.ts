import { z } from 'zod';

/**
 * The parts of Open edX answers we read (edx-platform, Sumac/Teak releases;
 * openedx-completion-aggregator 4.x). Unknown fields are allowed: the LMS adds
 * fields between releases.
 */
const fraction = z.number().min(0).max(1);

/** GET /api/grades/v1/courses/{course_id}/?username= — a list of one (older releases), or a page of results. */
const courseGrade = z.looseObject({ username: z.string(), course_id: z.string().optional(), passed: z.boolean(), percent: fraction, letter_grade: z.string().nullable().optional() });
export const courseGradesResponse = z.union([z.array(courseGrade), z.looseObject({ results: z.array(courseGrade) }).transform((page) => page.results)]);
export type CourseGrade = z.infer<typeof courseGrade>;

/** GET /api/grades/v1/gradebook/{course_id}/?username= — one learner's entry; section_breakdown has one row per graded subsection. */
export const gradebookEntryResponse = z.looseObject({
  username: z.string(),
  percent: fraction.optional(),
  section_breakdown: z.array(
    z.looseObject({
      category: z.string(),
      label: z.string().optional(),
      subsection_name: z.string().optional(),
      percent: fraction,
      attempted: z.boolean().optional(),
    }),
  ),
});
export type GradebookEntry = z.infer<typeof gradebookEntryResponse>;

/** GET /api/grades/v1/policy/courses/{course_id}/ — the course's assignment types. */
export const gradingPolicyResponse = z.array(
  z.looseObject({ assignment_type: z.string(), count: z.number().int().nonnegative().nullable(), dropped: z.number().int().nonnegative().nullable(), weight: z.number().nullable() }),
);
export type GradingPolicy = z.infer<typeof gradingPolicyResponse>;

/** GET /completion-aggregator/v1/course/{course_id}/?username= — a page of per-course completions. */
export const aggregatorResponse = z.looseObject({
  results: z.array(z.looseObject({ course_key: z.string(), completion: z.looseObject({ earned: z.number(), possible: z.number().nullable(), percent: fraction }) })),
});

/** GET /api/course_home/progress/{course_id}/{username} — the learner's Progress page (completion counted in units). */
export const progressResponse = z.looseObject({
  completion_summary: z.looseObject({ complete_count: z.number().int().nonnegative(), incomplete_count: z.number().int().nonnegative(), locked_count: z.number().int().nonnegative().optional() }),
  enrollment_mode: z.string().nullable().optional(),
});

/** GET /api/enrollment/v1/enrollment/{username},{course_id} — the learner's enrollment (mode: audit, verified, …). */
export const enrollmentResponse = z.looseObject({ mode: z.string(), is_active: z.boolean().optional() });

/** GET /api/courses/v1/courses/ — one page of the course catalog (edx-platform course_api v1). */
export const coursesPageResponse = z.looseObject({
  results: z.array(z.looseObject({ id: z.string().min(1), name: z.string() })),
  pagination: z.looseObject({ next: z.string().nullable(), count: z.number().int().nonnegative(), num_pages: z.number().int().nonnegative() }),
});
