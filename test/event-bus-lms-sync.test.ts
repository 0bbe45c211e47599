// Open edX all the way: events on the real Redis bring the consumer to a local
// LMS test server (packages/openedx-client/src/testing/test-lms.ts) speaking the
// documented REST APIs; what it reports becomes completion records, and each
// achievement's later-records policy decides what a changed grade does.
// Fails under CI=true when Redis is not reachable, skips otherwise.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '@laurel/cli';
import {
  BADGES_TOPIC,
  CERTIFICATE_CHANGED,
  CERTIFICATE_CREATED,
  CERTIFICATE_TOPIC,
  COURSE_PASSING_STATUS_UPDATED,
  attemptsKey,
  certificateEventData,
  createSchemaRegistry,
  deadLetterStream,
  passingStatusEventData,
  publishOpenEdxEvent,
  reconcileCourse,
  startEventBusConsumer,
  streamName,
  type EventBusConsumer,
  type SettledMessage,
} from '@laurel/event-bus';
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { createOpenEdxClient, type OpenEdxClient } from '@laurel/openedx-client';
import { startTestLms, type TestLearnerGrades, type TestLms } from '../packages/openedx-client/src/testing/test-lms.js';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const TIERED = 'course-v1:Laurel+DS201+2026';
const STRICT = 'course-v1:Laurel+SEC301+2026';
const VERIFIED = 'course-v1:Laurel+VER101+2026';
const schemas = createSchemaRegistry();
const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';

const POLICY = [
  { assignment_type: 'Homework', count: 2, dropped: 0, weight: 0.4 },
  { assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 0.6 },
];

/** A learner's standing in the LMS: overall grade, Final Exam score and units completed of 25. */
function standing(grade: number, finalExam: number, unitsDone: number): TestLearnerGrades {
  return {
    percent: grade,
    passed: grade >= 0.5,
    sections: [
      { category: 'Homework', label: 'HW 01', percent: 0.86 },
      { category: 'Homework', label: 'HW 02', percent: 0.86 },
      { category: 'Final Exam', label: 'Final', percent: finalExam },
    ],
    completion: { complete: unitsDone, total: 25 },
  };
}

const learner = (id: number) => ({ id, username: `lms${id}`, email: `lms${id}@example.org`, name: `Learner ${id}` });
const course = (key: string) => ({ key, name: key });

const suite = redisProblem === undefined || redisRequired ? describeEachDatabase : (name: string) => describe.skip(name, () => it('needs Redis at 127.0.0.1:6379'));

suite('event bus with an Open edX client: grades and completion from the LMS, changes followed', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  let redis: Redis;
  let lms: TestLms;
  let fetcher: GuardedFetcher;
  let client: OpenEdxClient;
  let prefix: string;
  let consumer: EventBusConsumer | undefined;
  let settled: SettledMessage[] = [];
  const tiers: Record<string, string> = {};

  async function achievement(body: Record<string, unknown>): Promise<string> {
    const created = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    redis = new Redis(REDIS_URL);
    lms = await startTestLms();
    lms.setPolicy(TIERED, POLICY);
    lms.setPolicy(STRICT, POLICY);
    lms.setPolicy(VERIFIED, POLICY);
    fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true });
    client = createOpenEdxClient({ baseUrl: lms.url, clientId: lms.clientId, clientSecret: lms.clientSecret, completionSource: 'completion-aggregator', fetcher, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
    issuer = await createTestIssuer(database.url);
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'lms-sync-u', name: 'LMS Sync University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    tiers.completion = await achievement({ externalId: TIERED, name: 'Data Science: completion', tier: 'Completion', rules: { minCompletionPercent: 90 } });
    tiers.achievement = await achievement({
      externalId: TIERED,
      name: 'Data Science: achievement',
      tier: 'Achievement',
      rules: { minGradePercent: 80, assignmentTypeMinimums: { 'Final Exam': 80 } },
      reportGrade: true,
      laterRecords: 'reissue-on-grade-change',
    });
    tiers.strict = await achievement({ externalId: STRICT, name: 'Security', rules: { minGradePercent: 80 }, reportGrade: true, laterRecords: 'revoke-when-unmet' });
    tiers.verified = await achievement({ externalId: VERIFIED, name: 'Verified track', rules: { minGradePercent: 60 }, earningModes: ['verified'] });
  });
  afterAll(async () => {
    await issuer?.close();
    await fetcher?.close();
    await lms?.close();
    redis?.disconnect();
  });

  const streams = () => [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    settled = [];
    await redis.del(...streams(), ...streams().map(deadLetterStream), ...streams().map((stream) => attemptsKey(stream, 'laurel')));
  });

  async function consume(): Promise<void> {
    prefix = `laurel-lms-${randomBytes(6).toString('hex')}`;
    consumer = await startEventBusConsumer({ deps: issuer.deps, issuerId, lms: client, redisUrl: REDIS_URL, topicPrefix: prefix, consumerName: 'worker-1', blockMs: 100, backoffMs: 20, maxBackoffMs: 100, onSettled: (message) => settled.push(message) });
  }

  const publish = (type: string, data: unknown, id?: string) => publishOpenEdxEvent(redis, { prefix, type, data, schemas, ...(id ? { id } : {}) });
  const settledFor = (eventId: string, times = 1) =>
    waitFor(`event ${eventId} to settle ${times}×`, () => {
      const found = settled.filter((message) => message.eventId === eventId);
      return found.length >= times ? found[times - 1] : undefined;
    });

  async function credentialsOf(lmsUserId: number) {
    const found = await issuer.store.learners.getByLmsUserId(issuerId, String(lmsUserId));
    return found ? issuer.store.credentials.listForLearner(found.id) : [];
  }
  const activeFor = async (lmsUserId: number, achievementId: string) => (await credentialsOf(lmsUserId)).filter((credential) => credential.achievementId === achievementId && credential.state === 'active');
  const gradeIn = (document: unknown) => (document as { credentialSubject: { result: { value: string }[] } }).credentialSubject.result[0]!.value;

  it('92% completion, 85% grade, Final Exam 84%: both tiers earned from what the LMS reports; a raised grade re-issues the achievement tier only (certificate.changed)', async () => {
    await consume();
    lms.setLearner(TIERED, 'lms3001', standing(0.85, 0.84, 23));
    // The event says only "passed, 0.85": completion and the Final Exam come from the LMS.
    const created = await publish(CERTIFICATE_CREATED, certificateEventData(learner(3001), course(TIERED), { mode: 'verified', grade: '0.85', status: 'downloadable' }));
    expect(await settledFor(created.eventId)).toMatchObject({ outcome: 'handled', result: { action: 'completion-recorded' } });
    const learnerRow = await issuer.store.learners.getByLmsUserId(issuerId, '3001');
    const [record] = await issuer.store.completions.listForLearner(learnerRow!.id);
    expect(record).toMatchObject({ courseId: TIERED, completionPercent: 92, gradePercent: 85, passed: true, assignmentGrades: { Homework: 86, 'Final Exam': 84 }, sourceEventId: created.eventId });
    const [completionTier] = await activeFor(3001, tiers.completion!);
    const [achievementTier] = await activeFor(3001, tiers.achievement!);
    expect(completionTier).toBeDefined();
    expect(gradeIn(achievementTier!.document)).toBe('85');

    // Regenerated certificate after a regrade: 97 now.
    lms.setLearner(TIERED, 'lms3001', standing(0.97, 0.96, 25));
    const changed = await publish(CERTIFICATE_CHANGED, certificateEventData(learner(3001), course(TIERED), { mode: 'verified', grade: '0.97', status: 'downloadable' }));
    const handled = await settledFor(changed.eventId);
    expect(handled).toMatchObject({ outcome: 'handled', result: { action: 'completion-recorded' } });
    const [reissued] = await activeFor(3001, tiers.achievement!);
    expect(reissued!.id).not.toBe(achievementTier!.id);
    expect(reissued!.supersedesId).toBe(achievementTier!.id);
    expect(gradeIn(reissued!.document)).toBe('97');
    expect(handled.result?.issued).toEqual([reissued!.id]);
    const old = await issuer.store.credentials.get(achievementTier!.id);
    expect(old).toMatchObject({ state: 'revoked', stateReason: 'superseded: the reported grade changed' });
    // keep-first: the completion tier stands as issued.
    expect((await activeFor(3001, tiers.completion!)).map((credential) => credential.id)).toEqual([completionTier!.id]);
  });

  it('verified only: an audit-mode learner earns nothing, a verified one with the same grades does; the record says why', async () => {
    await consume();
    lms.setLearner(VERIFIED, 'lms3010', { ...standing(0.9, 0.9, 25), mode: 'audit' });
    lms.setLearner(VERIFIED, 'lms3011', { ...standing(0.9, 0.9, 25), mode: 'verified' });
    const audit = await publish(CERTIFICATE_CREATED, certificateEventData(learner(3010), course(VERIFIED), { mode: 'audit', grade: '0.9', status: 'downloadable' }));
    const verified = await publish(CERTIFICATE_CREATED, certificateEventData(learner(3011), course(VERIFIED), { mode: 'verified', grade: '0.9', status: 'downloadable' }));
    expect(await settledFor(audit.eventId)).toMatchObject({ outcome: 'handled', result: { issued: [] } });
    expect((await settledFor(verified.eventId)).result?.issued).toHaveLength(1);
    expect(await activeFor(3010, tiers.verified!)).toEqual([]);
    expect(await activeFor(3011, tiers.verified!)).toHaveLength(1);
    // The mode is the LMS's (the Enrollment API, asked because this client reads the completion aggregator).
    expect(lms.log.some((entry) => entry.path.startsWith('/api/enrollment/v1/enrollment/lms3010,') && entry.status === 200)).toBe(true);
    const auditLearner = await issuer.store.learners.getByLmsUserId(issuerId, '3010');
    const [record] = await issuer.store.completions.listForLearner(auditLearner!.id);
    expect(record).toMatchObject({ courseId: VERIFIED, gradePercent: 90, enrollmentMode: 'audit' });
    const progress = await issuer.call('GET', `/v1/learners/${auditLearner!.id}/progress`);
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    const entry = (progress.body.achievements as { achievementId: string; earned: boolean; requirements: { kind: string; met: boolean; description: string }[] }[]).find((candidate) => candidate.achievementId === tiers.verified);
    expect(entry?.earned).toBe(false);
    expect(entry?.requirements.find((requirement) => requirement.kind === 'grade')?.met).toBe(true);
    expect(entry?.requirements.find((requirement) => requirement.kind === 'enrollmentMode')).toMatchObject({ met: false, description: 'Enrollment mode: audit; verified needed' });
  });

  it('a regression revokes under revoke-when-unmet, with the unmet rule as the reason', async () => {
    await consume();
    lms.setLearner(STRICT, 'lms3002', standing(0.83, 0.9, 25));
    const passing = await publish(COURSE_PASSING_STATUS_UPDATED, passingStatusEventData(learner(3002), course(STRICT), true));
    await settledFor(passing.eventId);
    const [held] = await activeFor(3002, tiers.strict!);
    expect(held).toBeDefined();

    lms.setLearner(STRICT, 'lms3002', standing(0.4, 0.3, 25));
    const failing = await publish(COURSE_PASSING_STATUS_UPDATED, passingStatusEventData(learner(3002), course(STRICT), false));
    const handled = await settledFor(failing.eventId);
    expect(handled.result?.revoked).toEqual([held!.id]);
    const after = await issuer.store.credentials.get(held!.id);
    expect(after?.state).toBe('revoked');
    expect(after?.stateReason).toMatch(/^rules no longer met: .*40%.*80%/);
    expect(await activeFor(3002, tiers.strict!)).toEqual([]);
  });

  it('an expired token (401), 429 and 5xx are retried: the event is handled once, nothing lost, nothing issued twice', async () => {
    await consume();
    lms.setLearner(TIERED, 'lms3003', standing(0.85, 0.84, 23));
    lms.expireTokens();
    lms.queueFaults('/api/grades/v1/courses/', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }]);
    lms.queueFaults('/completion-aggregator/', [{ status: 500 }]);
    const before = lms.tokensIssued();
    const data = certificateEventData(learner(3003), course(TIERED), { mode: 'verified', grade: '0.85', status: 'downloadable' });
    const first = await publish(CERTIFICATE_CREATED, data);
    // Redelivered (same CloudEvents id), as the bus may do.
    await publish(CERTIFICATE_CREATED, data, first.eventId);
    const [once, twice] = [await settledFor(first.eventId, 1), await settledFor(first.eventId, 2)];
    expect([once.outcome, twice.outcome]).toEqual(['handled', 'handled']);
    expect([once.result?.duplicate, twice.result?.duplicate]).toEqual([false, true]);
    expect(once.attempts).toBe(1);
    expect(lms.tokensIssued()).toBe(before + 1);
    expect(lms.log.filter((entry) => entry.status === 429 || entry.status >= 500)).not.toHaveLength(0);
    const credentials = await credentialsOf(3003);
    expect(credentials.map((credential) => credential.achievementId).sort()).toEqual([tiers.achievement, tiers.completion].sort());
  });

  it('a learner the LMS has no grade for: the event\'s own facts are recorded, not retried away', async () => {
    await consume();
    const created = await publish(CERTIFICATE_CREATED, certificateEventData(learner(3005), course(TIERED), { mode: 'verified', grade: '0.85', status: 'downloadable' }));
    expect(await settledFor(created.eventId)).toMatchObject({ outcome: 'handled', attempts: 1 });
    const learnerRow = await issuer.store.learners.getByLmsUserId(issuerId, '3005');
    const [record] = await issuer.store.completions.listForLearner(learnerRow!.id);
    expect(record).toMatchObject({ courseId: TIERED, gradePercent: 85, completionPercent: null, passed: true, sourceEventId: created.eventId });
    // Neither tier: completion and the Final Exam are unknown.
    expect(await credentialsOf(3005)).toEqual([]);
    expect(lms.log.some((entry) => entry.status === 404 && entry.path.includes('username=lms3005'))).toBe(true);
  });

  it('laurel lms reconcile: records what changed in the LMS without an event, and nothing on a second run', async () => {
    await consume();
    lms.setLearner(STRICT, 'lms3004', standing(0.9, 0.9, 25));
    const passing = await publish(COURSE_PASSING_STATUS_UPDATED, passingStatusEventData(learner(3004), course(STRICT), true));
    await settledFor(passing.eventId);
    const [held] = await activeFor(3004, tiers.strict!);
    expect(held).toBeDefined();
    // The grade dropped in the LMS and no event said so.
    lms.setLearner(STRICT, 'lms3004', standing(0.5, 0.5, 25));
    vi.stubEnv('LMS_BASE_URL', lms.url);
    vi.stubEnv('LMS_CLIENT_ID', lms.clientId);
    vi.stubEnv('LMS_CLIENT_SECRET', lms.clientSecret);
    vi.stubEnv('LMS_COMPLETION_SOURCE', 'progress');
    vi.stubEnv('FETCH_ALLOW_HTTP', 'true');
    vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'true');
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    vi.stubEnv('ISSUER_PUBLIC_URL', issuer.deps.urls.issuerBaseUrl);
    vi.stubEnv('STATUS_PUBLIC_URL', issuer.deps.urls.statusBaseUrl);
    const run = async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['lms', 'reconcile', '--course', STRICT, '--issuer', issuerId, '--no-progress', '--database', database.url], { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), readStdin: async () => '' });
      expect(code, err.join('')).toBe(0);
      return JSON.parse(out.join('')) as { learners: number; recorded: number; unchanged: number; revoked: string[]; failed: unknown[] };
    };
    try {
      const first = await run();
      expect(first).toMatchObject({ recorded: 1, revoked: [held!.id], failed: [] });
      expect((await issuer.store.credentials.get(held!.id))?.state).toBe('revoked');
      const second = await run();
      expect(second).toMatchObject({ recorded: 0, revoked: [], failed: [] });
      expect(second.unchanged).toBe(second.learners);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reconcile resumes after a given learner and paces learners when asked (--after, --per-minute)', async () => {
    await consume();
    for (const id of [3006, 3007, 3008]) {
      lms.setLearner(STRICT, `lms${id}`, standing(0.9, 0.9, 25));
      const passing = await publish(COURSE_PASSING_STATUS_UPDATED, passingStatusEventData(learner(id), course(STRICT), true));
      await settledFor(passing.eventId);
    }
    const all = await reconcileCourse(issuer.deps, 'test', issuerId, client, STRICT);
    const ids = [...(await issuer.store.completions.latestPerCourseByLearner(issuerId, [STRICT])).keys()].sort();
    expect(all.learners).toBe(ids.length);
    expect(all.last).toBe(ids.at(-1));
    const waits: number[] = [];
    const resumed = await reconcileCourse(issuer.deps, 'test', issuerId, client, STRICT, { after: ids[0], perMinute: 6, sleep: async (ms) => void waits.push(ms) });
    expect(resumed.learners).toBe(ids.length - 1);
    // One wait between consecutive learners (the sleeps are recorded, not slept), none before the first, each at most the 10 s spacing.
    expect(waits).toHaveLength(ids.length - 2);
    expect(waits.every((ms) => ms > 0 && ms <= 10_000)).toBe(true);
  });
});
