// What `npm start` does, end to end on real sockets: both services on one
// SQLite file, the demo issuer seeded, a completion in, a credential out that
// the verifier accepts, its status list served with caching headers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';
import { main } from '@laurel/cli';
import { deleteStreams, probeRedis, waitFor } from './support/redis.js';

const redisProblem = await probeRedis();

describe('npm start: issuer and verifier together', () => {
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-start-'));
  const bootstrapToken = 'lrl_bootstrap-token-for-the-start-test-0123456789';
  const prefix = `start-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'data/laurel.db')}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_SEED_DEMO: 'true',
      LAUREL_BOOTSTRAP_TOKEN: bootstrapToken,
      ISSUER_PORT: '0',
      VERIFIER_PORT: '0',
      LOG_LEVEL: 'silent',
      // As scripts/start.js sets them, on a stream prefix of this test's own.
      EVENT_BUS_CONSUMER: 'auto',
      EVENT_BUS_ISSUER_ID: 'demo',
      EVENT_BUS_TOPIC_PREFIX: prefix,
    };
    issuer = await startIssuer(env);
    // Status list URLs in credentials must point at the verifier: learn its port first.
    verifier = await startVerifier(env, { store: issuer.store });
  });
  afterAll(async () => {
    await verifier?.close();
    await issuer?.close();
    if (redisProblem === undefined) await deleteStreams(prefix);
  });

  it('seeds a demo issuer and accepts the bootstrap token', async () => {
    expect(issuer.bootstrap.freshDatabase).toBe(true);
    expect(issuer.bootstrap.demo?.courseId).toBe('course-v1:Laurel+VC101+2026');
    const response = await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: `Bearer ${bootstrapToken}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { slug: string }[]).map((entry) => entry.slug)).toEqual(['demo']);
    expect((await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: 'Bearer lrl_wrong' } })).status).toBe(401);
  });

  it('issues a credential the verifier accepts, over HTTP', async () => {
    const { demo } = issuer.bootstrap;
    const completion = await fetch(`${issuer.url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuerId: demo!.issuerId, learner: { lmsUserId: '42', name: 'Ada Lovelace' }, courseId: demo!.courseId, completionPercent: 100, gradePercent: 91, sourceEventId: 'start-test-1' }),
    });
    expect(completion.status).toBe(200);
    const { issued } = (await completion.json()) as { issued: { credentialId: string }[] };
    expect(issued).toHaveLength(1);
    const credential = await (await fetch(`${issuer.url}/credentials/${issued[0]!.credentialId}`)).json();

    const verified = await fetch(`${verifier.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }) });
    const report = (await verified.json()) as { verified: boolean; checks: { check: string; status: string }[] };
    expect(report.checks.map((check) => `${check.check}:${check.status}`)).toEqual(['proof:valid', 'validity:valid', 'status:valid', 'issuer:valid', 'schema:valid']);
    expect(verified.status).toBe(200);
  });

  it('with Redis up, plays the LMS: laurel simulate-lms → a credential for the demo Open edX course', async (context) => {
    if (redisProblem !== undefined) {
      if (process.env.CI === 'true') throw new Error(`Redis is required under CI: ${redisProblem}`);
      context.skip();
    }
    expect(issuer.workers.eventBus).toBeDefined();
    const { demo } = issuer.bootstrap;
    const printed: string[] = [];
    const code = await main(
      ['simulate-lms', 'certificate-created', '--prefix', prefix, '--course', demo!.openEdxCourseId!, '--user-id', '7', '--username', 'grace', '--email', 'grace@example.org', '--name', 'Grace Hopper', '--grade', '0.93'],
      { stdout: (text) => void printed.push(text), stderr: (text) => void printed.push(text), readStdin: async () => '' },
    );
    expect(code, printed.join('')).toBe(0);
    const credential = await waitFor('the credential from the event', async () => {
      const learner = await issuer.store.learners.getByLmsUserId(demo!.issuerId, '7');
      return learner ? (await issuer.store.credentials.listForLearner(learner.id))[0] : undefined;
    });
    expect((credential.document as { credentialSubject: { name: string } }).credentialSubject.name).toBe('Grace Hopper');
    const page = await fetch(`${issuer.url}/credentials/${credential.id}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Grace Hopper');
  });
});
