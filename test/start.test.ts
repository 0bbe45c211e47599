// What `npm start` does, end to end on real sockets: both services on one
// SQLite file, the demo issuer seeded, a completion in, a credential out that
// the verifier accepts, its status list served with caching headers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';

describe('npm start: issuer and verifier together', () => {
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-start-'));
  const bootstrapToken = 'lrl_bootstrap-token-for-the-start-test-0123456789';

  beforeAll(async () => {
    const env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'data/laurel.db')}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_SEED_DEMO: 'true',
      LAUREL_BOOTSTRAP_TOKEN: bootstrapToken,
      ISSUER_PORT: '0',
      VERIFIER_PORT: '0',
      LOG_LEVEL: 'silent',
    };
    issuer = await startIssuer(env);
    // Status list URLs in credentials must point at the verifier: learn its port first.
    verifier = await startVerifier(env, { store: issuer.store });
  });
  afterAll(async () => {
    await verifier?.close();
    await issuer?.close();
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
});
