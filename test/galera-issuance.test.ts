// Three issuer processes, each on its own node of a 3-node MariaDB Galera
// cluster (multi-primary, certification-based replication), issue at once for
// the same learners: every completion must give exactly one credential per
// learner and achievement, each with its own status index, whichever node
// took it. Certification conflicts surface as ER_LOCK_DEADLOCK (1213) at
// COMMIT and are retried by the store's transaction retry.
//
// Needs Debian's galera-4, mariadb-server and rsync; without them the suite
// skips locally and fails under CI=true.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@laurel/store';
import { freshDatabaseUrl } from './support/databases.js';
import { galeraProblem, startGaleraCluster, type GaleraCluster } from './support/galera.js';
import { spawnIssuer, type IssuerProcess } from './support/issuer-process.js';
import { orphanAllocations } from './support/status-allocations.js';
import { TEST_URLS } from './support/issuer.js';

const problem = galeraProblem();
const required = process.env.CI === 'true';
const COURSE = 'course-v1:Galera+G+1';
const LEARNERS = 45;
/** Requests in flight per process. */
const IN_FLIGHT = 4;
const SLOT_BLOCK = 32;

describe('Galera prerequisites', () => {
  it.runIf(required)('are installed (CI=true needs galera-4, mariadbd and rsync)', () => {
    expect(problem).toBeUndefined();
  });
});

describe.skipIf(problem !== undefined)('three issuer processes on a 3-node Galera cluster', () => {
  let cluster: GaleraCluster;
  let urls: string[];
  let processes: IssuerProcess[] = [];
  let store: Store;
  const token = `lrl_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    cluster = await startGaleraCluster();
    urls = await cluster.createDatabase('laurel_galera');
    const env = {
      LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LAUREL_BOOTSTRAP_TOKEN: token,
      ISSUER_PUBLIC_URL: TEST_URLS.issuerBaseUrl,
      STATUS_PUBLIC_URL: TEST_URLS.statusBaseUrl,
      BADGE_DELIVERY_WORKER: 'false',
      // As docs/operators.md advises on Galera: the list counter rows are written once per block, not per credential.
      STATUS_SLOT_BLOCK: String(SLOT_BLOCK),
    };
    // All three migrate the empty database at the same moment, each through its own node.
    processes = await Promise.all(urls.map((url) => spawnIssuer({ ...env, DATABASE_URL: url })));
    // One connection, so the causal-read setting below holds for every read the test makes.
    store = await openStore({ databaseUrl: `${urls[0]!}?connectionLimit=1` });
  }, 110_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.kill()));
    await store?.close();
    await cluster?.stop();
  }, 60_000);

  it('run each migration once when three processes start on three nodes at once, and free the lease', async () => {
    // Every migration the store knows, as one process on a fresh SQLite database runs them.
    const sqlite = await freshDatabaseUrl('sqlite');
    const alone = await openStore({ databaseUrl: sqlite.url });
    const expected = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(alone.db.withoutPlugins());
    await alone.close();
    await sqlite.drop();
    const executed = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db.withoutPlugins());
    expect(executed.rows.map((row) => row.name)).toEqual(expected.rows.map((row) => row.name));
    const lease = await sql`select * from laurel_migration_lease`.execute(store.db.withoutPlugins());
    expect(lease.rows).toEqual([]);
  });

  it('issue exactly once per learner and achievement, with unique status indexes, when every node gets every completion', async () => {
    const post = async (process: IssuerProcess, path: string, body: unknown) => {
      const response = await fetch(`${process.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const issuer = await post(processes[0]!, '/v1/issuers', { slug: 'galera-u', name: 'Galera University', didMethod: 'key' });
    expect(issuer.status).toBe(201);
    const issuerId = issuer.body.id as string;
    // Two achievements on one course: each completion issues two credentials, so two allocations per transaction.
    for (const [i, tier] of (['Completion', 'Distinction'] as const).entries()) {
      const created = await post(processes[i + 1]!, `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: `Galera ${tier}`, tier, rules: { minGradePercent: 50 } });
      expect(created.status).toBe(201);
    }

    const completions = Array.from({ length: LEARNERS }, (_, i) => ({
      issuerId,
      learner: { lmsUserId: `learner-${i}`, name: `Learner ${i}` },
      courseId: COURSE,
      gradePercent: 90,
      sourceEventId: `event-${i}`,
    }));
    const conflictsBefore = await cluster.conflicts();
    const failures: string[] = [];
    // Every process gets every completion, each in its own order, so the same learner races on all three nodes.
    const orders = [completions, [...completions].reverse(), completions.map((_, i) => completions[(i + Math.floor(LEARNERS / 2)) % LEARNERS]!)];
    await Promise.all(processes.map(async (process, p) => {
      const queue = orders[p]!;
      let next = 0;
      await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
        while (next < queue.length) {
          const answer = await post(process, '/v1/completions', queue[next++]);
          if (answer.status !== 200) failures.push(`node ${p + 1}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }));
    }));
    expect(failures, processes.map((process) => process.output()).join('\n')).toEqual([]);
    // The race was real: Galera rolled back transactions that lost it, and the store ran them again.
    expect((await cluster.conflicts()) - conflictsBefore).toBeGreaterThan(0);

    const raw = store.db.withoutPlugins();
    // Galera applies other nodes' commits asynchronously: make reads wait until this node has them.
    await sql`set session wsrep_sync_wait = 1`.execute(raw);
    const credentials = await store.db.selectFrom('credentials').select(['id', 'learnerId', 'achievementId']).where('issuerId', '=', issuerId).execute();
    expect(credentials).toHaveLength(LEARNERS * 2);
    expect(new Set(credentials.map((c) => `${c.learnerId}/${c.achievementId}`)).size).toBe(LEARNERS * 2);
    const learners = await store.db.selectFrom('learners').select('id').where('issuerId', '=', issuerId).execute();
    expect(learners).toHaveLength(LEARNERS);
    const records = await store.db.selectFrom('completionRecords').select('sourceEventId').execute();
    expect(records.map((r) => r.sourceEventId).sort()).toEqual(completions.map((c) => c.sourceEventId).sort());

    const allocations = await store.db.selectFrom('statusAllocations').select(['statusListId', 'statusIndex', 'credentialId']).execute();
    expect(new Set(allocations.map((a) => a.credentialId))).toEqual(new Set(credentials.map((c) => c.id)));
    expect(new Set(allocations.map((a) => `${a.statusListId}/${a.statusIndex}`)).size).toBe(allocations.length);
    expect(await orphanAllocations(store)).toEqual([]);
    // Each list's counter covers every slot used; the rest are the blocks the processes still hold, and slots of retried transactions.
    const lists = await store.db.selectFrom('statusLists').select(['id', 'allocatedCount', 'length']).execute();
    for (const list of lists) {
      const used = allocations.filter((a) => a.statusListId === list.id);
      expect(list.allocatedCount, list.id).toBeGreaterThanOrEqual(used.length);
      expect(used.every((a) => a.statusIndex >= 0 && a.statusIndex < list.length)).toBe(true);
    }

    // Every node holds the same rows.
    for (const node of cluster.nodes) {
      const connection = await createConnection({ host: '127.0.0.1', port: node.port, user: 'root', database: 'laurel_galera' });
      try {
        await connection.query('SET SESSION wsrep_sync_wait = 1');
        const [rows] = await connection.query('SELECT COUNT(*) AS n FROM credentials');
        expect(Number((rows as Array<{ n: number }>)[0]!.n), `node ${node.index}`).toBe(LEARNERS * 2);
      } finally {
        await connection.end();
      }
    }
  }, 110_000);
});
