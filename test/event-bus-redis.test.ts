// The Open edX event bus path against the real Redis on this machine: the LMS
// simulator publishes Avro events to the streams, the consumer turns them into
// signed credentials and revocations. Fails under CI=true when Redis is not
// reachable, skips otherwise.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IssuanceDeps } from '@laurel/issuance';
import {
  BADGES_TOPIC,
  CERTIFICATE_CREATED,
  CERTIFICATE_REVOKED,
  CERTIFICATE_TOPIC,
  COURSE_PASSING_STATUS_UPDATED,
  attemptsKey,
  createSchemaRegistry,
  deadLetterStream,
  publishOpenEdxEvent,
  startEventBusConsumer,
  streamName,
  type EventBusConsumer,
  type ConsumerLogger,
  type EventBusConsumerOptions,
  type SettledMessage,
} from '@laurel/event-bus';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const COURSE = 'course-v1:Org+CS101+2026';
// The built-in schemas (they are checked against openedx-events' own in event-bus-schemas.test.ts).
const schemas = createSchemaRegistry();

const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';

function user(id: number, name = `Learner ${id}`) {
  return { id, is_active: true, pii: { username: `learner${id}`, email: `learner${id}@example.org`, name } };
}

function certificate(userId: number, { status = 'downloadable', grade = '0.88', name }: { status?: string; grade?: string; name?: string } = {}) {
  return {
    certificate: {
      user: user(userId, name),
      course: { course_key: COURSE, display_name: 'Computer Science 101', start: null, end: null },
      mode: 'verified',
      grade,
      download_url: '',
      name: '',
      current_status: status,
      previous_status: '',
    },
  };
}

const suite = redisProblem === undefined || redisRequired ? describeEachDatabase : (name: string) => describe.skip(name, () => it('needs Redis at 127.0.0.1:6379'));

suite('event bus: Open edX events over Redis Streams', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  let redis: Redis;
  let prefix: string;
  let consumers: EventBusConsumer[] = [];
  let settled: SettledMessage[] = [];

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    redis = new Redis(REDIS_URL);
    issuer = await createTestIssuer(database.url);
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'event-bus-u', name: 'Event Bus University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, {
      externalId: COURSE,
      name: 'Computer Science 101',
      tier: 'Achievement',
      rules: { requirePassed: true },
      reportGrade: true,
    });
    expect(achievement.status).toBe(201);
  });
  afterAll(async () => {
    await issuer?.close();
    redis?.disconnect();
  });

  const streams = () => [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));
  afterEach(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    consumers = [];
    settled = [];
    await redis.del(...streams(), ...streams().map(deadLetterStream), ...streams().map((stream) => attemptsKey(stream, 'laurel')));
  });

  async function consume(overrides: Partial<EventBusConsumerOptions> = {}): Promise<EventBusConsumer> {
    const consumer = await startEventBusConsumer({
      deps: issuer.deps,
      issuerId,
      redisUrl: REDIS_URL,
      topicPrefix: prefix,
      consumerName: 'worker-1',
      blockMs: 100,
      backoffMs: 20,
      maxBackoffMs: 100,
      onSettled: (message) => settled.push(message),
      ...overrides,
    });
    consumers.push(consumer);
    return consumer;
  }

  const publish = (type: string, data: unknown, extra: { id?: string; rawEventData?: Buffer; topic?: string } = {}) => publishOpenEdxEvent(redis, { prefix, type, data, schemas, ...extra });

  const settledFor = (eventId: string) => waitFor(`event ${eventId} to settle`, () => settled.find((message) => message.eventId === eventId));

  async function learnerCredentials(lmsUserId: string) {
    const learner = await issuer.store.learners.getByLmsUserId(issuerId, lmsUserId);
    return learner ? issuer.store.credentials.listForLearner(learner.id) : [];
  }

  const freshPrefix = () => {
    prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
  };

  it('certificate created → a signed credential that verifies; revoked → verifies as revoked', async () => {
    freshPrefix();
    await consume();
    const { eventId } = await publish(CERTIFICATE_CREATED, certificate(2001, { name: 'Grace Hopper' }));
    const handled = await settledFor(eventId);
    expect(handled).toMatchObject({ outcome: 'handled', result: { action: 'completion-recorded' } });
    const [credential] = await learnerCredentials('2001');
    expect(credential).toBeDefined();
    const document = credential!.document as any;
    expect(document.credentialSubject.name).toBe('Grace Hopper');
    expect(document.credentialSubject.result[0].value).toBe('88');
    const verified = await verifyCredential(document, { checkStatus: issuer.checkStatus });
    expect(verified.checks).toMatchObject({ proof: { status: 'valid' }, status: { status: 'valid' } });
    expect(verified.verified).toBe(true);

    const revokedEvent = await publish(CERTIFICATE_REVOKED, certificate(2001, { status: 'notpassing' }));
    expect(await settledFor(revokedEvent.eventId)).toMatchObject({ outcome: 'handled', result: { action: 'credentials-revoked', revoked: [credential!.id] } });
    const after = await verifyCredential(document, { checkStatus: issuer.checkStatus });
    expect(after.verified).toBe(false);
    expect(after.checks.status.status).not.toBe('valid');
    expect((await issuer.store.credentials.get(credential!.id))?.state).toBe('revoked');
    expect(await redis.xpending(streams()[0]!, 'laurel')).toEqual([0, null, null, null]);
    // Settled: no attempt count is left behind.
    expect(await redis.exists(attemptsKey(streams()[0]!, 'laurel'))).toBe(0);
  });

  it('course passing status true issues; the same event delivered twice issues once', async () => {
    freshPrefix();
    await consume();
    const data = { course_passing_status: { is_passing: true, course: { course_key: COURSE, display_name: 'CS101', start: null, end: null }, user: user(2002) } };
    const first = await publish(COURSE_PASSING_STATUS_UPDATED, data);
    await publish(COURSE_PASSING_STATUS_UPDATED, data, { id: first.eventId });
    await waitFor('both deliveries', () => (settled.filter((message) => message.eventId === first.eventId).length === 2 ? true : undefined));
    const outcomes = settled.filter((message) => message.eventId === first.eventId);
    expect(outcomes.map((message) => message.result?.duplicate)).toEqual([false, true]);
    expect(await learnerCredentials('2002')).toHaveLength(1);
  });

  it('a new full name in a later event re-issues the credential and revokes the old one', async () => {
    freshPrefix();
    await consume();
    const first = await publish(CERTIFICATE_CREATED, certificate(2010, { name: 'Mary Jackson' }));
    expect(await settledFor(first.eventId)).toMatchObject({ outcome: 'handled' });
    const [original] = await learnerCredentials('2010');
    expect((original!.document as any).credentialSubject.name).toBe('Mary Jackson');

    const renamed = await publish(COURSE_PASSING_STATUS_UPDATED, {
      course_passing_status: { is_passing: true, course: { course_key: COURSE, display_name: 'CS101', start: null, end: null }, user: user(2010, 'Mary W. Jackson') },
    });
    const handled = await settledFor(renamed.eventId);
    expect(handled).toMatchObject({ outcome: 'handled' });
    const credentials = await learnerCredentials('2010');
    const active = credentials.filter((credential) => credential.state === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.id).not.toBe(original!.id);
    expect((active[0]!.document as any).credentialSubject.name).toBe('Mary W. Jackson');
    expect((await issuer.store.credentials.get(original!.id))?.state).toBe('revoked');
    expect(handled.result?.issued).toContain(active[0]!.id);
  });

  it('retries a failing event with backoff and handles it once the database is back', async () => {
    freshPrefix();
    let down = true;
    const flaky: IssuanceDeps = {
      ...issuer.deps,
      get store() {
        if (down) throw new Error('database down');
        return issuer.deps.store;
      },
    };
    await consume({ deps: flaky, maxAttempts: 100 });
    const { eventId, messageId } = await publish(CERTIFICATE_CREATED, certificate(2003));
    // Not a fixed wait: the consumer has tried, failed and tried again while the database is down.
    await waitFor('a second attempt while the database is down', async () => {
      const counts = await Promise.all(streams().map((name) => redis.hget(attemptsKey(name, 'laurel'), messageId)));
      return counts.some((count) => Number(count) >= 2) ? true : undefined;
    });
    expect(settled).toEqual([]);
    expect(await learnerCredentials('2003')).toEqual([]);
    down = false;
    const handled = await settledFor(eventId);
    expect(handled.outcome).toBe('handled');
    expect(handled.attempts).toBeGreaterThan(1);
    expect(await learnerCredentials('2003')).toHaveLength(1);
  });

  it('dead-letters after N failed attempts, and corrupt event_data and unknown types at once, with a reason', async () => {
    freshPrefix();
    const broken: IssuanceDeps = {
      ...issuer.deps,
      get store(): IssuanceDeps['store'] {
        throw new Error('database down');
      },
    };
    await consume({ deps: broken, maxAttempts: 3 });
    const failing = await publish(CERTIFICATE_CREATED, certificate(2004));
    const corrupt = await publish(CERTIFICATE_CREATED, null, { rawEventData: Buffer.from([0x02, 0xff, 0x01]) });
    const unknown = await publish('org.openedx.learning.no.such.event.v1', null, { rawEventData: Buffer.from('x'), topic: CERTIFICATE_TOPIC });
    for (const event of [failing, corrupt, unknown]) await settledFor(event.eventId);

    const stream = streams()[0]!;
    const entries = await redis.xrange(deadLetterStream(stream), '-', '+');
    const byEvent = new Map(entries.map(([, fields]) => {
      const record: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
      return [record.id, record];
    }));
    expect(byEvent.get(failing.eventId)).toMatchObject({ dead_letter_reason: 'handler-failed', dead_letter_error: 'database down', attempts: '3', original_stream: stream, type: CERTIFICATE_CREATED });
    expect(byEvent.get(corrupt.eventId)).toMatchObject({ dead_letter_reason: 'corrupt-event-data' });
    expect(byEvent.get(unknown.eventId)).toMatchObject({ dead_letter_reason: 'unknown-type' });
    expect(await redis.xpending(stream, 'laurel')).toEqual([0, null, null, null]);
    expect(await redis.exists(attemptsKey(stream, 'laurel'))).toBe(0);
  });

  it('a restart in the middle of a batch loses and duplicates nothing', async () => {
    freshPrefix();
    let down = false;
    const flaky: IssuanceDeps = {
      ...issuer.deps,
      get store() {
        if (down) throw new Error('database down');
        return issuer.deps.store;
      },
    };
    // Published before the first consumer starts, so that its first read takes all three as one batch.
    const ids = [3001, 3002, 3003].map((userId) => certificate(userId));
    const events = [];
    for (const data of ids) events.push(await publish(CERTIFICATE_CREATED, data));
    // The first consumer handles one event, then the database fails: the rest of its batch is read but not acked.
    const first = await consume({ deps: flaky, maxAttempts: 1000, batchSize: 10, onSettled: (message) => {
      settled.push(message);
      down = true;
    } });
    await settledFor(events[0]!.eventId);
    const stream = streams()[0]!;
    await waitFor('the rest of the batch to be pending', async () => {
      const [count] = (await redis.xpending(stream, 'laurel')) as [number];
      return count === 2 ? true : undefined;
    });
    await first.stop();
    consumers = consumers.filter((consumer) => consumer !== first);
    expect(settled).toHaveLength(1);

    // The same worker restarts with the database back: its pending messages come first. Attempts before
    // the restart count, so the limit stays high enough for however many retries the first run made.
    down = false;
    settled = [];
    await consume({ maxAttempts: 1000 });
    for (const event of events.slice(1)) expect((await settledFor(event.eventId)).outcome).toBe('handled');
    for (const userId of ['3001', '3002', '3003']) expect(await learnerCredentials(userId)).toHaveLength(1);
    expect(settled.map((message) => message.eventId).sort()).toEqual(events.slice(1).map((event) => event.eventId).sort());
    expect(await redis.xpending(stream, 'laurel')).toEqual([0, null, null, null]);
  });

  /** A logger that keeps the attempt number of each retry it is told about. */
  function retryRecorder() {
    const retried: number[] = [];
    const logger: ConsumerLogger = {
      info: () => {},
      warn: (details, message) => {
        if (message === 'event handling failed; will retry') retried.push((details as { attempt: number }).attempt);
      },
      error: () => {},
    };
    return { logger, retried };
  }

  it('counts attempts across restarts: an event that always fails is dead-lettered after maxAttempts though every run stops after one', async () => {
    freshPrefix();
    const broken: IssuanceDeps = {
      ...issuer.deps,
      get store(): IssuanceDeps['store'] {
        throw new Error('database down');
      },
    };
    const event = await publish(CERTIFICATE_CREATED, certificate(2020));
    const stream = streams()[0]!;
    // A backoff far longer than the test: each run makes one attempt, then waits until it is stopped.
    const options = { deps: broken, maxAttempts: 3, backoffMs: 600_000, maxBackoffMs: 600_000 };
    for (const run of [1, 2]) {
      const { logger, retried } = retryRecorder();
      const consumer = await consume({ ...options, logger });
      // Before this change every run started again at attempt 1.
      await waitFor(`run ${run} to fail once`, () => (retried.length > 0 ? true : undefined));
      await consumer.stop();
      consumers = consumers.filter((other) => other !== consumer);
      expect(retried).toEqual([run]);
      expect(await redis.hget(attemptsKey(stream, 'laurel'), event.messageId)).toBe(String(run));
    }
    expect(settled).toEqual([]);

    await consume(options);
    expect(await settledFor(event.eventId)).toMatchObject({ outcome: 'dead-lettered', reason: 'handler-failed', attempts: 3 });
    const [entry] = await redis.xrange(deadLetterStream(stream), '-', '+');
    expect(entry?.[1]).toEqual(expect.arrayContaining(['original_message_id', event.messageId, 'attempts', '3']));
    expect(await redis.xpending(stream, 'laurel')).toEqual([0, null, null, null]);
    expect(await redis.exists(attemptsKey(stream, 'laurel'))).toBe(0);
  });

  it('dead-letters without another attempt an event whose attempts all began but never ended (a crash in each)', async () => {
    freshPrefix();
    const stream = streams()[0]!;
    await redis.xgroup('CREATE', stream, 'laurel', '0', 'MKSTREAM');
    const poison = await publish(CERTIFICATE_CREATED, certificate(2030));
    const healthy = await publish(CERTIFICATE_CREATED, certificate(2031));
    // What three runs that each crashed inside their attempt leave behind: the message pending, three attempts counted.
    await redis.xreadgroup('GROUP', 'laurel', 'worker-1', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.hset(attemptsKey(stream, 'laurel'), poison.messageId, 3);

    await consume({ maxAttempts: 3 });
    expect(await settledFor(poison.eventId)).toMatchObject({ outcome: 'dead-lettered', reason: 'attempts-exhausted', attempts: 3 });
    expect(await settledFor(healthy.eventId)).toMatchObject({ outcome: 'handled', attempts: 1 });
    // The handler never ran for it: no learner was created.
    expect(await issuer.store.learners.getByLmsUserId(issuerId, '2030')).toBeUndefined();
    expect(await redis.exists(attemptsKey(stream, 'laurel'))).toBe(0);
  });

  /** Reads new messages as `consumer` straight from Redis and never acks them: a worker that died mid-batch. */
  async function readAndVanish(stream: string, consumer: string): Promise<string[]> {
    const reply = (await redis.xreadgroup('GROUP', 'laurel', consumer, 'COUNT', 100, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
    return (reply?.[0]?.[1] ?? []).map(([id]) => id);
  }

  async function pendingOwners(stream: string): Promise<Map<string, string>> {
    const entries = (await redis.xpending(stream, 'laurel', '-', '+', 100)) as [string, string, number, number][];
    return new Map(entries.map(([id, consumer]) => [id, consumer]));
  }

  it('claims what a vanished consumer left pending and handles it exactly once', async () => {
    freshPrefix();
    const stream = streams()[0]!;
    await redis.xgroup('CREATE', stream, 'laurel', '0', 'MKSTREAM');
    const event = await publish(CERTIFICATE_CREATED, certificate(4001));
    expect(await readAndVanish(stream, 'worker-gone')).toEqual([event.messageId]);

    await consume({ consumerName: 'worker-2', claimIdleMs: 50 });
    expect(await settledFor(event.eventId)).toMatchObject({ outcome: 'handled', result: { action: 'completion-recorded' } });
    // Give later claim passes (every 25 ms here) and reads the chance to deliver it a second time.
    const later = await publish(CERTIFICATE_CREATED, certificate(4002));
    await settledFor(later.eventId);
    // Every delivery, a duplicate included, stays pending until settled and acked: once nothing is
    // pending, every delivery there will be has been settled (a fixed wait proved nothing).
    await waitFor('no pending deliveries', async () => ((await redis.xpending(stream, 'laurel')) as [number])[0] === 0 || undefined);
    expect(settled.filter((message) => message.eventId === event.eventId)).toHaveLength(1);
    expect(await learnerCredentials('4001')).toHaveLength(1);
    expect(await redis.xpending(stream, 'laurel')).toEqual([0, null, null, null]);
  });

  it('leaves messages idle less than claimIdleMs with their consumer, and acks claimed entries deleted from the stream', async () => {
    freshPrefix();
    const stream = streams()[0]!;
    await redis.xgroup('CREATE', stream, 'laurel', '0', 'MKSTREAM');
    const stale = await publish(CERTIFICATE_CREATED, certificate(4101));
    const deleted = await publish(CERTIFICATE_CREATED, certificate(4102));
    const fresh = await publish(CERTIFICATE_CREATED, certificate(4103));
    await readAndVanish(stream, 'worker-busy');
    // Make two of them look idle for ten minutes (XCLAIM's IDLE), without waiting that long.
    await redis.xclaim(stream, 'laurel', 'worker-busy', 0, stale.messageId, deleted.messageId, 'IDLE', 600_000, 'JUSTID');
    await redis.xdel(stream, deleted.messageId);

    await consume({ consumerName: 'worker-2', claimIdleMs: 60_000 });
    await settledFor(stale.eventId);
    // The first claim pass ran before the first read, so it is over once a new event is handled.
    const sentinel = await publish(CERTIFICATE_CREATED, certificate(4104));
    await settledFor(sentinel.eventId);

    const owners = await pendingOwners(stream);
    expect([...owners]).toEqual([[fresh.messageId, 'worker-busy']]);
    expect(settled.map((message) => message.eventId).sort()).toEqual([stale.eventId, sentinel.eventId].sort());
    expect(await learnerCredentials('4103')).toEqual([]);
  });
});
