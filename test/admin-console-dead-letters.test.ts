// Issue 16, the console's dashboard: failures needing attention include the events the
// Open edX event-bus consumer gave up on (its `<stream>-dead-letter` streams in Redis),
// counted when the consumer runs in this issuer, "not configured" when it does not.
// Against the real Redis; fails under CI=true without it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_CREATED, CERTIFICATE_TOPIC, attemptsKey, createSchemaRegistry, deadLetterStream, publishOpenEdxEvent, startEventBusConsumer, streamName, type EventBusConsumer, type SettledMessage } from '@laurel/event-bus';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';
import { createTenant, type Tenant } from './issuer-api-support.js';

const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';
const ORIGIN = 'http://console.test';

async function dashboard(issuer: TestIssuer, token: string, issuerSlug: string): Promise<string> {
  const signIn = await issuer.app.request(`${ORIGIN}/admin/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ token, issuer: issuerSlug }).toString(),
  });
  expect(signIn.status, await signIn.clone().text()).toBe(303);
  const page = await issuer.app.request(`${ORIGIN}/admin`, { headers: { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! } });
  expect(page.status).toBe(200);
  return page.text();
}

describe.skipIf(redisProblem !== undefined && !redisRequired)(`admin console dashboard: dead-lettered events ${redisProblem ? `— skipped: ${redisProblem}` : ''}`, () => {
  const prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
  const stream = streamName(prefix, CERTIFICATE_TOPIC);
  let database: FreshDatabase;
  let redis: Redis;
  let consumer: EventBusConsumer | undefined;
  let withBus: TestIssuer;
  let tenant: Tenant;

  beforeAll(async () => {
    if (redisProblem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${redisProblem}`);
    redis = new Redis(REDIS_URL);
    database = await freshDatabaseUrl('sqlite');
    withBus = await createTestIssuer(database.url, undefined, { eventBusConsumer: () => consumer });
    tenant = await createTenant(withBus, 'dead-l');
  });
  afterAll(async () => {
    await consumer?.stop();
    await redis?.del(stream, deadLetterStream(stream), attemptsKey(stream, 'laurel'));
    redis?.disconnect();
    await withBus?.close();
    await database?.drop();
  });

  it('says "not configured" while no consumer runs in the issuer', async () => {
    const page = await dashboard(withBus, withBus.adminToken, tenant.slug);
    expect(page).toMatch(/<h2>Dead-lettered events<\/h2>\s*<p data-count="deadLettered">Not configured/);
  });

  it('counts the events the consumer dead-lettered, next to failed badge deliveries; course staff see neither', async () => {
    const settled: SettledMessage[] = [];
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    consumer = await startEventBusConsumer({ deps: withBus.deps, issuerId: tenant.issuerId, redisUrl: REDIS_URL, topicPrefix: prefix, consumerName: 'dashboard-1', blockMs: 100, logger: quiet, onSettled: (message) => void settled.push(message) });
    expect(await dashboard(withBus, withBus.adminToken, tenant.slug)).toContain('<strong data-count="deadLettered">0</strong> events in the dead-letter streams.');

    // Undecodable event_data is dead-lettered at once (no retries to wait for).
    const corrupt = await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: null, schemas: createSchemaRegistry(), rawEventData: Buffer.from([0x02, 0xff, 0x01]) });
    await waitFor(`event ${corrupt.eventId} settled`, () => settled.find((message) => message.eventId === corrupt.eventId));
    expect(settled.find((message) => message.eventId === corrupt.eventId)).toMatchObject({ outcome: 'dead-lettered' });
    const page = await dashboard(withBus, withBus.adminToken, tenant.slug);
    expect(page).toContain('<h2>Failed badge deliveries</h2>');
    expect(page).toContain('<strong data-count="deadLettered">1</strong> event in the dead-letter streams: read them with');
    expect(await redis.xlen(deadLetterStream(stream))).toBe(1);

    const { token } = await withBus.store.tokens.create({ issuerId: tenant.issuerId, name: 'staff', scopes: ['read'], limitedTo: { courseIds: [], achievementIds: [tenant.achievementId] } });
    const staffPage = await dashboard(withBus, token, tenant.slug);
    expect(staffPage).not.toContain('Dead-lettered events');
    expect(staffPage).not.toContain('Failed badge deliveries');
  });
});
