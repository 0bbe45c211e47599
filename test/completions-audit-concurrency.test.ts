// Many completions at once, every one delivered twice, for two achievements
// on one course (one with automatic wallet offers): every credential ends up
// with exactly one `credential.issue` audit row, every auto-offered one with
// exactly one offer and one `wallet.offer` row, and both deliveries of a
// learner answer with the same claim link.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, completion } from './issuer-api-support.js';

const LEARNERS = 40;
const IN_FLIGHT = 12;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describeEachDatabase('concurrent completions and their audit rows', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  let autoOfferId: string;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'race-u', name: 'Race University', didMethod: 'key' })).body.id;
    const achievements = `/v1/issuers/${issuerId}/achievements`;
    autoOfferId = (await issuer.call('POST', achievements, { externalId: COURSE, name: 'Race 101', tier: 'Completion', rules: { minGradePercent: 50 }, autoOffer: true })).body.id;
    expect((await issuer.call('POST', achievements, { externalId: COURSE, name: 'Race 101 with distinction', tier: 'Distinction', rules: { minGradePercent: 80 } })).status).toBe(201);
  });
  afterAll(() => issuer?.close());

  it('gives every credential exactly one credential.issue row, and every auto-offer one offer and one link', async () => {
    const deliveries = Array.from({ length: LEARNERS }, (_, i) => completion(`racer-${i}`, `race-${i}`, { gradePercent: 60 + (i % 40) })).flatMap((record) => [record, record]);
    const claimLinks = new Map<string, Set<string>>();
    const failures: string[] = [];
    await inBatches(deliveries, IN_FLIGHT, async (record) => {
      const answer = await issuer.call('POST', '/v1/completions', { issuerId, ...record });
      if (answer.status !== 200) return void failures.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      const lmsUserId = (record.learner as { lmsUserId: string }).lmsUserId;
      for (const entry of [...answer.body.issued, ...answer.body.existing] as { achievementId: string; claimUrl?: string }[]) {
        if (entry.achievementId !== autoOfferId) continue;
        if (!claimLinks.has(lmsUserId)) claimLinks.set(lmsUserId, new Set());
        claimLinks.get(lmsUserId)!.add(entry.claimUrl ?? 'no claim link');
      }
    });
    expect(failures).toEqual([]);

    const credentials = await issuer.store.db.selectFrom('credentials').select(['id', 'achievementId']).where('issuerId', '=', issuerId).execute();
    expect(credentials.length).toBeGreaterThan(LEARNERS);
    const issueRows = await issuer.store.db.selectFrom('auditLog').select('targetId').where('action', '=', 'credential.issue').where('issuerId', '=', issuerId).execute();
    expect(issueRows.map((row) => row.targetId).sort()).toEqual(credentials.map((credential) => credential.id).sort());

    const offered = credentials.filter((credential) => credential.achievementId === autoOfferId).map((credential) => credential.id).sort();
    expect(offered).toHaveLength(LEARNERS);
    const offers = await issuer.store.db.selectFrom('walletOffers').select('credentialId').execute();
    expect(offers.map((offer) => offer.credentialId).sort()).toEqual(offered);
    const offerRows = await issuer.store.db.selectFrom('auditLog').select('targetId').where('action', '=', 'wallet.offer').execute();
    expect(offerRows.map((row) => row.targetId).sort()).toEqual(offered);

    // Both deliveries of each learner answered with one and the same link.
    expect(claimLinks.size).toBe(LEARNERS);
    for (const [learner, links] of claimLinks) expect([...links], learner).toEqual([expect.stringMatching(/^https:\/\/issuer\.test\/claim\//)]);
  }, 120_000);
});
