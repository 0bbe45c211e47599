// Issue 15 item 3, the event bus: each event is handled as a unit of work named by its
// CloudEvents id, so its log lines carry that id as reqId (as an HTTP request's do);
// the consumer reports how many events of its group are not yet handled (the
// laurel_event_bus_pending gauge). Against the real Redis; fails under CI=true without it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGES_TOPIC, CERTIFICATE_CREATED, CERTIFICATE_TOPIC, RedisStreamsTransport, attemptsKey, createSchemaRegistry, deadLetterStream, publishOpenEdxEvent, startEventBusConsumer, streamName, type SettledMessage } from '@laurel/event-bus';
import { createLogger, withRequestId } from '@laurel/http-kit';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';
const COURSE = 'course-v1:Org+OBS1+2026';
const schemas = createSchemaRegistry();

const certificate = (userId: number) => ({
  certificate: {
    user: { id: userId, is_active: true, pii: { username: `learner${userId}`, email: `learner${userId}@example.org`, name: `Learner ${userId}` } },
    course: { course_key: COURSE, display_name: 'Observability 1', start: null, end: null },
    mode: 'verified', grade: '0.9', download_url: '', name: '', current_status: 'downloadable', previous_status: '',
  },
});

describe.skipIf(redisProblem !== undefined && !redisRequired)(`event bus: request ids and pending events ${redisProblem ? `— skipped: ${redisProblem}` : ''}`, () => {
  const prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
  const streams = [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let issuerId: string;
  let redis: Redis;

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    redis = new Redis(REDIS_URL);
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'obs-u', name: 'Observability University', didMethod: 'key' })).body.id;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Observability 1', rules: { requirePassed: true } })).status).toBe(201);
  });
  afterAll(async () => {
    await redis?.del(...streams, ...streams.map(deadLetterStream), ...streams.map((stream) => attemptsKey(stream, 'laurel')));
    redis?.disconnect();
    await issuer?.close();
    await database?.drop();
  });

  it('counts events waiting, logs each handled event under its CloudEvents id, and counts none once all are handled', async () => {
    const lines: { reqId?: string; msg: string; eventId?: string }[] = [];
    const logger = createLogger({ name: 'bus', destination: { write: (line) => void lines.push(JSON.parse(line)) } });
    const settled: SettledMessage[] = [];
    const options = {
      deps: issuer.deps, issuerId, redisUrl: REDIS_URL, topicPrefix: prefix, consumerName: 'obs-1', blockMs: 100,
      logger: { info: logger.info.bind(logger), warn: logger.warn.bind(logger), error: logger.error.bind(logger) },
      withContext: <T>(id: string, work: () => Promise<T>) => withRequestId(id, work),
      onSettled: (message: SettledMessage) => void settled.push(message),
    };
    // The group exists before the events come, so they are its unread lag: the gauge counts them.
    const probe = new RedisStreamsTransport({ redisUrl: REDIS_URL, streams, group: 'laurel', consumerName: 'probe', claimIdleMs: 60_000, blockMs: 100, batchSize: 10 });
    await probe.start();
    expect(await probe.pending()).toBe(0);
    const published = [await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificate(1), schemas }), await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificate(2), schemas })];
    expect(await probe.pending()).toBe(2);
    await probe.close();

    const consumer = await startEventBusConsumer(options);
    try {
      for (const { eventId } of published) {
        await waitFor(`event ${eventId}`, () => settled.find((message) => message.eventId === eventId));
        expect(lines.filter((line) => line.msg === 'event handled' && line.eventId === eventId).map((line) => line.reqId)).toEqual([eventId]);
      }
      expect(await consumer.pending()).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
