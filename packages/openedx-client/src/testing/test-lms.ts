import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A small Open edX stand-in for tests, speaking the documented REST endpoints
 * Laurel reads: OAuth 2.0 client credentials (JWT tokens that expire), the
 * grades, gradebook and grading-policy APIs, the completion aggregator and the
 * Progress page API. Faults (401, 429, 5xx) can be queued per endpoint.
 */
export interface TestLearnerGrades {
  percent: number;
  passed: boolean;
  /** One row per graded subsection: its assignment type and score fraction. */
  sections: { category: string; label: string; percent: number }[];
  /** Completed and total units (the Progress page's counts); the aggregator reports complete/total. */
  completion: { complete: number; total: number };
  /** The enrollment mode (Enrollment API, Progress page); default verified. */
  mode?: string;
}

/** A course in the Courses API list. */
export interface TestCourse {
  id: string;
  name: string;
}

export interface TestPolicyRow {
  assignment_type: string;
  count: number;
  dropped: number;
  weight: number;
}

export interface QueuedFault {
  status: number;
  headers?: Record<string, string>;
}

export interface TestLms {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request: method, path (with query) and the status answered. */
  readonly log: { method: string; path: string; status: number }[];
  /** Tokens issued so far. */
  tokensIssued(): number;
  setLearner(courseId: string, username: string, grades: TestLearnerGrades): void;
  setPolicy(courseId: string, rows: TestPolicyRow[]): void;
  /** What GET /api/courses/v1/courses/ lists (paginated by page and page_size, as Open edX does). */
  setCourses(courses: TestCourse[]): void;
  /** The next requests whose path starts with `prefix` get these answers, in order. */
  queueFaults(prefix: string, faults: QueuedFault[]): void;
  /** Every token issued so far stops working (the LMS answers 401), as when they expire. */
  expireTokens(): void;
  close(): Promise<void>;
}

const send = (response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
};

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return new URLSearchParams(text);
}

export async function startTestLms(options: { tokenLifetimeSeconds?: number } = {}): Promise<TestLms> {
  const clientId = 'laurel-client';
  const clientSecret = randomUUID();
  const valid = new Set<string>();
  let issued = 0;
  const learners = new Map<string, TestLearnerGrades>();
  const policies = new Map<string, TestPolicyRow[]>();
  let courses: TestCourse[] = [];
  const faults: { prefix: string; fault: QueuedFault }[] = [];
  const log: TestLms['log'] = [];
  const key = (courseId: string, username: string) => `${courseId}\u0000${username}`;

  async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<number> {
    const url = new URL(request.url ?? '/', 'http://lms.test');
    const path = url.pathname;
    const faultIndex = faults.findIndex((entry) => path.startsWith(entry.prefix));
    if (faultIndex >= 0) {
      const { fault } = faults.splice(faultIndex, 1)[0]!;
      send(response, fault.status, { detail: 'fault injected by the test' }, fault.headers);
      return fault.status;
    }
    if (path === '/oauth2/access_token' && request.method === 'POST') {
      if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return (send(response, 400, { error: 'invalid_request' }), 400);
      const form = await readForm(request);
      if (form.get('grant_type') !== 'client_credentials') return (send(response, 400, { error: 'unsupported_grant_type' }), 400);
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return (send(response, 401, { error: 'invalid_client' }), 401);
      const token = `jwt.${randomUUID()}`;
      valid.add(token);
      issued++;
      send(response, 200, { access_token: token, token_type: form.get('token_type') === 'jwt' ? 'JWT' : 'Bearer', expires_in: options.tokenLifetimeSeconds ?? 36_000, scope: 'read write email profile' });
      return 200;
    }
    const authorization = request.headers.authorization ?? '';
    const [scheme, token] = authorization.split(' ');
    if (scheme !== 'JWT' || !token || !valid.has(token)) return (send(response, 401, { detail: 'Authentication credentials were not provided.' }), 401);
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const username = url.searchParams.get('username') ?? '';
    const notFound = () => (send(response, 404, { detail: 'Not found.' }), 404);
    // /api/grades/v1/courses/{course_id}/
    if (segments[0] === 'api' && segments[1] === 'grades' && segments[3] === 'courses' && segments.length === 5) {
      const learner = learners.get(key(segments[4]!, username));
      if (!learner) return notFound();
      send(response, 200, [{ username, email: `${username}@example.org`, course_id: segments[4], passed: learner.passed, percent: learner.percent, letter_grade: learner.passed ? 'Pass' : null }]);
      return 200;
    }
    if (segments[0] === 'api' && segments[1] === 'grades' && segments[3] === 'gradebook' && segments.length === 5) {
      const learner = learners.get(key(segments[4]!, username));
      if (!learner) return notFound();
      const section_breakdown = learner.sections.map((section, index) => ({
        attempted: true,
        category: section.category,
        label: section.label,
        module_id: `block-v1:${segments[4]!.slice('course-v1:'.length)}+type@sequential+block@s${index}`,
        percent: section.percent,
        score_earned: section.percent * 10,
        score_possible: 10,
        subsection_name: `${section.category} ${index + 1}`,
      }));
      send(response, 200, { user_id: 7, username, email: `${username}@example.org`, percent: learner.percent, section_breakdown });
      return 200;
    }
    if (segments[0] === 'api' && segments[1] === 'grades' && segments[3] === 'policy' && segments[4] === 'courses' && segments.length === 6) {
      const rows = policies.get(segments[5]!);
      if (!rows) return notFound();
      send(response, 200, rows);
      return 200;
    }
    if (segments[0] === 'completion-aggregator' && segments[2] === 'course' && segments.length === 4) {
      const learner = learners.get(key(segments[3]!, username));
      const results = learner ? [{ username, course_key: segments[3], completion: { earned: learner.completion.complete, possible: learner.completion.total, percent: learner.completion.complete / learner.completion.total } }] : [];
      send(response, 200, { count: results.length, num_pages: 1, next: null, previous: null, results });
      return 200;
    }
    if (segments[0] === 'api' && segments[1] === 'course_home' && segments[2] === 'progress' && segments.length === 5) {
      const learner = learners.get(key(segments[3]!, segments[4]!));
      if (!learner) return notFound();
      const { complete, total } = learner.completion;
      send(response, 200, { completion_summary: { complete_count: complete, incomplete_count: total - complete, locked_count: 0 }, course_grade: { percent: learner.percent, is_passing: learner.passed }, enrollment_mode: learner.mode ?? 'verified' });
      return 200;
    }
    // /api/enrollment/v1/enrollment/{username},{course_id}
    if (segments[0] === 'api' && segments[1] === 'enrollment' && segments[3] === 'enrollment' && segments.length === 5) {
      const comma = segments[4]!.indexOf(',');
      const learner = comma > 0 ? learners.get(key(segments[4]!.slice(comma + 1), segments[4]!.slice(0, comma))) : undefined;
      if (!learner) return notFound();
      send(response, 200, { created: '2026-01-05T10:00:00Z', mode: learner.mode ?? 'verified', is_active: true, course_details: { course_id: segments[4]!.slice(comma + 1) }, user: segments[4]!.slice(0, comma) });
      return 200;
    }
    // /api/courses/v1/courses/?page=&page_size= (edx-platform's course_api: results + pagination)
    if (segments[0] === 'api' && segments[1] === 'courses' && segments[3] === 'courses' && segments.length === 4) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const size = Math.min(100, Number(url.searchParams.get('page_size') ?? '10'));
      const pages = Math.max(1, Math.ceil(courses.length / size));
      if (!Number.isInteger(page) || page < 1 || page > pages) return (send(response, 404, { detail: 'Invalid page.' }), 404);
      const pageUrl = (n: number) => `http://${request.headers.host}${path}?page=${n}&page_size=${size}`;
      const results = courses.slice((page - 1) * size, page * size).map((course) => {
        const [org, number] = course.id.slice('course-v1:'.length).split('+');
        return { id: course.id, course_id: course.id, name: course.name, org, number, short_description: '', start: '2026-01-01T00:00:00Z', end: null, pacing: 'instructor', hidden: false, blocks_url: pageUrl(page) };
      });
      send(response, 200, { results, pagination: { next: page < pages ? pageUrl(page + 1) : null, previous: page > 1 ? pageUrl(page - 1) : null, count: courses.length, num_pages: pages } });
      return 200;
    }
    return notFound();
  }

  const server = http.createServer((request, response) => {
    answer(request, response).then(
      (status) => log.push({ method: request.method ?? '', path: request.url ?? '', status }),
      () => send(response, 500, { detail: 'test server error' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    log,
    tokensIssued: () => issued,
    setLearner: (courseId, username, grades) => void learners.set(key(courseId, username), grades),
    setPolicy: (courseId, rows) => void policies.set(courseId, rows),
    setCourses: (list) => void (courses = [...list]),
    queueFaults: (prefix, queued) => void faults.push(...queued.map((fault) => ({ prefix, fault }))),
    expireTokens: () => valid.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
