import type { GuardedFetcher } from '@laurel/guarded-fetch';
import type { z } from 'zod';
import { assignmentTypeGrades } from './assignment-grades.js';
import { LmsRequestError } from './errors.js';
import { LmsHttp } from './lms-http.js';
import { aggregatorResponse, courseGradesResponse, coursesPageResponse, enrollmentResponse, gradebookEntryResponse, gradingPolicyResponse, progressResponse, type GradingPolicy } from './responses.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';

/** Where completion % comes from: openedx-completion-aggregator, or the Progress page API every LMS has. */
export type CompletionSource = 'completion-aggregator' | 'progress';
export const COMPLETION_SOURCES = ['completion-aggregator', 'progress'] as const;

export interface OpenEdxClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  completionSource: CompletionSource;
  /** The only way out: @laurel/guarded-fetch. */
  fetcher: GuardedFetcher;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests; default Date.now and setTimeout. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the LMS says about one learner in one course, as percentages 0–100. */
export interface LearnerCourseProgress {
  courseId: string;
  username: string;
  gradePercent: number;
  passed: boolean;
  /** Undefined when the LMS has no completion data for the learner yet. */
  completionPercent?: number;
  /** Grade % per assignment type (Homework, Final Exam, …). */
  assignmentGrades: Record<string, number>;
  /** The learner's enrollment mode (audit, verified, …); undefined when the LMS does not say. */
  enrollmentMode?: string;
}

/** One page of the LMS's course list. */
export interface CoursePage {
  courses: { key: string; name: string }[];
  /** 1-based. */
  page: number;
  pages: number;
  /** Courses in the whole list. */
  count: number;
}

export interface OpenEdxClient {
  readonly baseUrl: string;
  /** The LMS's course list (Courses API v1), a page at a time, in the LMS's order. */
  courses(pageSize?: number): AsyncGenerator<CoursePage>;
  learnerProgress(courseId: string, username: string): Promise<LearnerCourseProgress>;
  gradingPolicy(courseId: string): Promise<GradingPolicy>;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parsed<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new LmsRequestError('rejected', `the LMS answer to ${what} is not in the documented shape: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

/** Open edX course keys and usernames in a URL path or query. */
const part = encodeURIComponent;

export function createOpenEdxClient(options: OpenEdxClientOptions): OpenEdxClient {
  const http = new LmsHttp({
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    fetcher: options.fetcher,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    now: options.now ?? Date.now,
    sleep: options.sleep ?? sleepFor,
  });

  async function gradingPolicy(courseId: string): Promise<GradingPolicy> {
    const what = `the grading policy of ${courseId}`;
    return parsed(gradingPolicyResponse, await http.getJson(`/api/grades/v1/policy/courses/${part(courseId)}/`, what), what);
  }

  async function courseGrade(courseId: string, username: string) {
    const what = `the course grade of ${username} in ${courseId}`;
    const grades = parsed(courseGradesResponse, await http.getJson(`/api/grades/v1/courses/${part(courseId)}/?username=${part(username)}`, what), what);
    const grade = grades.find((entry) => entry.username === username);
    if (!grade) throw new LmsRequestError('not-found', `the LMS has no grade for ${username} in ${courseId}`);
    return grade;
  }

  async function gradebook(courseId: string, username: string) {
    const what = `the gradebook entry of ${username} in ${courseId}`;
    return parsed(gradebookEntryResponse, await http.getJson(`/api/grades/v1/gradebook/${part(courseId)}/?username=${part(username)}`, what), what);
  }

  /** The Enrollment API's mode; undefined when the learner has no enrollment record (404). */
  async function enrollmentMode(courseId: string, username: string): Promise<string | undefined> {
    const what = `the enrollment of ${username} in ${courseId}`;
    try {
      // The documented path joins the two with a comma: /api/enrollment/v1/enrollment/{username},{course_id}
      return parsed(enrollmentResponse, await http.getJson(`/api/enrollment/v1/enrollment/${part(username)},${part(courseId)}`, what), what).mode;
    } catch (error) {
      if (error instanceof LmsRequestError && error.failure === 'not-found') return undefined;
      throw error;
    }
  }

  /** Completion %, and the enrollment mode when the source tells it (the Progress page does; the aggregator does not). */
  async function completion(courseId: string, username: string): Promise<{ percent?: number; mode?: string }> {
    if (options.completionSource === 'completion-aggregator') {
      const what = `the completion of ${username} in ${courseId}`;
      const page = parsed(aggregatorResponse, await http.getJson(`/completion-aggregator/v1/course/${part(courseId)}/?username=${part(username)}`, what), what);
      const entry = page.results.find((result) => result.course_key === courseId);
      return entry ? { percent: round2(entry.completion.percent * 100) } : {};
    }
    const what = `the progress page of ${username} in ${courseId}`;
    const progress = parsed(progressResponse, await http.getJson(`/api/course_home/progress/${part(courseId)}/${part(username)}`, what), what);
    const { complete_count: complete, incomplete_count: incomplete, locked_count: locked = 0 } = progress.completion_summary;
    const total = complete + incomplete + locked;
    return { ...(total === 0 ? {} : { percent: round2((complete / total) * 100) }), ...(progress.enrollment_mode ? { mode: progress.enrollment_mode } : {}) };
  }

  async function* courses(pageSize = 100): AsyncGenerator<CoursePage> {
    // Page numbers, not the `next` URL the LMS returns: the URL could name another host, and only LMS_BASE_URL is ours to call.
    for (let page = 1; ; page++) {
      const what = `page ${page} of the course list`;
      const body = parsed(coursesPageResponse, await http.getJson(`/api/courses/v1/courses/?page=${page}&page_size=${pageSize}`, what), what);
      yield { courses: body.results.map((course) => ({ key: course.id, name: course.name })), page, pages: body.pagination.num_pages, count: body.pagination.count };
      if (body.pagination.next === null || page >= body.pagination.num_pages) return;
    }
  }

  return {
    baseUrl: http.baseUrl,
    courses,
    gradingPolicy,
    async learnerProgress(courseId, username) {
      // One after another: the LMS rate-limits per client, and a failure stops the rest.
      const grade = await courseGrade(courseId, username);
      const entry = await gradebook(courseId, username);
      const policy = await gradingPolicy(courseId);
      const done = await completion(courseId, username);
      // The Progress page names the mode; with the aggregator, the Enrollment API is asked (one more call).
      const mode = done.mode ?? (await enrollmentMode(courseId, username));
      return {
        courseId,
        username,
        gradePercent: round2(grade.percent * 100),
        passed: grade.passed,
        ...(done.percent !== undefined ? { completionPercent: done.percent } : {}),
        assignmentGrades: assignmentTypeGrades(entry, policy),
        ...(mode ? { enrollmentMode: mode } : {}),
      };
    },
  };
}
