import { it } from 'vitest';
import { createTestIssuer } from './support/issuer.js';
import { freshDatabaseUrl } from './support/databases.js';

it('probe', async () => {
  const db = await freshDatabaseUrl((process.env.PROBE_DB as 'mysql') ?? 'sqlite');
  const logs: string[] = [];
  const t = await createTestIssuer(db.url, logs);
  const show = async (label: string, m: string, p: string, b?: unknown, tok?: string) => { const r = await t.call(m, p, b, tok); console.log(label, r.status, JSON.stringify(r.body).slice(0, 300)); return r; };
  const a = await show('create', 'POST', '/v1/issuers', { slug: 'a-u', name: 'A', didMethod: 'key' });
  const id = a.body.id;
  await show('long url', 'POST', '/v1/issuers', { slug: 'c-u', name: 'C', url: 'https://x.test/' + 'a'.repeat(70000) });
  await show('long courseId', 'POST', `/v1/issuers/${id}/achievements`, { externalId: 'p', kind: 'program', name: 'n', rules: { courses: [{ courseId: 'c'.repeat(300) }] } });
  const rec = (u: string, extra: object = {}) => ({ learner: { lmsUserId: u, ...extra }, courseId: 'c1', sourceEventId: `e-${u}` });
  await show('batch', 'POST', '/v1/completions', { issuerId: id, records: [rec('u1'), rec('u2'), rec('u3', { did: 'did:example:' + 'x'.repeat(70000) })] });
  const n = await t.store.db.selectFrom('completionRecords').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  console.log('completion rows', n);
  await t.close();
  await db.drop();
});
