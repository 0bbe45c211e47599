import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { assignmentTypeGrades } from './assignment-grades.js';
import { createOpenEdxClient, type CompletionSource } from './client.js';
import { LmsRequestError } from './errors.js';
import { retryAfterMs } from './retry-after.js';
import { startTestLms, type TestLms } from './testing/test-lms.js';

const COURSE = 'course-v1:Laurel+CS101+2026';
const POLICY = [
  { assignment_type: 'Homework', count: 3, dropped: 1, weight: 0.5 },
  { assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 0.5 },
];

let lms: TestLms;
let fetcher: GuardedFetcher;
let waits: number[];

beforeEach(async () => {
  lms = await startTestLms();
  lms.setPolicy(COURSE, POLICY);
  lms.setLearner(COURSE, 'ada', {
    percent: 0.85,
    passed: true,
    sections: [
      { category: 'Homework', label: 'HW 01', percent: 0.9 },
      { category: 'Homework', label: 'HW 02', percent: 0.8 },
      { category: 'Homework', label: 'HW 03', percent: 0.4 },
      { category: 'Final Exam', label: 'Final', percent: 0.84 },
    ],
    completion: { complete: 23, total: 25 },
  });
  fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true });
  waits = [];
});

afterEach(async () => {
  await fetcher.close();
  await lms.close();
});

function clientFor(completionSource: CompletionSource = 'completion-aggregator', clientSecret = lms.clientSecret) {
  return createOpenEdxClient({
    baseUrl: lms.url,
    clientId: lms.clientId,
    clientSecret,
    completionSource,
    fetcher,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 },
    // Waits are recorded, not slept: the test checks what the client asked for.
    sleep: async (ms) => void waits.push(ms),
  });
}

describe('Open edX client', () => {
  it.each<CompletionSource>(['completion-aggregator', 'progress'])('reads grade, per-assignment-type grades and completion (%s)', async (source) => {
    const progress = await clientFor(source).learnerProgress(COURSE, 'ada');
    expect(progress).toEqual({
      courseId: COURSE,
      username: 'ada',
      gradePercent: 85,
      passed: true,
      completionPercent: 92,
      // Homework: best 2 of 3 (one dropped) = (90 + 80) / 2.
      assignmentGrades: { Homework: 85, 'Final Exam': 84 },
      enrollmentMode: 'verified',
    });
    const paths = lms.log.map((entry) => entry.path.split('?')[0]);
    expect(paths).toContain(source === 'progress' ? `/api/course_home/progress/${encodeURIComponent(COURSE)}/ada` : `/completion-aggregator/v1/course/${encodeURIComponent(COURSE)}/`);
  });

  it('asks for one client-credentials token and reuses it until it expires (RFC 6749 §4.4)', async () => {
    const client = clientFor();
    await client.learnerProgress(COURSE, 'ada');
    await client.learnerProgress(COURSE, 'ada');
    expect(lms.tokensIssued()).toBe(1);
  });

  it('fetches a new token when the LMS answers 401 for an expired one', async () => {
    const client = clientFor();
    await client.learnerProgress(COURSE, 'ada');
    lms.expireTokens();
    const progress = await client.learnerProgress(COURSE, 'ada');
    expect(progress.gradePercent).toBe(85);
    expect(lms.tokensIssued()).toBe(2);
    expect(lms.log.filter((entry) => entry.status === 401)).toHaveLength(1);
  });

  it('refuses wrong client credentials as an auth failure, without retrying', async () => {
    const error = await clientFor('completion-aggregator', 'wrong').learnerProgress(COURSE, 'ada').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LmsRequestError);
    expect((error as LmsRequestError).failure).toBe('auth');
    expect(lms.log.filter((entry) => entry.path === '/oauth2/access_token')).toHaveLength(1);
  });

  it('retries 429 honouring Retry-After and 5xx with exponential backoff (RFC 9110 §10.2.3)', async () => {
    lms.queueFaults('/api/grades/v1/courses/', [{ status: 429, headers: { 'retry-after': '2' } }, { status: 503 }, { status: 502 }]);
    const progress = await clientFor().learnerProgress(COURSE, 'ada');
    expect(progress.gradePercent).toBe(85);
    expect(waits).toEqual([2_000, 200, 400]);
  });

  it('gives up after maxAttempts with a transient failure', async () => {
    lms.queueFaults('/api/grades/v1/gradebook/', [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    const error = await clientFor().learnerProgress(COURSE, 'ada').catch((caught: unknown) => caught);
    expect((error as LmsRequestError).failure).toBe('transient');
    expect((error as LmsRequestError).status).toBe(500);
  });

  it('says not-found for a learner the LMS does not know', async () => {
    const error = await clientFor().learnerProgress(COURSE, 'nobody').catch((caught: unknown) => caught);
    expect((error as LmsRequestError).failure).toBe('not-found');
  });

  it('refuses an answer that is not in the documented shape', async () => {
    lms.setPolicy(COURSE, [{ assignment_type: 'Homework', count: -1, dropped: 0, weight: 1 }]);
    const error = await clientFor().learnerProgress(COURSE, 'ada').catch((caught: unknown) => caught);
    expect((error as LmsRequestError).failure).toBe('rejected');
  });
});

describe('assignmentTypeGrades', () => {
  it('counts assignments not yet graded as 0 up to the policy count, after dropping', () => {
    const grades = assignmentTypeGrades(
      { username: 'a', section_breakdown: [{ category: 'Homework', percent: 1 }] },
      [{ assignment_type: 'Homework', count: 4, dropped: 1, weight: 1 }],
    );
    // (100 + 0 + 0) / 3
    expect(grades).toEqual({ Homework: 33.33 });
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('the guarded fetcher decides where the client may go', () => {
  it('a loopback LMS under the default policy is refused as a configuration problem, not retried', async () => {
    const lms = await startTestLms();
    const strict = createGuardedFetcher({ allowHttp: true });
    try {
      const client = createOpenEdxClient({ baseUrl: lms.url, clientId: lms.clientId, clientSecret: lms.clientSecret, completionSource: 'progress', fetcher: strict, sleep: async () => {} });
      const error = await client.learnerProgress(COURSE, 'ada').catch((caught: unknown) => caught);
      expect((error as LmsRequestError).failure).toBe('refused');
      expect(lms.log).toEqual([]);
    } finally {
      await strict.close();
      await lms.close();
    }
  });
});
