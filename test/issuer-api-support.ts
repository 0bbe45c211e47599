// Helpers shared by the issuer-api-*.test.ts suites: raw requests that keep
// headers, problem assertions, and a snapshot of every table so a refused
// request can be shown to have written nothing.
import { expect } from 'vitest';
import type { Store } from '@laurel/store';
import type { TestIssuer } from './support/issuer.js';

export const COURSE = 'course-v1:Laurel+API101+2026';

/** Every table of the schema (keep in step with packages/store/src/schema.ts). */
export const TABLES = [
  'issuers',
  'issuerKeys',
  'achievements',
  'achievementCourses',
  'learners',
  'completionRecords',
  'credentials',
  'statusLists',
  'statusAllocations',
  'apiTokens',
  'auditLog',
  'achievementRuleVersions',
  'importRows',
  'emailDeliveries',
] as const;

export interface TableSnapshot {
  counts: Record<string, number>;
  rows: Record<string, string[]>;
}

/** Row counts and the full rows (sorted) of every table. */
export async function snapshot(store: Store): Promise<TableSnapshot> {
  const counts: Record<string, number> = {};
  const rows: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { n } = await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(n);
    rows[table] = (await store.db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
  }
  return { counts, rows };
}

/** Runs `request` and asserts that no table changed, counts first (the readable diff), then every row. */
export async function expectNothingWritten<T>(store: Store, request: () => Promise<T>): Promise<T> {
  const before = await snapshot(store);
  const result = await request();
  const after = await snapshot(store);
  expect(after.counts).toEqual(before.counts);
  expect(after.rows).toEqual(before.rows);
  return result;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  body: any;
}

export interface SendOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (with content-type application/json unless `headers` says otherwise). */
  raw?: string;
  /** Bearer token; null sends no Authorization header. Defaults to the test admin token. */
  token?: string | null;
  headers?: Record<string, string>;
}

export async function send(issuer: TestIssuer, method: string, path: string, options: SendOptions = {}): Promise<ApiResponse> {
  const token = options.token === undefined ? issuer.adminToken : options.token;
  const body = options.raw ?? (options.json !== undefined ? JSON.stringify(options.json) : undefined);
  const headers: Record<string, string> = {
    ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  const response = await issuer.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text, body: parsed as any };
}

/** An RFC 9457 problem with this status; `field` must be one of errors[].path (string) or match the detail (RegExp). */
export function expectProblem(response: ApiResponse, status: number, field?: string | RegExp, code?: string): void {
  const context = `${response.status} ${response.text.slice(0, 500)}`;
  expect(response.status, context).toBe(status);
  expect(response.contentType, context).toMatch(/^application\/problem\+json/);
  expect(response.body, context).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String) });
  if (code !== undefined) expect(response.body.code, context).toBe(code);
  if (typeof field === 'string') {
    const paths = ((response.body.errors ?? []) as { path: string }[]).map((error) => error.path);
    expect(paths, context).toContain(field);
  } else if (field) {
    expect(response.body.detail, context).toMatch(field);
  }
}

export function completion(lmsUserId: string, sourceEventId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { learner: { lmsUserId, name: `Learner ${lmsUserId}` }, courseId: COURSE, completionPercent: 100, gradePercent: 90, passed: true, sourceEventId, ...extra };
}

export interface Tenant {
  issuerId: string;
  did: string;
  slug: string;
  achievementId: string;
  learnerId: string;
  credentialId: string;
}

/** An issuer with an achievement on COURSE and one learner who earned it (through the API, as the admin). */
export async function createTenant(issuer: TestIssuer, slug: string, didMethod: 'key' | 'web' = 'key'): Promise<Tenant> {
  const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug, name: `Issuer ${slug}`, didMethod } });
  expect(created.status, created.text).toBe(201);
  const issuerId = created.body.id as string;
  const achievement = await send(issuer, 'POST', `/v1/issuers/${issuerId}/achievements`, { json: { externalId: COURSE, name: 'API 101', rules: { minGradePercent: 70 } } });
  expect(achievement.status, achievement.text).toBe(201);
  const earned = await send(issuer, 'POST', '/v1/completions', { json: { issuerId, ...completion(`${slug}-learner`, `${slug}-evt-1`) } });
  expect(earned.status, earned.text).toBe(200);
  expect(earned.body.issued).toHaveLength(1);
  return {
    issuerId,
    did: created.body.did as string,
    slug,
    achievementId: achievement.body.id as string,
    learnerId: earned.body.progress[0].learnerId as string,
    credentialId: earned.body.issued[0].credentialId as string,
  };
}
