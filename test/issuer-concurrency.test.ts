// Two issuer processes on one MariaDB receive 2,000 completions at once, every
// record twice (once per process): each credential must be issued exactly
// once, with exactly one `credential.issue` audit row, and no status index may
// serve two credentials.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@laurel/store';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from './support/databases.js';
import { repoRoot } from './support/conformance.js';

const LEARNERS = 1000;
const IN_FLIGHT = 24;
const runOnMysql = mysqlAvailable || process.env.CI === 'true';

interface IssuerProcess {
  child: ChildProcess;
  url: string;
}

/** Starts the built issuer service in its own Node process and waits for its URL. */
function startIssuerProcess(env: Record<string, string>): Promise<IssuerProcess> {
  const script = "const m = await import('@laurel/issuer-service'); const s = await m.startIssuer(); console.log('LISTENING ' + s.url);";
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`issuer did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`issuer exited with ${code}: ${output}`)));
  });
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describe.skipIf(!runOnMysql)('two issuer processes on one MariaDB', () => {
  let database: FreshDatabase;
  let store: Store;
  const processes: IssuerProcess[] = [];
  const token = `lrl_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    database = await freshDatabaseUrl('mysql');
    store = await openStore({ databaseUrl: database.url });
    await store.tokens.create({ issuerId: null, name: 'concurrency test', scopes: ['admin'], token });
    const env = {
      DATABASE_URL: database.url,
      ISSUER_PORT: '0',
      LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      ISSUER_PUBLIC_URL: 'https://issuer.test',
      STATUS_PUBLIC_URL: 'https://status.test',
    };
    processes.push(...(await Promise.all([startIssuerProcess(env), startIssuerProcess(env)])));
  }, 60_000);

  afterAll(async () => {
    for (const { child } of processes) child.kill();
    await store?.close();
    await database?.drop();
  });

  it('issues every credential exactly once and never reuses a status index', async () => {
    const call = async (base: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const [first, second] = processes.map((process) => process.url) as [string, string];
    const issuer = await call(first, '/v1/issuers', { slug: 'concurrent-u', name: 'Concurrent University', didMethod: 'key' });
    expect(issuer.status).toBe(201);
    const issuerId = issuer.body.id as string;
    expect((await call(second, `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:C+C+1', name: 'Concurrency', rules: { minGradePercent: 50 } })).status).toBe(201);

    const requests = Array.from({ length: LEARNERS }, (_, i) => ({
      issuerId,
      learner: { lmsUserId: `learner-${i}`, name: `Learner ${i}` },
      courseId: 'course-v1:C+C+1',
      gradePercent: 60 + (i % 40),
      sourceEventId: `event-${i}`,
    })).flatMap((record, i) => (i % 2 ? [[first, record], [second, record]] : [[second, record], [first, record]]) as [string, typeof record][]);
    expect(requests).toHaveLength(2 * LEARNERS);

    const failures: string[] = [];
    let issuedReported = 0;
    await inBatches(requests, IN_FLIGHT, async ([base, record]) => {
      const result = await call(base, '/v1/completions', record);
      if (result.status !== 200) failures.push(`${result.status} ${JSON.stringify(result.body)}`);
      else issuedReported += (result.body.issued as unknown[]).length;
    });
    expect(failures).toEqual([]);
    expect(issuedReported).toBe(LEARNERS);

    const credentials = await store.db.selectFrom('credentials').select(['id', 'learnerId', 'document']).execute();
    expect(credentials).toHaveLength(LEARNERS);
    expect(new Set(credentials.map((credential) => credential.learnerId)).size).toBe(LEARNERS);
    const completions = await store.db.selectFrom('completionRecords').select('id').execute();
    expect(completions).toHaveLength(LEARNERS);

    // Every status entry in every credential points at its own (list, index).
    // Every credential has its audit row, written in its own transaction: exactly one, however the deliveries raced.
    const issueRows = await store.db.selectFrom('auditLog').select(['targetId', 'actor']).where('action', '=', 'credential.issue').execute();
    expect(issueRows.map((row) => row.targetId).sort()).toEqual(credentials.map((credential) => credential.id).sort());
    expect(new Set(issueRows.map((row) => row.actor))).toEqual(new Set(['token:concurrency test']));

    const entries = credentials.flatMap((credential) => (JSON.parse(credential.document) as { credentialStatus: { statusListCredential: string; statusListIndex: string }[] }).credentialStatus);
    expect(entries).toHaveLength(2 * LEARNERS);
    expect(new Set(entries.map((entry) => `${entry.statusListCredential}#${entry.statusListIndex}`)).size).toBe(2 * LEARNERS);
  }, 300_000);
});
