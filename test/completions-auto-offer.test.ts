// A completion that earns an `autoOffer` achievement commits the credential,
// its wallet offer and their audit rows in one transaction: a failure at any
// of them (forced here by a database trigger, so our own code runs unchanged)
// leaves none of them, and a retry answers with the same claim link.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '@laurel/store';
import { describeEachDatabase, type DatabaseDialect } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, completion, expectNothingWritten } from './issuer-api-support.js';

/** Makes every insert into `table` (matching `when`, a condition on NEW) fail until dropped. */
async function failInserts(store: Store, dialect: DatabaseDialect, table: string, when = '1 = 1'): Promise<() => Promise<void>> {
  const name = `forced_failure_${table}`;
  if (dialect === 'sqlite') {
    await sql.raw(`create trigger ${name} before insert on ${table} when ${when} begin select raise(abort, 'forced failure'); end`).execute(store.db);
  } else {
    await sql.raw(`create trigger ${name} before insert on ${table} for each row begin if ${when} then signal sqlstate '45000' set message_text = 'forced failure'; end if; end`).execute(store.db);
  }
  return async () => {
    await sql.raw(`drop trigger ${name}`).execute(store.db);
  };
}

async function count(store: Store, table: 'walletOffers' | 'credentials' | 'auditLog'): Promise<number> {
  const { n } = await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

async function auditRows(store: Store, action: string, targetId: string) {
  return store.db.selectFrom('auditLog').selectAll().where('action', '=', action).where('targetId', '=', targetId).execute();
}

describeEachDatabase('completions with automatic wallet offers', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  const report = (record: Record<string, unknown>) => issuer.call('POST', '/v1/completions', { issuerId, ...record });

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'auto-u', name: 'Auto University', didMethod: 'key' })).body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Auto 101', rules: { minGradePercent: 70 }, autoOffer: true });
    expect(achievement.status).toBe(201);
  });
  afterAll(() => issuer?.close());

  it('commits the credential, its offer and their audit rows together; a retry answers with the same claim link', async () => {
    const first = await report(completion('ann', 'ann-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.issued).toHaveLength(1);
    const { credentialId, claimUrl } = first.body.issued[0] as { credentialId: string; claimUrl: string };
    expect(claimUrl).toMatch(/^https:\/\/issuer\.test\/claim\/[A-Za-z0-9_-]{43}$/);
    expect((await issuer.app.request(new URL(claimUrl).pathname)).status).toBe(200);
    expect(await issuer.store.walletOffers.listForCredential(credentialId)).toHaveLength(1);
    expect(await auditRows(issuer.store, 'credential.issue', credentialId)).toHaveLength(1);
    expect((await auditRows(issuer.store, 'wallet.offer', credentialId)).map((row) => row.actor)).toEqual(['token:test admin']);

    // The same event again, then the same achievement earned by another event: nothing new, the same link.
    const repeated = await report(completion('ann', 'ann-1'));
    expect(repeated.body).toMatchObject({ issued: [], duplicates: ['ann-1'], existing: [{ credentialId, claimUrl, claimState: 'open' }] });
    const again = await report(completion('ann', 'ann-2', { gradePercent: 95 }));
    expect(again.body).toMatchObject({ issued: [], duplicates: [], existing: [{ credentialId, claimUrl, claimState: 'open' }] });
    expect(await issuer.store.walletOffers.listForCredential(credentialId)).toHaveLength(1);
    expect(await auditRows(issuer.store, 'credential.issue', credentialId)).toHaveLength(1);
  });

  it('a failure writing the offer leaves no credential, offer, audit row or record; the retry issues and keeps its link', async () => {
    const allowOffers = await failInserts(issuer.store, database.dialect, 'wallet_offers');
    const offersBefore = await count(issuer.store, 'walletOffers');
    try {
      const failed = await expectNothingWritten(issuer.store, () => report(completion('bo', 'bo-1')));
      expect(failed.status).toBe(500);
      expect(await count(issuer.store, 'walletOffers')).toBe(offersBefore);
    } finally {
      await allowOffers();
    }

    const retried = await report(completion('bo', 'bo-1'));
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.duplicates).toEqual([]);
    const { credentialId, claimUrl } = retried.body.issued[0] as { credentialId: string; claimUrl: string };
    expect(claimUrl).toBeDefined();
    expect(await auditRows(issuer.store, 'credential.issue', credentialId)).toHaveLength(1);
    const onceMore = await report(completion('bo', 'bo-1'));
    expect(onceMore.body.existing).toEqual([expect.objectContaining({ credentialId, claimUrl })]);
  });

  it('a failure writing the credential.issue audit row leaves no credential and no offer', async () => {
    const allowIssueAudit = await failInserts(issuer.store, database.dialect, 'audit_log', "NEW.action = 'credential.issue'");
    const [credentialsBefore, offersBefore] = [await count(issuer.store, 'credentials'), await count(issuer.store, 'walletOffers')];
    try {
      const failed = await expectNothingWritten(issuer.store, () => report(completion('cy', 'cy-1')));
      expect(failed.status).toBe(500);
    } finally {
      await allowIssueAudit();
    }
    expect(await count(issuer.store, 'credentials')).toBe(credentialsBefore);
    expect(await count(issuer.store, 'walletOffers')).toBe(offersBefore);
    const retried = await report(completion('cy', 'cy-1'));
    expect(retried.body.issued).toEqual([expect.objectContaining({ claimUrl: expect.any(String) })]);
  });
});
