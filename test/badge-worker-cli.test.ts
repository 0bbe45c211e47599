// `laurel badge-worker`: badge delivery as its own process, against the issuer's
// database and a fake Credly on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureBadgePlatform, mapAchievementToBadge } from '@laurel/badge-platforms';
import { main } from '@laurel/cli';
import { FakeCredly } from '../packages/badge-platforms/src/testing/fake-credly.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

const ORG = 'org-worker';
const TOKEN = 'credly-worker-token-NOT-FOR-LOGS';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), readStdin: async () => '' });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('laurel badge-worker', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-badge-worker-'));
  const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
  let issuer: TestIssuer;
  let credly: FakeCredly;
  let issuerId: string;

  beforeAll(async () => {
    issuer = await createTestIssuer(databaseUrl);
    credly = await new FakeCredly(ORG, TOKEN, [{ id: 'tmpl-1', name: 'Worker badge', state: 'active' }]).start();
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'worker-u', name: 'Worker University', didMethod: 'key' })).body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:W+W+1', name: 'W', rules: { requirePassed: true } });
    await configureBadgePlatform(issuer.deps, 'test', { issuerId, platform: 'credly', apiKey: TOKEN, baseUrl: credly.url, organizationId: ORG });
    await mapAchievementToBadge(issuer.deps, 'test', achievement.body.id, 'credly', 'tmpl-1');
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(async () => {
    await credly.close();
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const useIssuerEnv = () => {
    vi.stubEnv('DATABASE_URL', databaseUrl);
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    vi.stubEnv('FETCH_ALLOW_HTTP', 'true');
    vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'true');
  };

  it('--once delivers what is due, revokes what was revoked, prints a summary and exits', async () => {
    const completion = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: '1', name: 'Kat Johnson', email: 'kat@example.org' }, courseId: 'course-v1:W+W+1', passed: true, sourceEventId: 'w-1' });
    const credentialId = completion.body.issued[0].credentialId as string;
    useIssuerEnv();

    const first = await run(['badge-worker', '--once']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ queued: 1, delivered: 1, failed: 0 });
    expect(credly.badges).toEqual([expect.objectContaining({ recipient_email: 'kat@example.org', badge_template_id: 'tmpl-1', state: 'pending' })]);

    expect((await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    const second = await run(['badge-worker', '--once']);
    expect(JSON.parse(second.stdout)).toMatchObject({ revocationsQueued: 1, delivered: 1 });
    expect(credly.badges[0]).toMatchObject({ state: 'revoked', revocation_reason: 'issued in error' });

    const idle = await run(['badge-worker', '--once']);
    expect(JSON.parse(idle.stdout)).toMatchObject({ queued: 0, attempted: 0 });
    expect(first.stderr + second.stderr).not.toContain(TOKEN);
  });

  it('refuses loopback platforms unless allowed, leaving the delivery failed with the reason', async () => {
    const completion = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: '2', name: 'Dorothy Vaughan', email: 'dorothy@example.org' }, courseId: 'course-v1:W+W+1', passed: true, sourceEventId: 'w-2' });
    useIssuerEnv();
    vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'false');
    const result = await run(['badge-worker', '--once']);
    expect(JSON.parse(result.stdout)).toMatchObject({ delivered: 0, failed: 1 });
    const [delivery] = await issuer.store.badgePlatforms.listForCredential(completion.body.issued[0].credentialId);
    expect(delivery).toMatchObject({ state: 'failed', reason: expect.stringMatching(/loopback|address|refused/i) });
  });

  it('rejects a bad interval as a usage error', async () => {
    const result = await run(['badge-worker', '--interval', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--interval/);
  });
});
