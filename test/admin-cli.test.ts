// `laurel admin …`, `laurel tokens …` and `laurel --version`, in-process, on
// every database: what operators script against the issuer's database.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { main } from '@laurel/cli';
import { MAX_IMPORT_ROWS } from '@laurel/issuance';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, completion, createTenant, send, type Tenant } from './issuer-api-support.js';

async function laurel(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), readStdin: async () => stdin });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-admin-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

it('laurel --version prints the CLI package version', async () => {
  const version = (JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const run = await laurel(['--version']);
  expect(run.code).toBe(0);
  expect(run.stdout.trim()).toBe(version);
});

it('commands that need a database refuse a missing one instead of creating it', async () => {
  const missing = path.join(dir, 'nowhere', 'laurel.db');
  for (const args of [['tokens', 'create'], ['tokens', 'list'], ['tokens', 'revoke', 'x'], ['admin', 'tokens', 'list'], ['admin', 'credentials', 'search', '--issuer', 'x'], ['admin', 'achievements', 'archive', 'x', 'y']]) {
    const run = await laurel([...args, '--database', `sqlite:${missing}`]);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stderr).toContain(`No database at ${missing}`);
  }
  vi.stubEnv('DATABASE_URL', `sqlite:${missing}`);
  expect((await laurel(['admin', 'credentials', 'revoke', 'some-id'])).code).toBe(2);
  expect(existsSync(missing)).toBe(false);
  expect(existsSync(path.dirname(missing))).toBe(false);
});

describeEachDatabase('laurel admin', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, 'cli-admin-u');
  });
  afterAll(() => issuer.close());
  const db = () => ['--database', database.url];

  it('tokens: create prints the secret on stdout and its id; list never shows a secret; revoke by that id', async () => {
    const created = await laurel(['tokens', 'create', '--scope', 'read', '--scope', 'revoke', '--issuer', tenant.issuerId, '--course', COURSE, '--name', 'ta', ...db()]);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^lrl_[A-Za-z0-9_-]+$/);
    const id = /Token (\S+) "ta"/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();
    const listed = await laurel(['admin', 'tokens', 'list', '--issuer', tenant.issuerId, '--json', ...db()]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, name: 'ta', scopes: ['read', 'revoke'], limitedTo: { courseIds: [COURSE], achievementIds: [] } })]);
    expect((await laurel(['tokens', 'revoke', id!, ...db()])).code).toBe(0);
    expect(await issuer.store.tokens.findByToken(secret)).toBeUndefined();
    const refused = await laurel(['tokens', 'create', '--scope', 'admin', '--issuer', tenant.issuerId, '--course', COURSE, ...db()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('scopes');
  });

  it('achievements update (rules version 2) and archive', async () => {
    const updated = await laurel(['admin', 'achievements', 'update', tenant.issuerId, tenant.achievementId, '--rules', '{"minGradePercent":85}', ...db()]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ rulesVersion: 2, rules: { minGradePercent: 85 } });
    const bad = await laurel(['admin', 'achievements', 'update', tenant.issuerId, tenant.achievementId, '--name', '', ...db()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('name');
    expect((await laurel(['admin', 'achievements', 'archive', tenant.issuerId, tenant.achievementId, ...db()])).code).toBe(0);
    expect((await issuer.store.achievements.get(tenant.achievementId))?.archivedAt).toEqual(expect.any(String));
  });

  it('credentials search by learner and revoke, which the status list then says', async () => {
    const found = await laurel(['admin', 'credentials', 'search', '--issuer', tenant.issuerId, '--q', 'cli-admin-u-learner', '--json', ...db()]);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).map((hit: { id: string }) => hit.id)).toEqual([tenant.credentialId]);
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    vi.stubEnv('ISSUER_PUBLIC_URL', issuer.deps.urls.issuerBaseUrl);
    vi.stubEnv('STATUS_PUBLIC_URL', issuer.deps.urls.statusBaseUrl);
    const revoked = await laurel(['admin', 'credentials', 'revoke', tenant.credentialId, '--reason', 'issued in error', ...db()]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const history = await send(issuer, 'GET', `/v1/credentials/${tenant.credentialId}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ event: 'revoked', actor: 'cli', reason: 'issued in error' });
    const document = (await issuer.store.credentials.get(tenant.credentialId))!.document as Record<string, never>;
    expect(await issuer.checkStatus(document)).toMatchObject({ code: 'REVOKED' });
  });

  it('credentials lifecycle: sets the message entry (Bitstring Status List §2.1) and the status list then says it', async () => {
    // A tenant of its own: the shared one's achievement is archived by an earlier test.
    const own = await createTenant(issuer, 'cli-lifecycle-u');
    expect((await send(issuer, 'PATCH', `/v1/issuers/${own.issuerId}`, { json: { lifecycleStatus: true } })).status).toBe(200);
    const earned = await send(issuer, 'POST', '/v1/completions', { json: { issuerId: own.issuerId, ...completion('cli-lifecycle-learner', 'cli-lifecycle-evt') } });
    expect(earned.body.issued, earned.text).toHaveLength(1);
    const credentialId = earned.body.issued[0].credentialId as string;
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    vi.stubEnv('ISSUER_PUBLIC_URL', issuer.deps.urls.issuerBaseUrl);
    vi.stubEnv('STATUS_PUBLIC_URL', issuer.deps.urls.statusBaseUrl);
    expect((await laurel(['admin', 'credentials', 'lifecycle', credentialId, 'archived', ...db()])).code).toBe(2);
    const set = await laurel(['admin', 'credentials', 'lifecycle', credentialId, 'pending', '--reason', 'awaiting exam board', ...db()]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('pending (0x1)');
    const document = (await issuer.store.credentials.get(credentialId))!.document as Record<string, never>;
    expect(await issuer.checkStatus(document)).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE', reason: expect.stringContaining('"pending"') });
  });

  it('import a CSV: a per-row report, and the same file again issues nothing', async () => {
    await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: 'course-v1:CLI+IMP+1', name: 'Imported', rules: {} } });
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    const file = path.join(dir, `import-${database.dialect}.csv`);
    writeFileSync(file, ['row_key,achievement,lms_user_id,name', ...Array.from({ length: 25 }, (_, i) => `r-${i},course-v1:CLI+IMP+1,imp-${i},Imported ${i}`)].join('\n'));
    const first = await laurel(['admin', 'import', file, '--issuer', tenant.issuerId, ...db()]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 25, issued: 25, failed: 0 });
    const reportFile = path.join(dir, `report-${database.dialect}.json`);
    const second = await laurel(['admin', 'import', file, '--issuer', tenant.issuerId, '--report', reportFile, ...db()]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ rows: 25, issued: 0, duplicate: 25 });
    expect(second.stderr).toContain('25 imported before');
  });

  it('import streams its report entry by entry, the same document from a file or standard input; a bad file writes nothing', async () => {
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: 'course-v1:CLI+STREAM+1', name: 'Streamed', rules: {} } });
    const rows = ['row_key,achievement,lms_user_id,name', 's-1,course-v1:CLI+STREAM+1,str-1,One', 's-2,course-v1:NO+SUCH+1,str-2,Two', 's-3,course-v1:CLI+STREAM+1,str-3,Three'];
    const file = path.join(dir, `stream-${database.dialect}.csv`);
    writeFileSync(file, rows.join('\n'));
    const reportFile = path.join(dir, `stream-report-${database.dialect}.json`);
    const run = await laurel(['admin', 'import', file, '--issuer', tenant.issuerId, '--report', reportFile, ...db()]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { rows: number; issued: number; failed: number; report: { line: number; rowKey: string; outcome: string }[] };
    expect(report).toMatchObject({ rows: 3, issued: 2, failed: 1, existing: 0, duplicate: 0 });
    expect(report.report.map(({ line, rowKey, outcome }) => [line, rowKey, outcome])).toEqual([[2, 's-1', 'issued'], [3, 's-2', 'failed'], [4, 's-3', 'issued']]);
    // The same rows through standard input (read whole): the same document shape, now all imported before.
    const piped = await laurel(['admin', 'import', '-', '--issuer', tenant.issuerId, ...db()], rows.join('\n'));
    expect(piped.code, piped.stderr).toBe(0);
    const pipedReport = JSON.parse(piped.stdout) as typeof report;
    expect(pipedReport).toMatchObject({ rows: 3, issued: 0, duplicate: 2, failed: 1 });
    expect(pipedReport.report.map(({ line, outcome }) => [line, outcome])).toEqual([[2, 'duplicate'], [3, 'failed'], [4, 'duplicate']]);

    const badHeader = path.join(dir, `bad-header-${database.dialect}.csv`);
    writeFileSync(badHeader, 'row_key,lms_user_id\nb-1,u-1\n');
    const badReport = path.join(dir, `bad-report-${database.dialect}.json`);
    const refused = await laurel(['admin', 'import', badHeader, '--issuer', tenant.issuerId, '--report', badReport, ...db()]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('achievement');
    expect(existsSync(badReport)).toBe(false);
    // One row over the limit: refused by the counting pass, before any row is imported.
    const tooLong = path.join(dir, `too-long-${database.dialect}.csv`);
    writeFileSync(tooLong, ['row_key,achievement,lms_user_id', ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `l-${i},course-v1:CLI+STREAM+1,long-${i}`)].join('\n'));
    const over = await laurel(['admin', 'import', tooLong, '--issuer', tenant.issuerId, '--report', badReport, ...db()]);
    expect(over.code).not.toBe(0);
    expect(over.stderr).toContain(`At most ${MAX_IMPORT_ROWS} rows`);
    expect(existsSync(badReport)).toBe(false);
    expect((await issuer.store.importRows.get(tenant.issuerId, 'l-0'))).toBeUndefined();
    const missing = await laurel(['admin', 'import', path.join(dir, 'no-such.csv'), '--issuer', tenant.issuerId, ...db()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file');
  });
});
