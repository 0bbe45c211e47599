// The compiled canonical path (packages/suites/src/canonical) only pays off if
// the credentials Laurel actually issues stay inside it. Issue through the real
// route (POST /v1/completions: a learner with an email, hence hashed
// identifiers; a reported grade, hence results) on VC 2.0 and VC 1.1 issuers,
// and check that no document was refused, and that the compiled canonical form
// of each stored credential is the stock library's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { offlineDocumentLoader } from '@laurel/contexts';
import { canonicalPathCounts, lastRefusalReason, verifyCredential } from '@laurel/suites';
import { fastCanonize } from '../packages/suites/src/canonical/index.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

const COURSE = 'course-v1:Org+FAST+2026';

describe('credentials issued by Laurel take the compiled canonical path', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;
  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
  });
  afterAll(async () => {
    await issuer.close();
    await database.drop();
  });

  it.each(['2.0', '1.1'] as const)('VC %s: signed without a refusal, canonical form identical to stock', async (vcVersion) => {
    const created = await issuer.call('POST', '/v1/issuers', { slug: `fast-${vcVersion.replace('.', '')}`, name: 'Fast University', didMethod: 'key', vcVersion, email: 'registrar@fast.example', url: 'https://fast.example' });
    expect(created.status).toBe(201);
    const issuerId = created.body.id as string;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Fast 101', tier: 'Gold', rules: { requirePassed: true }, reportGrade: true })).status).toBe(201);

    const before = canonicalPathCounts();
    const response = await issuer.call('POST', '/v1/completions', {
      issuerId,
      learner: { lmsUserId: `learner-${vcVersion}`, name: 'Ada Lovelace', email: 'ada@learners.example' },
      courseId: COURSE,
      gradePercent: 91,
      passed: true,
      sourceEventId: `fast-${vcVersion}`,
    });
    expect(response.status).toBe(200);
    expect(response.body.issued).toHaveLength(1);
    const after = canonicalPathCounts();
    expect(after.refused - before.refused, `refused: ${lastRefusalReason()}`).toBe(0);
    // The credential and its proof options (and the status list it was published to) went through the compiled path.
    expect(after.answered - before.answered).toBeGreaterThanOrEqual(2);

    const stored = (await issuer.store.credentials.get(response.body.issued[0].credentialId as string))!.document as Record<string, unknown>;
    // What made the path refuse before: OB 3.0's IdentityObject "hashed", a native boolean under an xsd:boolean coercion.
    expect(JSON.stringify(stored)).toContain('"hashed":true');
    const { proof: _proof, ...unsigned } = stored;
    const stock = await jsonld.canonize(unsigned, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, base: null, documentLoader: offlineDocumentLoader });
    expect(await fastCanonize(unsigned, offlineDocumentLoader)).toBe(stock);
    expect((await verifyCredential(stored as never, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });
});
