// A 30 s MariaDB outage while the LMS keeps publishing: the event-bus consumer
// pauses on the event it holds (no attempt counted), dead-letters nothing, and
// once the database is back issues each credential exactly once. The outage is
// made by a TCP proxy between Laurel and MariaDB; Redis stays up.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BADGES_TOPIC,
  CERTIFICATE_CREATED,
  CERTIFICATE_TOPIC,
  attemptsKey,
  certificateEventData,
  deadLetterStream,
  publishOpenEdxEvent,
  startEventBusConsumer,
  streamName,
  type EventBusConsumer,
  type SettledMessage,
} from '@laurel/event-bus';
import { openStore, type Store } from '@laurel/store';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';
import { proxyUrl, type TcpProxy } from './support/tcp-proxy.js';

const COURSE = { key: 'course-v1:Outage+BUS101+2026', name: 'Event buses in bad weather' };
/** The outage the issue asks to survive. Longer than every retry delay and backoff the consumer has. */
const OUTAGE_MS = 30_000;
const BEFORE = 5;
const DURING = 20;

const redisProblem = await probeRedis();
const required = process.env.CI === 'true';

describe.runIf((mysqlAvailable && redisProblem === undefined) || required)('event bus through a 30 s database outage [MariaDB behind a cut proxy, Redis]', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let issuer: TestIssuer;
  let direct: Store;
  let redis: Redis;
  let consumer: EventBusConsumer | undefined;
  let issuerId: string;
  const prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
  const streams = [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    database = await freshDatabaseUrl('mysql');
    const proxied = await proxyUrl(database.url);
    proxy = proxied.proxy;
    issuer = await createTestIssuer(proxied.url);
    direct = await openStore({ databaseUrl: database.url });
    redis = new Redis(REDIS_URL);
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'outage-bus-u', name: 'Outage Bus University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE.key, name: COURSE.name, rules: { requirePassed: true } })).status).toBe(201);
  });
  afterAll(async () => {
    proxy?.restore();
    await consumer?.stop();
    await redis?.del(...streams, ...streams.map(deadLetterStream), ...streams.map((stream) => attemptsKey(stream, 'laurel')));
    redis?.disconnect();
    await issuer?.close();
    await direct?.close();
    await proxy?.close();
    await database?.drop();
  });

  const publish = (userId: number) =>
    publishOpenEdxEvent(redis, {
      prefix,
      type: CERTIFICATE_CREATED,
      data: certificateEventData({ id: userId, username: `bus${userId}`, email: `bus${userId}@example.org`, name: `Bus Rider ${userId}` }, COURSE, { mode: 'verified', grade: '0.9', status: 'downloadable' }),
    });

  it('dead-letters nothing and issues each credential exactly once after the database returns', async () => {
    const settled: SettledMessage[] = [];
    const outage: boolean[] = [];
    const pauses: object[] = [];
    consumer = await startEventBusConsumer({
      deps: issuer.deps,
      issuerId,
      redisUrl: REDIS_URL,
      topicPrefix: prefix,
      consumerName: 'outage-worker',
      blockMs: 100,
      // Few attempts and short backoffs: before pausing existed, this outage dead-lettered within a second.
      maxAttempts: 3,
      backoffMs: 20,
      maxBackoffMs: 100,
      maxOutageBackoffMs: 1_000,
      logger: { info: () => {}, warn: (details, message) => void (message.startsWith('database unavailable') && pauses.push(details)), error: () => {} },
      onSettled: (message) => settled.push(message),
      onOutage: (paused) => outage.push(paused),
    });

    for (let user = 1; user <= BEFORE; user++) await publish(user);
    await waitFor('the events before the outage to be handled', () => (settled.length === BEFORE ? true : undefined));

    proxy.cut();
    // The LMS keeps publishing through the outage, spread over its length.
    const outageEnds = Date.now() + OUTAGE_MS;
    for (let user = BEFORE + 1; user <= BEFORE + DURING; user++) {
      await publish(user);
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / DURING / 2));
    }
    await waitFor('the consumer to pause', () => (outage[0] === true ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    // Through the whole outage: nothing settled (handled or dead-lettered), and the consumer kept retrying the one it holds.
    expect(settled).toHaveLength(BEFORE);
    expect(pauses.length).toBeGreaterThan(3);
    proxy.restore();

    await waitFor('every event to settle after the outage', () => (settled.length === BEFORE + DURING ? true : undefined), 60_000);
    expect(outage).toEqual([true, false]);
    expect(settled.map((message) => message.outcome)).toEqual(Array(BEFORE + DURING).fill('handled'));
    // The outage counted no attempt: every event was handled at its first counted one.
    expect(settled.map((message) => message.attempts)).toEqual(Array(BEFORE + DURING).fill(1));
    for (const stream of streams) {
      expect(await redis.xlen(deadLetterStream(stream))).toBe(0);
      expect((await redis.xpending(stream, 'laurel'))[0]).toBe(0);
    }

    const credentials = await direct.db.selectFrom('credentials').select(['learnerId']).where('issuerId', '=', issuerId).execute();
    expect(credentials).toHaveLength(BEFORE + DURING);
    expect(new Set(credentials.map((credential) => credential.learnerId)).size).toBe(BEFORE + DURING);
    const issued = settled.flatMap((message) => message.result?.issued ?? []);
    expect(new Set(issued).size).toBe(BEFORE + DURING);
  }, 120_000);
});
