// Two issuer processes on one MariaDB take 2,000 completions (every record
// delivered twice, once to each) while one process is killed (-9) and
// restarted and the database connection is cut for 10 s by a TCP proxy. A
// client retries as a load balancer would: a 503 after its Retry-After, a
// dead process on the other one. Afterwards every completion has exactly one
// credential with its status entries and audit row, no status index serves
// two credentials, no allocation is orphaned, every list is published, and
// no client ever saw a 500.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@laurel/store';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from './support/databases.js';
import { TEST_URLS } from './support/issuer.js';
import { spawnIssuer, type IssuerProcess } from './support/issuer-process.js';
import { waitFor } from './support/wait.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const LEARNERS = 1000;
const IN_FLIGHT = 16;
const OUTAGE_MS = 10_000;
/** How long one request may go unanswered (503s, a dead process) before the test gives up on it. */
const ANSWER_DEADLINE_MS = 180_000;
const runOnMysql = mysqlAvailable || process.env.CI === 'true';
const COURSE = 'course-v1:R+R+1';

describe.skipIf(!runOnMysql)('two issuer processes through a crash and a database outage', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let store: Store;
  let env: Record<string, string>;
  const processes: (IssuerProcess | undefined)[] = [undefined, undefined];
  const token = `lrl_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    database = await freshDatabaseUrl('mysql');
    proxy = await startTcpProxy({ port: Number(new URL(database.url).port || 3306) });
    // The test reads the database directly; the issuers go through the proxy.
    store = await openStore({ databaseUrl: database.url });
    await store.tokens.create({ issuerId: null, name: 'resilience test', scopes: ['admin'], token });
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    env = {
      DATABASE_URL: proxied.href,
      LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      ISSUER_PUBLIC_URL: TEST_URLS.issuerBaseUrl,
      STATUS_PUBLIC_URL: TEST_URLS.statusBaseUrl,
      STATUS_PUBLISH_INTERVAL_MS: '500',
      BADGE_DELIVERY_WORKER: 'false',
    };
    const [a, b] = await Promise.all([spawnIssuer(env), spawnIssuer(env)]);
    processes[0] = a;
    processes[1] = b;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process?.kill()));
    await store?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('issues every completion exactly once, answers only 2xx or 503, and leaves nothing half-done', async () => {
    const seen = { unavailable: 0, lostConnections: 0, other: [] as string[] };
    /** One try at one process: its answer, or undefined when the process is gone or died under the request. */
    const tryOnce = async (target: number, path: string, body: unknown): Promise<{ response: Response; answer: Record<string, unknown> } | undefined> => {
      const process = processes[target];
      if (!process) return undefined;
      try {
        const response = await fetch(`${process.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { response, answer: (await response.json()) as Record<string, unknown> };
      } catch {
        seen.lostConnections += 1; // the process died under the request: the balancer tries the other
        return undefined;
      }
    };
    /** One request as a client behind a load balancer sends it: retried until it gets an answer that is not a 503. */
    const send = async (preferred: number, path: string, body: unknown): Promise<Record<string, unknown>> => {
      let target = preferred;
      // The pause before the next try: short after a lost connection (the other process is tried),
      // and after a 503 what Retry-After says, as a well-behaved client does (a little more, so the
      // clients do not come back all at once). Retrying sooner spends the client address's rate-limit
      // budget: a request whose token could not be checked (the database is down and the token's
      // cached check has expired) counts against the address, not the token.
      let pauseMs = 20;
      return waitFor(`${path}: an answer other than 503`, async () => {
        const tried = await tryOnce(target, path, body);
        if (!tried) {
          target = 1 - target;
          pauseMs = 20;
          return undefined;
        }
        const { response, answer } = tried;
        if (response.status < 300) return answer;
        if (response.status !== 503) {
          seen.other.push(`${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
          return answer;
        }
        seen.unavailable += 1;
        const retryAfter = Number(response.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(answer).toMatchObject({ status: 503 });
        pauseMs = retryAfter * 1000 + Math.random() * 200;
        return undefined;
      }, ANSWER_DEADLINE_MS, () => pauseMs);
    };

    const issuer = await send(0, '/v1/issuers', { slug: 'resilient-u', name: 'Resilient University', didMethod: 'key' });
    const issuerId = issuer.id as string;
    await send(1, `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Resilience', rules: { minGradePercent: 50 } });

    const requests = Array.from({ length: LEARNERS }, (_, i) => ({
      issuerId,
      learner: { lmsUserId: `learner-${i}`, name: `Learner ${i}` },
      courseId: COURSE,
      gradePercent: 60 + (i % 40),
      sourceEventId: `event-${i}`,
    })).flatMap((record, i) => (i % 2 ? [[0, record], [1, record]] : [[1, record], [0, record]]) as [number, typeof record][]);

    let done = 0;
    let next = 0;
    const milestones = { kill: Math.floor(requests.length * 0.2), restart: Math.floor(requests.length * 0.35), cut: Math.floor(requests.length * 0.5) };
    const chaos: Promise<void>[] = [];
    const onProgress = () => {
      done += 1;
      if (done === milestones.kill) {
        const victim = processes[1]!;
        processes[1] = undefined;
        chaos.push(victim.kill());
      }
      if (done === milestones.restart) chaos.push(spawnIssuer(env).then((restarted) => void (processes[1] = restarted)));
      if (done === milestones.cut) {
        proxy.cut('refuse');
        chaos.push(new Promise<void>((resolve) => setTimeout(() => {
          proxy.restore();
          resolve();
        }, OUTAGE_MS)));
      }
    };
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) {
          const [target, record] = requests[next++]!;
          await send(target, '/v1/completions', record);
          onProgress();
        }
      }),
    );
    await Promise.all(chaos);

    expect(seen.other).toEqual([]);
    expect(seen.unavailable, 'the outage was seen as 503s').toBeGreaterThan(0);

    const credentials = await store.db.selectFrom('credentials').select(['id', 'learnerId', 'document']).execute();
    expect(credentials).toHaveLength(LEARNERS);
    expect(new Set(credentials.map((credential) => credential.learnerId)).size).toBe(LEARNERS);
    expect(await store.db.selectFrom('completionRecords').select('id').execute()).toHaveLength(LEARNERS);

    // Status entries: two per credential, each (list, index) its own, each backed by an allocation of that credential.
    const entries = credentials.flatMap((credential) =>
      (JSON.parse(credential.document) as { credentialStatus: { statusListCredential: string; statusListIndex: string }[] }).credentialStatus.map((entry) => ({ credentialId: credential.id, ...entry })),
    );
    expect(entries).toHaveLength(2 * LEARNERS);
    expect(new Set(entries.map((entry) => `${entry.statusListCredential}#${entry.statusListIndex}`)).size).toBe(2 * LEARNERS);
    const allocations = await store.db.selectFrom('statusAllocations').select(['statusListId', 'statusIndex', 'credentialId']).execute();
    const ids = new Set(credentials.map((credential) => credential.id));
    expect(allocations.filter((allocation) => !ids.has(allocation.credentialId)), 'orphan allocations').toEqual([]);
    expect(allocations).toHaveLength(2 * LEARNERS);
    const allocated = new Set(allocations.map((allocation) => `${TEST_URLS.statusBaseUrl}/status-lists/${allocation.statusListId}#${allocation.statusIndex}/${allocation.credentialId}`));
    for (const entry of entries) expect(allocated.has(`${entry.statusListCredential}#${entry.statusListIndex}/${entry.credentialId}`)).toBe(true);

    // Exactly one audit row per credential, committed with it.
    const audited = await store.db.selectFrom('auditLog').select('targetId').where('action', '=', 'credential.issue').execute();
    expect(audited.map((row) => row.targetId).sort()).toEqual([...ids].sort());

    // Every list the credentials point at is published.
    await waitFor('every status list to be published', async () => {
      const lists = await store.statusLists.listForIssuer(issuerId);
      return lists.length > 0 && lists.every((list) => list.signedVersion >= list.version) ? true : undefined;
    });
  }, 600_000);
});
