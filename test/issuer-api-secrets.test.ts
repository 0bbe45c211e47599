// No private key material and no API token ever leaves the issuer: a whole
// working session (did:key and did:web issuers, key rotation, issuing,
// re-issuing, revoking, the VC-API, failures, and 500s) is recorded, and
// every response body, header and log line is searched for the secrets,
// which are read back by opening the sealed keys in the database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, REDACTED_PATHS } from '@laurel/http-kit';
import { LaurelError } from '@laurel/models';
import { openSealedSecretKey } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, completion, send, type ApiResponse, type SendOptions } from './issuer-api-support.js';

const FORBIDDEN_WORDS = ['secretKeyMultibase', 'privateKeyMultibase', 'sealedSecretKey', 'sealed_secret_key'];

describeEachDatabase('issuer API: no secret in any response or log line', (database) => {
  let issuer: TestIssuer;
  const logLines: string[] = [];
  const responses: { what: string; response: ApiResponse }[] = [];
  const secrets = new Map<string, string>();
  const record = async (method: string, path: string, options: SendOptions = {}) => {
    const response = await send(issuer, method, path, options);
    responses.push({ what: `${method} ${path} → ${response.status}`, response });
    return response;
  };

  beforeAll(async () => {
    issuer = await createTestIssuer(await database.fresh(), logLines);
    secrets.set('admin token', issuer.adminToken);
    const { token: tenantToken } = await issuer.store.tokens.create({ issuerId: null, name: 'second admin', scopes: ['admin'] });
    secrets.set('second token', tenantToken);
    const kek = Buffer.from(issuer.deps.keyEncryptionKey);
    secrets.set('key-encryption key (base64)', kek.toString('base64'));
    secrets.set('key-encryption key (base64url)', kek.toString('base64url'));
    secrets.set('key-encryption key (hex)', kek.toString('hex'));

    // A working session.
    const ids: Record<string, string> = {};
    for (const [slug, didMethod, vcVersion] of [['key-u', 'key', '2.0'], ['web-u', 'web', '2.0'], ['old-web-u', 'web', '1.1']] as const) {
      const created = await record('POST', '/v1/issuers', { json: { slug, name: slug, didMethod, vcVersion } });
      expect(created.status, created.text).toBe(201);
      ids[slug] = created.body.id as string;
      const achievement = await record('POST', `/v1/issuers/${ids[slug]}/achievements`, { json: { externalId: COURSE, name: 'Course', rules: { minGradePercent: 50 }, reportGrade: true } });
      expect(achievement.status, achievement.text).toBe(201);
      await record('GET', `/v1/issuers/${ids[slug]}`);
      await record('GET', `/v1/issuers/${ids[slug]}/achievements`);
      await record('GET', `/issuers/${slug}/did.json`, { token: null });
    }
    for (const slug of ['web-u', 'old-web-u']) {
      for (let rotation = 0; rotation < 2; rotation += 1) expect((await record('POST', `/v1/issuers/${ids[slug]}/keys`)).status).toBe(201);
      await record('GET', `/issuers/${slug}/did.json`, { token: null });
    }
    expect((await record('POST', `/v1/issuers/${ids['key-u']}/keys`)).status).toBe(409);
    await record('GET', '/v1/issuers');

    const issued: string[] = [];
    for (const slug of ['key-u', 'web-u', 'old-web-u']) {
      const reported = await record('POST', '/v1/completions', { json: { issuerId: ids[slug], records: [completion(`${slug}-1`, `${slug}-e1`), completion(`${slug}-2`, `${slug}-e2`)] } });
      expect(reported.status, reported.text).toBe(200);
      issued.push(...(reported.body.issued as { credentialId: string }[]).map((entry) => entry.credentialId));
      const learnerId = reported.body.progress[0].learnerId as string;
      await record('GET', `/v1/learners/${learnerId}/progress`);
      expect((await record('PATCH', `/v1/learners/${learnerId}`, { json: { name: 'Renamed Learner' } })).status).toBe(200);
    }
    expect(issued).toHaveLength(6);
    for (const credentialId of issued) {
      await record('GET', `/v1/credentials/${credentialId}`);
      await record('GET', `/credentials/${credentialId}`, { token: null });
    }
    await record('POST', `/v1/credentials/${issued[1]}/suspend`, { json: { reason: 'review' } });
    await record('POST', `/v1/credentials/${issued[1]}/unsuspend`, { json: {} });
    await record('POST', `/v1/credentials/${issued[3]}/revoke`, { json: { reason: 'error' } });
    await record('POST', `/v1/credentials/${issued[3]}/revoke`, { json: {} });

    const signed = await record('POST', '/credentials/issue', {
      json: { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: {}, credentialSubject: { id: 'did:example:holder' } }, options: { issuerId: ids['web-u'] } },
    });
    expect(signed.status, signed.text).toBe(201);
    await record('POST', '/credentials/status', { json: { credentialId: signed.body.verifiableCredential.id, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }], issuerId: ids['web-u'] } });

    // Failures: 4xx of every kind, then 500s.
    await record('POST', '/v1/issuers', { json: { slug: 'Bad Slug', name: 5 } });
    await record('POST', '/v1/issuers', { raw: '{"slug":' });
    await record('GET', '/v1/issuers', { token: 'lrl_not-a-real-token' });
    await record('GET', '/v1/issuers', { token: issuer.adminToken.slice(0, -2) });
    await record('POST', '/credentials/issue', { json: { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: {}, credentialSubject: { id: 'did:example:x', undefinedTerm: 1 } }, options: { issuerId: ids['web-u'] } } });

    // 500: the web issuer's sealed key is damaged, so signing cannot open it.
    const damagedKey = (await issuer.store.keys.activeKey(ids['web-u']!))!;
    // Read every secret before damaging anything.
    for (const key of await issuer.store.db.selectFrom('issuerKeys').selectAll().execute()) {
      secrets.set(`secret of ${key.id}`, openSealedSecretKey(key.sealedSecretKey, issuer.deps.keyEncryptionKey, key.id));
      secrets.set(`sealed ${key.id}`, key.sealedSecretKey);
    }
    const [format, iv, tag, sealed] = damagedKey.sealedSecretKey.split('.');
    await issuer.store.db.updateTable('issuerKeys').set({ sealedSecretKey: [format, iv, tag, `${sealed!.slice(0, -4)}AAAA`].join('.') }).where('id', '=', damagedKey.id).execute();
    const broken = await record('POST', '/v1/completions', { json: { issuerId: ids['web-u'], ...completion('web-u-9', 'web-u-e9') } });
    expect(broken.status, broken.text).toBe(500);

    // 500: the database is gone.
    await issuer.close();
    const closed = await record('GET', '/v1/issuers');
    expect(closed.status).toBe(500);
    const closedWrite = await record('POST', '/v1/completions', { json: { issuerId: ids['key-u'], ...completion('key-u-9', 'key-u-e9') } });
    expect(closedWrite.status).toBe(500);
  });
  afterAll(() => issuer.close());

  it('the session really exercised keys and errors (so the searches below could find something)', () => {
    expect([...secrets.keys()].filter((name) => name.startsWith('secret of '))).toHaveLength(7); // 1 did:key + 2 × (1 + 2 rotations)
    for (const [name, value] of secrets) expect(value.length, name).toBeGreaterThan(20);
    expect(responses.length).toBeGreaterThan(50);
    const errors = logLines.filter((line) => JSON.parse(line).level >= 50);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(logLines.join('\n')).toContain('KEY_DECRYPTION_FAILED');
  });

  it('no response body or header carries a secret or a key field', () => {
    for (const { what, response } of responses) {
      const everything = `${response.text}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}`;
      for (const word of FORBIDDEN_WORDS) expect(everything.includes(word), `${what} mentions ${word}`).toBe(false);
      for (const [name, value] of secrets) expect(everything.includes(value), `${what} contains the ${name}`).toBe(false);
    }
  });

  it('no log line carries a secret or a key field', () => {
    for (const line of logLines) {
      for (const word of FORBIDDEN_WORDS) expect(line.includes(word), `log mentions ${word}: ${line.slice(0, 300)}`).toBe(false);
      for (const [name, value] of secrets) expect(line.includes(value), `log contains the ${name}: ${line.slice(0, 300)}`).toBe(false);
    }
  });

  it('500 answers reveal nothing internal', () => {
    for (const { what, response } of responses.filter((entry) => entry.response.status >= 500)) {
      expect(response.body, what).toMatchObject({ status: 500, detail: 'The server could not complete the request.' });
      expect(response.text, what).not.toMatch(/stack|at .*\.ts:\d+|destroyed|sqlite|mysql/i);
    }
  });
});

it('the logger redacts key material and tokens wherever a log call puts them', () => {
  const lines: string[] = [];
  const logger = createLogger({ name: 'redaction', destination: { write: (line: string) => void lines.push(line) } });
  const secret = 'zSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRET';
  const key = { id: 'did:web:x#k', publicKeyMultibase: 'z6Mk-public', secretKeyMultibase: secret };
  logger.info({ key }, 'key at depth 2');
  logger.info({ issuer: { key } }, 'key at depth 3');
  logger.info({ ...key }, 'key at the top');
  logger.info({ row: { sealedSecretKey: secret } }, 'sealed');
  logger.info({ token: secret, tokens: { token: secret } }, 'tokens');
  logger.info({ req: { headers: { authorization: `Bearer ${secret}` } } }, 'request');
  logger.error({ err: new LaurelError('KEY_PROBLEM', 'a key failed', { key }) }, 'error with the key in its details');
  expect(lines).toHaveLength(7);
  for (const line of lines) expect(line, line).not.toContain(secret);
  expect(lines.join('\n')).toContain('z6Mk-public');
  // Censoring keeps the error readable: its type, message, code and the rest of its details.
  const logged = JSON.parse(lines[6]!) as { msg: string; err: { type: string; message: string; code: string; stack: string; details: { key: Record<string, string> } } };
  expect(logged.msg).toBe('error with the key in its details');
  expect(logged.err).toMatchObject({ type: 'LaurelError', message: 'a key failed', code: 'KEY_PROBLEM', details: { key: { id: 'did:web:x#k', publicKeyMultibase: 'z6Mk-public', secretKeyMultibase: '[redacted]' } } });
  expect(logged.err.stack).toContain('LaurelError: a key failed');
  expect(REDACTED_PATHS).toContain('secretKeyMultibase');
});
