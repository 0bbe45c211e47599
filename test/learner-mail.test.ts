// Issue 17 item 4, "reach the learner": a credential issued, re-issued or
// revoked owes its learner a mail, queued in the same transaction; the mail
// worker sends it by SMTP to a real SMTP server the test starts (smtp-server),
// retries while that server is down, and never sends one twice.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport, isPermanentSmtpFailure, processLearnerMail, type LearnerMailDeps, type MailTransport } from '@laurel/learner-mail';
import { startIssuer } from '@laurel/issuer-service';
import { describeEachDatabase, freshDatabaseUrl } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.js';
import { waitFor } from './support/wait.js';
import { COURSE } from './issuer-api-support.js';

const learner = (lmsUserId: string, extra: Record<string, unknown> = {}) => ({ lmsUserId, name: `Learner ${lmsUserId}`, email: `${lmsUserId}@learners.test`, ...extra });
const completion = (who: Record<string, unknown>, sourceEventId: string) => ({ learner: who, courseId: COURSE, completionPercent: 100, gradePercent: 90, passed: true, sourceEventId });

function mailsTo(smtp: TestSmtpServer, address: string): ReceivedMail[] {
  return smtp.received.filter((mail) => mail.recipients.includes(address));
}

function claimLinkIn(text: string): URL {
  const match = /https:\/\/issuer\.test\/claim\/[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no claim link in:\n${text}`);
  return new URL(match[0]);
}

describeEachDatabase('learner e-mail through SMTP', (database) => {
  let smtp: TestSmtpServer;
  let issuer: TestIssuer;
  let transport: MailTransport;
  let issuerId: string;
  const mailDeps = (now?: () => Date): LearnerMailDeps => ({
    issuance: { ...issuer.deps, ...(now ? { now } : {}) },
    transport,
    defaultFrom: { name: 'Laurel', address: 'laurel@mail.test' },
    baseDelayMs: 60_000,
  });
  const issue = async (who: Record<string, unknown>, sourceEventId: string): Promise<string> => {
    const answer = await issuer.call('POST', '/v1/completions', { issuerId, ...completion(who, sourceEventId) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body.issued as { credentialId: string }[])[0]!.credentialId;
  };
  const emails = async (credentialId: string) => {
    const answer = await issuer.call('GET', `/v1/credentials/${credentialId}/emails`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items as { kind: string; state: string; attempts: number; lastError: string | null; nextAttemptAt: string | null; messageId: string | null }[];
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    transport = await createSmtpTransport(smtp.url, { timeoutMs: 5_000 });
    issuer = await createTestIssuer(database.url, undefined, { emailLearners: true });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'mail-u', name: 'Mail University', email: 'registrar@mail-u.test', didMethod: 'key' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    issuerId = created.body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Mail 101', rules: { minGradePercent: 70 } });
    expect(achievement.status, JSON.stringify(achievement.body)).toBe(201);
  });
  afterAll(async () => {
    transport?.close();
    await issuer?.close();
    await smtp?.stop();
  });

  it('an issue mail arrives from the issuer with the learner’s name, the achievement and a claim link that opens a live wallet offer', async () => {
    const credentialId = await issue(learner('ann', { name: 'Ann Example' }), 'ann-1');
    // Queued with the credential, before any worker ran.
    expect(await emails(credentialId)).toMatchObject([{ kind: 'issued', state: 'pending', attempts: 0 }]);

    expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 1, sent: 1 });
    const [mail, ...more] = mailsTo(smtp, 'ann@learners.test');
    expect(more).toEqual([]);
    expect(mail!.parsed.subject).toBe('You earned Mail 101');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Mail University', address: 'registrar@mail-u.test' }]);
    expect(mail!.envelopeFrom).toBe('laurel@mail.test');
    expect(mail!.parsed.text).toContain('Hello Ann Example,');
    expect(mail!.parsed.text).toContain('Mail University has issued you a verifiable credential for Mail 101.');
    expect(mail!.parsed.text).toContain(`https://issuer.test/credentials/${credentialId}`);
    expect(mail!.parsed.html).toContain('Ann Example');

    // Follow the link as the learner's browser would: the claim page of this credential, whose exchange answers.
    const claim = claimLinkIn(mail!.parsed.text!);
    expect(mail!.parsed.html).toContain(claim.href);
    const page = await issuer.app.request(claim.pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Mail 101');
    const lcw = /href="(https:\/\/lcw\.app\/request\.html\?[^"]+)"/.exec(html)?.[1];
    expect(lcw, html).toBeDefined();
    const exchange = new URL(new URL(lcw!.replaceAll('&#38;', '&').replaceAll('&amp;', '&')).searchParams.get('vc_request_url')!);
    const answer = await issuer.app.request(exchange.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ verifiablePresentationRequest: { query: [{ type: 'DIDAuthentication' }] } });

    expect(await emails(credentialId)).toMatchObject([{ kind: 'issued', state: 'sent', attempts: 1, lastError: null, messageId: mail!.parsed.messageId }]);
    expect((await issuer.store.gauges.snapshot()).emailDeliveries.sent).toBeGreaterThanOrEqual(1);
    const history = await issuer.call('GET', `/v1/credentials/${credentialId}/history`);
    expect(history.body.events).toContainEqual(expect.objectContaining({ event: 'email', details: expect.objectContaining({ kind: 'issued', state: 'sent' }) }));
    // Sent is sent: the next tick has nothing to do.
    expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 0 });
    expect(mailsTo(smtp, 'ann@learners.test')).toHaveLength(1);
  });

  it('writes in the learner’s language (es)', async () => {
    await issue(learner('bea', { name: 'Bea Ejemplo', locale: 'es-MX' }), 'bea-1');
    await processLearnerMail(mailDeps());
    const [mail] = mailsTo(smtp, 'bea@learners.test');
    expect(mail!.parsed.subject).toBe('Ha obtenido Mail 101');
    expect(mail!.parsed.text).toContain('Hola, Bea Ejemplo:');
    expect(mail!.parsed.headers.get('content-language')).toBe('es');
    claimLinkIn(mail!.parsed.text!);
  });

  it('SMTP server down: the mail is retried with backoff, sent once the server is back, and never twice', async () => {
    await smtp.stop();
    const credentialId = await issue(learner('cy'), 'cy-1');
    const start = Date.now();
    try {
      expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 1, retrying: 1, sent: 0 });
      const [owed] = await emails(credentialId);
      expect(owed).toMatchObject({ state: 'pending', attempts: 1 });
      expect(owed!.lastError).toMatch(/ECONNREFUSED|connect/i);
      // Backed off by baseDelayMs: not due again yet.
      expect(Date.parse(owed!.nextAttemptAt!) - start).toBeGreaterThanOrEqual(60_000);
      expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 0 });
    } finally {
      await smtp.start();
    }
    // Past the backoff, two workers at once: one claims the attempt, the other finds nothing to take.
    const later = () => new Date(Date.now() + 61_000);
    const [first, second] = await Promise.all([processLearnerMail(mailDeps(later)), processLearnerMail(mailDeps(later))]);
    expect(first.sent + second.sent).toBe(1);
    expect(mailsTo(smtp, 'cy@learners.test')).toHaveLength(1);
    expect(await emails(credentialId)).toMatchObject([{ state: 'sent', attempts: 2, lastError: null }]);
    await processLearnerMail(mailDeps(later));
    expect(mailsTo(smtp, 'cy@learners.test')).toHaveLength(1);
  });

  it('a worker that dies mid-attempt holds its mail only for the lease; then another sends it, once', async () => {
    const credentialId = await issue(learner('ida'), 'ida-1');
    const [owed] = await issuer.store.emailDeliveries.listForCredential(credentialId);
    // What attempt() does first, by a worker that then never comes back.
    const leaseEnds = new Date(Date.now() + 120_000);
    expect(await issuer.store.emailDeliveries.update(owed!.id, 0, { attempts: 1, nextAttemptAt: leaseEnds.toISOString() })).toBe(true);
    expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 0 });
    expect(await processLearnerMail(mailDeps(() => new Date(leaseEnds.getTime() + 1)))).toMatchObject({ attempted: 1, sent: 1 });
    expect(mailsTo(smtp, 'ida@learners.test')).toHaveLength(1);
    expect(await emails(credentialId)).toMatchObject([{ state: 'sent', attempts: 2 }]);
  });

  it('a revocation tells the learner, with the reason and no claim link; revoking again owes nothing more', async () => {
    const credentialId = await issue(learner('dee'), 'dee-1');
    await processLearnerMail(mailDeps());
    const revoked = await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' });
    expect(revoked.status).toBe(200);
    expect(await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' })).toMatchObject({ status: 200 });
    expect(await processLearnerMail(mailDeps())).toMatchObject({ sent: 1 });
    const mails = mailsTo(smtp, 'dee@learners.test');
    expect(mails.map((mail) => mail.parsed.subject)).toEqual(['You earned Mail 101', 'Your credential for Mail 101 was revoked']);
    expect(mails[1]!.parsed.text).toContain('Reason given: Issued in error');
    expect(mails[1]!.parsed.text).not.toContain('/claim/');
    expect((await emails(credentialId)).map((mail) => [mail.kind, mail.state])).toEqual([['issued', 'sent'], ['revoked', 'sent']]);
  });

  it('later records under the achievement’s policy: a raised grade re-issues (a correction mail), a regression revokes (a revocation mail, with the unmet rule)', async () => {
    const graded = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:Mail+Graded+2026', name: 'Graded 201', rules: { minGradePercent: 70 }, reportGrade: true, laterRecords: 'reissue-on-grade-change' });
    const strict = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:Mail+Strict+2026', name: 'Strict 301', rules: { minGradePercent: 70 }, laterRecords: 'revoke-when-unmet' });
    expect([graded.status, strict.status]).toEqual([201, 201]);
    const record = (courseId: string, gradePercent: number, sourceEventId: string) =>
      issuer.call('POST', '/v1/completions', { issuerId, learner: learner('kai'), courseId, gradePercent, passed: gradePercent >= 70, sourceEventId });
    await record('course-v1:Mail+Graded+2026', 80, 'kai-g1');
    await record('course-v1:Mail+Strict+2026', 90, 'kai-s1');
    await processLearnerMail(mailDeps());
    expect((await record('course-v1:Mail+Graded+2026', 95, 'kai-g2')).body.issued).toHaveLength(1);
    expect((await record('course-v1:Mail+Strict+2026', 40, 'kai-s2')).body.revoked).toHaveLength(1);
    await processLearnerMail(mailDeps());
    const subjects = mailsTo(smtp, 'kai@learners.test').map((mail) => mail.parsed.subject);
    expect(subjects.slice(2).sort()).toEqual(['Your credential for Graded 201 was corrected', 'Your credential for Strict 301 was revoked']);
    const revoked = mailsTo(smtp, 'kai@learners.test').find((mail) => mail.parsed.subject === 'Your credential for Strict 301 was revoked')!;
    expect(revoked.parsed.text).toMatch(/Reason given: rules no longer met: .*40%/);
  });

  it('a name change re-issues: the learner gets one mail, for the new credential, under the new name', async () => {
    const first = await issue(learner('eve', { name: 'Eve Old' }), 'eve-1');
    await processLearnerMail(mailDeps());
    const renamed = await issuer.call('POST', '/v1/completions', { issuerId, ...completion(learner('eve', { name: 'Eve New' }), 'eve-2') });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const reissued = (renamed.body.issued as { credentialId: string; reissueOf?: string }[]).find((entry) => entry.reissueOf === first);
    expect(reissued).toBeDefined();
    await processLearnerMail(mailDeps());
    const mails = mailsTo(smtp, 'eve@learners.test');
    expect(mails.map((mail) => mail.parsed.subject)).toEqual(['You earned Mail 101', 'Your credential for Mail 101 was corrected']);
    expect(mails[1]!.parsed.text).toContain('Hello Eve New,');
    expect(mails[1]!.parsed.text).toContain(`https://issuer.test/credentials/${reissued!.credentialId}`);
    claimLinkIn(mails[1]!.parsed.text!);
    // The superseded credential's revocation is told by the correction, not by a mail of its own.
    expect((await emails(first)).map((mail) => mail.kind)).toEqual(['issued']);
  });

  it('erasing the learner cancels the mail still owed to them, and nothing is sent', async () => {
    const credentialId = await issue(learner('gil'), 'gil-1');
    const { learnerId } = (await issuer.store.credentials.get(credentialId))!;
    expect((await issuer.call('POST', `/v1/learners/${learnerId}/erase`)).status).toBe(200);
    await processLearnerMail(mailDeps());
    expect(mailsTo(smtp, 'gil@learners.test')).toEqual([]);
    expect(await emails(credentialId)).toMatchObject([{ kind: 'issued', state: 'cancelled', lastError: 'the learner was erased' }]);
  });

  it('a recipient the server refuses for good (550) is not retried: failed, with the server’s answer', async () => {
    const credentialId = await issue(learner('hugo', { email: 'hugo@rejected.test' }), 'hugo-1');
    expect(await processLearnerMail(mailDeps())).toMatchObject({ attempted: 1, failed: 1, retrying: 0 });
    const [mail] = await emails(credentialId);
    expect(mail).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null });
    expect(mail!.lastError).toMatch(/550/);

    // Once the address is fixed, the operator sends it again.
    await issuer.call('POST', '/v1/completions', { issuerId, ...completion(learner('hugo', { email: 'hugo@learners.test' }), 'hugo-2') });
    expect(await issuer.call('POST', `/v1/credentials/${credentialId}/emails/retry`)).toMatchObject({ status: 200, body: { requeued: 1 } });
    expect(await processLearnerMail(mailDeps())).toMatchObject({ sent: 1 });
    expect(mailsTo(smtp, 'hugo@learners.test')).toHaveLength(1);
    expect(await emails(credentialId)).toMatchObject([{ state: 'sent', attempts: 1 }]);
    expect(await issuer.call('POST', `/v1/credentials/${credentialId}/emails/retry`)).toMatchObject({ status: 200, body: { requeued: 0 } });
  });

  it('a learner without an address is owed no mail', async () => {
    const credentialId = await issue({ lmsUserId: 'fay', name: 'Fay' }, 'fay-1');
    expect(await emails(credentialId)).toEqual([]);
  });
});

describe('SMTP_URL with credentials', () => {
  it('signs in to the server with the user and password of the URL (percent-encoded), and a wrong password is a retry, not a send', async () => {
    const smtp = await startTestSmtpServer({ auth: { user: 'laurel@mail.test', pass: 'p@ss:word/1' } });
    const good = await createSmtpTransport(`smtp://${encodeURIComponent('laurel@mail.test')}:${encodeURIComponent('p@ss:word/1')}@127.0.0.1:${smtp.port}`, { timeoutMs: 5_000 });
    const bad = await createSmtpTransport(`smtp://${encodeURIComponent('laurel@mail.test')}:wrong@127.0.0.1:${smtp.port}`, { timeoutMs: 5_000 });
    const mail = { from: { name: 'U', address: 'u@mail.test' }, envelopeFrom: 'laurel@mail.test', to: 'ann@learners.test', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', messageId: '<m-1@mail.test>', language: 'en' };
    try {
      const refused = await bad.send(mail).then(() => undefined, (error: unknown) => error);
      expect(refused).toMatchObject({ code: 'EAUTH', responseCode: 535 });
      // A login problem is the operator's to fix: the mail waits for it (retries), it is not given up at once.
      expect(isPermanentSmtpFailure(refused)).toBe(false);
      expect(smtp.received).toHaveLength(0);
      await good.send(mail);
      expect(smtp.received.map((received) => received.parsed.messageId)).toEqual(['<m-1@mail.test>']);
    } finally {
      good.close();
      bad.close();
      await smtp.stop();
    }
  });
});

describe('learner e-mail switched off (no SMTP_URL)', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp?.stop());

  it('queues nothing and sends nothing', async () => {
    const database = await freshDatabaseUrl('sqlite');
    const issuer = await createTestIssuer(database.url);
    try {
      const created = await issuer.call('POST', '/v1/issuers', { slug: 'quiet-u', name: 'Quiet University', didMethod: 'key' });
      await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'Quiet 101', rules: { minGradePercent: 70 } });
      const answer = await issuer.call('POST', '/v1/completions', { issuerId: created.body.id, ...completion(learner('gus'), 'gus-1') });
      const credentialId = answer.body.issued[0].credentialId as string;
      await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, {});
      expect(await issuer.store.db.selectFrom('emailDeliveries').selectAll().execute()).toEqual([]);
    } finally {
      await issuer.close();
      await database.drop();
    }
  });

  it('the issuer service runs the mail worker only with SMTP_URL, and then a completion’s mail arrives by itself', async () => {
    const databases = [await freshDatabaseUrl('sqlite'), await freshDatabaseUrl('sqlite')];
    const base = { ISSUER_PORT: '0', LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false', ISSUER_PUBLIC_URL_CHECK: 'false', LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_BOOTSTRAP_TOKEN: 'lrl_mail-bootstrap-token' };
    const quiet = await startIssuer({ ...base, DATABASE_URL: databases[0]!.url });
    const mailing = await startIssuer({ ...base, DATABASE_URL: databases[1]!.url, SMTP_URL: smtp.url, MAIL_FROM: 'Registrar <registrar@mail.test>', MAIL_WORKER_INTERVAL_MS: '600000' });
    try {
      expect(quiet.workers.mailWorker).toBe(false);
      expect(mailing.workers.mailWorker).toBe(true);
      expect(await (await fetch(`${mailing.url}/ready`)).json()).toMatchObject({ status: 'ready', mailWorker: 'on' });
      expect(await (await fetch(`${quiet.url}/ready`)).json()).not.toHaveProperty('mailWorker');
      const call = async (method: string, path: string, body: unknown) => {
        const response = await fetch(`${mailing.url}${path}`, { method, headers: { authorization: 'Bearer lrl_mail-bootstrap-token', 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as any };
      };
      const created = await call('POST', '/v1/issuers', { slug: 'live-u', name: 'Live University', didMethod: 'key' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'Live 101', rules: { minGradePercent: 70 } });
      const answer = await call('POST', '/v1/completions', { issuerId: created.body.id, ...completion(learner('hal', { name: 'Hal Live' }), 'hal-1') });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // The interval is ten minutes: the mail arrives at once because the completion nudged the worker.
      const [mail] = await waitFor('the mail at the SMTP server', () => (mailsTo(smtp, 'hal@learners.test').length > 0 ? mailsTo(smtp, 'hal@learners.test') : undefined));
      expect(mail!.parsed.subject).toBe('You earned Live 101');
      // An issuer without an e-mail sends as MAIL_FROM's address under its own name.
      expect(mail!.parsed.from?.value).toEqual([{ name: 'Live University', address: 'registrar@mail.test' }]);
      expect(mail!.parsed.text).toContain('Hello Hal Live,');
    } finally {
      await quiet.close();
      await mailing.close();
      for (const database of databases) await database.drop();
    }
  });
});
