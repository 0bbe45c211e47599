// `laurel consume` end to end: the command reads its settings from the
// environment, consumes a simulated certificate-created event from the real
// Redis and stops cleanly on SIGINT. `laurel simulate-lms` publishes events
// that openedx-events' own schemas (the conformance copies) read back as
// asked. Fails under CI=true when Redis or the conformance fixtures are
// missing, skips otherwise.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import avro from 'avsc';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '@laurel/cli';
import {
  BADGES_TOPIC,
  CCX_COURSE_PASSING_STATUS_UPDATED,
  CERTIFICATE_CREATED,
  CERTIFICATE_REVOKED,
  CERTIFICATE_TOPIC,
  COURSE_PASSING_STATUS_UPDATED,
  deadLetterStream,
  publishOpenEdxEvent,
  schemaFileName,
  streamName,
} from '@laurel/event-bus';
import { conformanceMissing, readConformanceJson } from './support/conformance.js';
import { createTestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL } from './support/redis.js';

const COURSE = 'course-v1:Org+CLI101+2026';

const problem = await probeRedis();
const run = problem === undefined || process.env.CI === 'true' ? describe : describe.skip;

run('laurel consume', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('rejects a missing issuer id with a plain message', async () => {
    vi.stubEnv('EVENT_BUS_ISSUER_ID', '');
    const errors: string[] = [];
    const code = await main(['consume'], { stdout: () => {}, stderr: (text) => void errors.push(text), readStdin: async () => '' });
    expect(code).toBe(1);
    expect(errors.join('')).toMatch(/EVENT_BUS_ISSUER_ID is required/);
  });

  it('turns a certificate-created event into a credential and stops on SIGINT', async () => {
    if (problem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${problem}`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-consume-'));
    const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
    const prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
    const streams = [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));
    const issuer = await createTestIssuer(databaseUrl);
    const redis = new Redis(REDIS_URL);
    try {
      const created = await issuer.call('POST', '/v1/issuers', { slug: 'cli-u', name: 'CLI University', didMethod: 'key' });
      const issuerId = created.body.id as string;
      expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'CLI 101', tier: 'Achievement', rules: { requirePassed: true } })).status).toBe(201);
      vi.stubEnv('DATABASE_URL', databaseUrl);
      vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
      vi.stubEnv('ISSUER_PUBLIC_URL', 'https://issuer.test');
      vi.stubEnv('STATUS_PUBLIC_URL', 'https://status.test');
      vi.stubEnv('REDIS_URL', REDIS_URL);
      vi.stubEnv('EVENT_BUS_TOPIC_PREFIX', prefix);
      // By slug, as operators write it; the credential must still land under the issuer's id.
      vi.stubEnv('EVENT_BUS_ISSUER_ID', 'cli-u');
      // Unset: the built-in schemas.
      vi.stubEnv('OPENEDX_EVENT_SCHEMAS_DIR', '');
      const logs: string[] = [];
      const exit = main(['consume'], { stdout: () => {}, stderr: (text) => void logs.push(text), readStdin: async () => '' });

      await publishOpenEdxEvent(redis, {
        prefix,
        type: CERTIFICATE_CREATED,
        data: {
          certificate: {
            user: { id: 4242, is_active: true, pii: { username: 'lin', email: 'lin@example.org', name: 'Lin Wu' } },
            course: { course_key: COURSE, display_name: 'CLI 101', start: null, end: null },
            mode: 'verified',
            grade: '0.95',
            download_url: '',
            name: '',
            current_status: 'downloadable',
            previous_status: '',
          },
        },
      });
      const deadline = Date.now() + 15_000;
      let credentials: unknown[] = [];
      while (Date.now() < deadline) {
        const learner = await issuer.store.learners.getByLmsUserId(issuerId, '4242');
        credentials = learner ? await issuer.store.credentials.listForLearner(learner.id) : [];
        if (credentials.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(credentials).toHaveLength(1);
      process.emit('SIGINT');
      expect(await exit).toBe(0);
      expect(logs.join('')).toContain('"msg":"event handled"');
    } finally {
      await redis.del(...streams, ...streams.map(deadLetterStream));
      redis.disconnect();
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Published {
  stream: string;
  messageId: string;
  eventId: string;
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (text) => void stdout.push(text), stderr: (text) => void stderr.push(text), readStdin: async () => '' });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const runSimulator = problem === undefined || process.env.CI === 'true' ? describe.skipIf(conformanceMissing) : describe.skip;

runSimulator('laurel simulate-lms', () => {
  let redis: Redis;
  let prefix: string;
  const streams = () => [CERTIFICATE_TOPIC, BADGES_TOPIC].map((topic) => streamName(prefix, topic));

  beforeAll(() => {
    if (problem !== undefined) throw new Error(`Redis is required (CI=true) but not reachable at ${REDIS_URL}: ${problem}`);
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    prefix = `laurel-test-${randomBytes(6).toString('hex')}`;
  });
  afterEach(async () => {
    await redis.del(...streams());
  });
  afterAll(() => redis?.disconnect());

  const simulate = (...args: string[]) => runCli(['simulate-lms', ...args, '--redis-url', REDIS_URL, '--prefix', prefix]);

  /** The stream entry of a published event, its event_data decoded with openedx-events' schema for the type it names. */
  async function readBack(published: Published) {
    const [entry] = await redis.xrangeBuffer(published.stream, published.messageId, published.messageId);
    expect(entry).toBeDefined();
    const fields = new Map<string, Buffer>();
    for (let i = 0; i + 1 < entry![1].length; i += 2) fields.set(entry![1][i]!.toString(), entry![1][i + 1]!);
    const type = fields.get('type')!.toString();
    const schema = avro.Type.forSchema(await readConformanceJson<avro.Schema>(`openedx-events/${schemaFileName(type)}`));
    return { type, id: fields.get('id')!.toString(), data: schema.fromBuffer(fields.get('event_data')!) as Record<string, any> };
  }

  it('publishes certificate-created with the learner, course and certificate asked for', async () => {
    const course = 'course-v1:Org+SIM101+2026';
    const { code, stdout } = await simulate('certificate-created', '--json', '--username', 'ada', '--email', 'ada@lovelace.test', '--name', 'Ada Lovelace', '--user-id', '77', '--course', course, '--course-name', 'Simulation 101', '--mode', 'honor', '--grade', '0.85');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Published & { type: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.stream).toBe(streamName(prefix, CERTIFICATE_TOPIC));
    const event = await readBack(lines[0]!);
    expect(event).toMatchObject({ type: CERTIFICATE_CREATED, id: lines[0]!.eventId });
    expect(event.data.certificate).toMatchObject({
      user: { id: 77, is_active: true, pii: { username: 'ada', email: 'ada@lovelace.test', name: 'Ada Lovelace' } },
      course: { course_key: course, display_name: 'Simulation 101' },
      mode: 'honor',
      grade: '0.85',
      current_status: 'downloadable',
    });
  });

  it('prints stream, message id and event id per event, and publishes certificate-revoked with a status', async () => {
    const { code, stdout } = await simulate('certificate-revoked', '--user-id', '78', '--status', 'notpassing');
    expect(code).toBe(0);
    const [stream, messageId, eventId] = stdout.trim().split(' ');
    const event = await readBack({ stream: stream!, messageId: messageId!, eventId: eventId! });
    expect(event).toMatchObject({ type: CERTIFICATE_REVOKED, id: eventId });
    expect(event.data.certificate).toMatchObject({ user: { id: 78, pii: { username: 'learner78' } }, mode: 'verified', current_status: 'notpassing' });
  });

  it.each([
    [[], true],
    [['--passing'], true],
    [['--not-passing'], false],
  ])('publishes passing-status %j as is_passing %s', async (flags, passing) => {
    const { code, stdout } = await simulate('passing-status', '--json', '--user-id', '79', ...flags);
    expect(code).toBe(0);
    const published = JSON.parse(stdout) as Published;
    expect(published.stream).toBe(streamName(prefix, BADGES_TOPIC));
    const event = await readBack(published);
    expect(event.type).toBe(COURSE_PASSING_STATUS_UPDATED);
    expect(event.data.course_passing_status).toMatchObject({ is_passing: passing, user: { id: 79 } });
  });

  it('publishes ccx-passing-status with the CCX and its master course', async () => {
    const { code, stdout } = await simulate('ccx-passing-status', '--json', '--course', 'ccx-v1:Org+SIM102+2026+ccx@4', '--not-passing');
    expect(code).toBe(0);
    const event = await readBack(JSON.parse(stdout) as Published);
    expect(event.type).toBe(CCX_COURSE_PASSING_STATUS_UPDATED);
    expect(event.data.course_passing_status).toMatchObject({
      is_passing: false,
      course: { ccx_course_key: 'ccx-v1:Org+SIM102+2026+ccx@4', master_course_key: 'course-v1:Org+SIM102+2026' },
    });
  });

  it('publishes --count events for generated learners with consecutive ids', async () => {
    const { code, stdout } = await simulate('certificate-created', '--json', '--count', '3', '--user-id', '500');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Published);
    const users = [];
    for (const line of lines) users.push((await readBack(line)).data.certificate.user);
    expect(users.map((user) => [user.id, user.pii.username])).toEqual([[500, 'learner500'], [501, 'learner501'], [502, 'learner502']]);
    expect(new Set(lines.map((line) => line.eventId)).size).toBe(3);
  });

  it.each([
    ['passing-status', '--passing', '--not-passing'],
    ['certificate-created', '--not-passing'],
    ['certificate-created', '--count', '0'],
    ['certificate-created', '--count', '2', '--username', 'ada'],
    ['certificate-created', '--user-id', '-4'],
    ['certificate-created', '--grade', 'high'],
    ['badge-awarded'],
  ])('rejects %j as a usage error and publishes nothing', async (...args) => {
    const { code, stderr } = await simulate(...args);
    expect(code).toBe(2);
    expect(stderr).not.toBe('');
    for (const stream of streams()) expect(await redis.xlen(stream)).toBe(0);
  });
});
