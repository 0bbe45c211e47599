// Several Open edX instances, each mapped to an issuer (LMS_INSTANCES_FILE):
// real-format events on Redis go to the issuer and LMS of the instance they
// come from — by the topic prefix they were published under, or by their
// sourcehost — and grades are read from that instance's own LMS test server.
// Fails under CI=true when Redis is not reachable, skips otherwise.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BADGES_TOPIC,
  CERTIFICATE_CREATED,
  CERTIFICATE_TOPIC,
  attemptsKey,
  certificateEventData,
  createSchemaRegistry,
  deadLetterStream,
  lmsRoutesOf,
  parseLmsInstances,
  publishOpenEdxEvent,
  startEventBusConsumer,
  streamName,
  type EventBusConsumer,
  type LmsRoutes,
  type SettledMessage,
} from '@laurel/event-bus';
import { startTestLms, type TestLearnerGrades, type TestLms } from '../packages/openedx-client/src/testing/test-lms.js';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const COURSE = 'course-v1:Laurel+NET101+2026';
const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';
const suite = redisProblem === undefined || redisRequired ? describeEachDatabase : (name: string) => describe.skip(name, () => it('needs Redis at 127.0.0.1:6379'));

const grades = (percent: number): TestLearnerGrades => ({ percent, passed: percent >= 0.5, sections: [{ category: 'Final Exam', label: 'Final', percent }], completion: { complete: 10, total: 10 } });
const learner = { id: 4001, username: 'ada', email: 'ada@example.org', name: 'Ada' };

suite('several LMS instances, each mapped to an issuer', (database) => {
  let issuer: TestIssuer;
  let redis: Redis;
  const lms: Record<'north' | 'south', TestLms | undefined> = { north: undefined, south: undefined };
  const issuers: Record<string, string> = {};
  const achievements: Record<string, string> = {};
  let routes: LmsRoutes;
  let consumer: EventBusConsumer;
  const settled: SettledMessage[] = [];
  const tag = randomBytes(5).toString('hex');
  const prefixes = { default: `laurel-dflt-${tag}`, north: `laurel-north-${tag}` };

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    redis = new Redis(REDIS_URL);
    issuer = await createTestIssuer(database.url);
    for (const name of ['north', 'south'] as const) {
      const server = await startTestLms();
      lms[name] = server;
      server.setPolicy(COURSE, [{ assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 1 }]);
      const created = await issuer.call('POST', '/v1/issuers', { slug: `${name}-u`, name: `${name} University`, didMethod: 'key' });
      issuers[name] = created.body.id;
      const achievement = await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: `Networks (${name})`, rules: { minGradePercent: 70 }, reportGrade: true });
      achievements[name] = achievement.body.id;
    }
    // The same learner and course on both LMSs, with different grades: which LMS was asked shows in the credential.
    lms.north!.setLearner(COURSE, 'ada', grades(0.91));
    lms.south!.setLearner(COURSE, 'ada', grades(0.77));
    const instances = parseLmsInstances([
      { id: 'north', baseUrl: lms.north!.url, clientId: lms.north!.clientId, clientSecret: lms.north!.clientSecret, issuerId: 'north-u', topicPrefix: prefixes.north, completionSource: 'completion-aggregator' },
      { id: 'south', baseUrl: lms.south!.url, clientId: lms.south!.clientId, clientSecret: lms.south!.clientSecret, issuerId: issuers.south, sourceHosts: ['lms-south-7'] },
    ]);
    routes = await lmsRoutesOf(issuer.deps, instances, { allowHttp: true, allowLoopback: true }, { baseDelayMs: 10, maxDelayMs: 50 });
    // No EVENT_BUS_ISSUER_ID: events no instance claims are dead-lettered.
    consumer = await startEventBusConsumer({ deps: issuer.deps, routes: routes.routes, redisUrl: REDIS_URL, topicPrefix: prefixes.default, consumerName: 'worker-1', blockMs: 100, backoffMs: 20, maxBackoffMs: 100, onSettled: (message) => settled.push(message) });
  });
  afterAll(async () => {
    await consumer?.stop();
    await routes?.close();
    await issuer?.close();
    await lms.north?.close();
    await lms.south?.close();
    if (redis) {
      const streams = [prefixes.default, prefixes.north].flatMap((prefix) => [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic)));
      await redis.del(...streams, ...streams.map(deadLetterStream), ...streams.map((stream) => attemptsKey(stream, 'laurel')));
      redis.disconnect();
    }
  });

  const schemas = createSchemaRegistry();
  const publish = (prefix: string, sourceHost?: string) =>
    publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificateEventData(learner, { key: COURSE, name: 'Networks' }, { mode: 'verified', grade: '0.5', status: 'downloadable' }), schemas, ...(sourceHost ? { sourceHost } : {}) });
  const settledFor = (eventId: string) => waitFor(`event ${eventId} to settle`, () => settled.find((message) => message.eventId === eventId));
  const gradeOf = async (credentialId: string) => ((await issuer.store.credentials.get(credentialId))!.document as { credentialSubject: { result: { value: string }[] } }).credentialSubject.result[0]!.value;

  it('reads the streams of every instance\'s topic prefix besides the default ones', () => {
    expect(consumer.streams).toEqual(expect.arrayContaining([streamName(prefixes.default, CERTIFICATE_TOPIC), streamName(prefixes.north, CERTIFICATE_TOPIC), streamName(prefixes.north, BADGES_TOPIC)]));
  });

  it('an event under an instance\'s topic prefix is issued by its issuer, with the grade its own LMS reports', async () => {
    const event = await publish(prefixes.north, 'lms-south-7');
    const outcome = await settledFor(event.eventId);
    expect(outcome).toMatchObject({ outcome: 'handled' });
    const [credentialId] = outcome.result!.issued!;
    const credential = await issuer.store.credentials.get(credentialId!);
    expect(credential).toMatchObject({ issuerId: issuers.north, achievementId: achievements.north });
    expect(await gradeOf(credentialId!)).toBe('91');
    expect(lms.south!.log.some((entry) => entry.path.startsWith('/api/grades/'))).toBe(false);
  });

  it('an event on the shared streams goes by its sourcehost to its instance', async () => {
    const event = await publish(prefixes.default, 'LMS-SOUTH-7');
    const outcome = await settledFor(event.eventId);
    const [credentialId] = outcome.result!.issued!;
    expect(await issuer.store.credentials.get(credentialId!)).toMatchObject({ issuerId: issuers.south, achievementId: achievements.south });
    expect(await gradeOf(credentialId!)).toBe('77');
    // The learner exists per issuer: the same LMS user id, two learners.
    expect(await issuer.store.learners.getByLmsUserId(issuers.north!, '4001')).toBeDefined();
    expect(await issuer.store.learners.getByLmsUserId(issuers.south!, '4001')).toBeDefined();
  });

  it('an event no instance claims, without EVENT_BUS_ISSUER_ID, is dead-lettered as unroutable, nothing recorded', async () => {
    const before = (await issuer.store.achievements.listForIssuer(issuers.north!)).length;
    const event = await publish(prefixes.default, 'unknown-host');
    expect(await settledFor(event.eventId)).toMatchObject({ outcome: 'dead-lettered', reason: 'unroutable' });
    const dead = await redis.xrange(deadLetterStream(streamName(prefixes.default, CERTIFICATE_TOPIC)), '-', '+');
    expect(JSON.stringify(dead)).toContain('unknown-host');
    expect((await issuer.store.achievements.listForIssuer(issuers.north!)).length).toBe(before);
  });
});
