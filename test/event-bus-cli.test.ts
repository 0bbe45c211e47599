// `laurel consume` end to end: the command reads its settings from the
// environment, consumes a simulated certificate-created event from the real
// Redis and stops cleanly on SIGINT. Fails under CI=true when Redis is not
// reachable, skips otherwise.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '@laurel/cli';
import { BADGES_TOPIC, CERTIFICATE_CREATED, CERTIFICATE_TOPIC, createSchemaRegistry, deadLetterStream, publishOpenEdxEvent, streamName } from '@laurel/event-bus';
import { createTestIssuer } from './support/issuer.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SCHEMAS_DIR = fileURLToPath(new URL('../../shared/conformance/openedx-events', import.meta.url));
const COURSE = 'course-v1:Org+CLI101+2026';

async function redisProblem(): Promise<string | undefined> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}
const problem = await redisProblem();
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
      vi.stubEnv('EVENT_BUS_ISSUER_ID', issuerId);
      vi.stubEnv('OPENEDX_EVENT_SCHEMAS_DIR', SCHEMAS_DIR);
      const logs: string[] = [];
      const exit = main(['consume'], { stdout: () => {}, stderr: (text) => void logs.push(text), readStdin: async () => '' });

      await publishOpenEdxEvent(redis, {
        prefix,
        type: CERTIFICATE_CREATED,
        schemas: createSchemaRegistry(SCHEMAS_DIR),
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
