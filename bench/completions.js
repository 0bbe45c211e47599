// Completions in over HTTP → signed, stored credentials, on SQLite and (when
// it answers) MariaDB, against the bare stock signing call in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { startIssuer } from '@laurel/issuer-service';
import { jsonPoster } from './http-client.js';
import { compareOpsPerSecond, ratioLine, warmUntilSteady } from './measure.js';
import { stockSigner } from './stock.js';

const COURSE = 'course-v1:B+B+1';

/** A fresh MariaDB database, or undefined when none answers at 127.0.0.1:3306. */
export async function mysqlDatabase() {
  try {
    const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', connectTimeout: 2000 });
    const name = `laurel_bench_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    return { url: `mysql://root@127.0.0.1:3306/${name}`, drop: async () => { await admin.query(`DROP DATABASE \`${name}\``); await admin.end(); } };
  } catch {
    return undefined;
  }
}

/**
 * A running issuer with one achievement, and an operation that reports one
 * earning completion. keyEncryptionKey is its key-encryption key (required on
 * MariaDB), so the event-bus bench can open its own deps on the same database
 * and issue as the same issuer.
 */
export async function completionService(databaseUrl, env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-'));
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const keyEncryptionKey = randomBytes(32).toString('base64');
  // Round trips to the database, counted by Kysely's log hook (BEGIN/COMMIT are not queries to it).
  const queries = { count: 0, log: [] };
  const storeLog = (event) => {
    queries.count += 1;
    if (queries.log.length < 200) queries.log.push(event.query.sql);
  };
  // The rate limiter stays on the path, with a budget the warm-ups (thousands a minute from one token) cannot spend.
  const limits = { RATE_LIMIT_TOKEN_REQUESTS: '100000000', RATE_LIMIT_PUBLIC_REQUESTS: '100000000' };
  const issuer = await startIssuer({ DATABASE_URL: databaseUrl, ISSUER_PORT: '0', LOG_LEVEL: 'silent', LAUREL_KEYS_DIR: dir, LAUREL_KEY_ENCRYPTION_KEY: keyEncryptionKey, LAUREL_BOOTSTRAP_TOKEN: token, ...limits, ...env }, { storeLog });
  const client = jsonPoster(issuer.url, { authorization: `Bearer ${token}` });
  const post = async (pathname, body) => {
    const response = await client.post(pathname, body);
    if (response.status >= 300) throw new Error(`${pathname}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const { id: issuerId } = await post('/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
  await post(`/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Bench', rules: { minGradePercent: 50 } });
  let sequence = 0;
  const record = (lmsUserId, gradePercent = 80) => {
    sequence += 1;
    return { learner: { lmsUserId, name: 'Learner' }, courseId: COURSE, gradePercent, sourceEventId: `e-${sequence}` };
  };
  /** One earning completion of a new learner per request. */
  const complete = async () => {
    const result = await post('/v1/completions', { issuerId, ...record(`l-${sequence + 1}`) });
    if (result.issued.length !== 1) throw new Error('expected one credential');
  };
  /** `size` earning completions of new learners in one request (records: [...]). */
  const completeBatch = (size) => async () => {
    const records = Array.from({ length: size }, () => record(`l-${sequence + 1}`));
    const result = await post('/v1/completions', { issuerId, records });
    if (result.issued.length !== size) throw new Error(`expected ${size} credentials`);
  };
  return {
    complete,
    completeBatch,
    /**
     * Queries per completion, over `count` completions after this one is warm:
     * of new learners, or of known learners (one earlier record below the rules) earning now.
     */
    async queriesPerCompletion(count = 20, { knownLearner = false } = {}) {
      await complete();
      const learners = Array.from({ length: count }, (_, i) => `k-${sequence}-${i}`);
      if (knownLearner) for (const lmsUserId of learners) await post('/v1/completions', { issuerId, ...record(lmsUserId, 10) });
      queries.log = [];
      const before = queries.count;
      for (const lmsUserId of learners) {
        const result = await post('/v1/completions', { issuerId, ...record(knownLearner ? lmsUserId : `${lmsUserId}-new`) });
        if (result.issued.length !== 1) throw new Error('expected one credential');
      }
      return { perCompletion: (queries.count - before) / count, sample: queries.log.slice(0, Math.ceil(queries.log.length / count)) };
    },
    issuerId,
    courseId: COURSE,
    keyEncryptionKey,
    close: async () => {
      client.close();
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const BATCH = 10;

/**
 * One and BATCH completions per request, sequential, against bare stock signing of the same
 * number of credentials (so both sides count credentials per second), with and without the pool,
 * each side warmed until its rate stops improving.
 */
async function measure(label, databaseUrl, sign, seconds, env) {
  const service = await completionService(databaseUrl, env);
  const lines = [];
  // Both sides are measured warm: the issuer's whole path takes thousands of completions to be compiled
  // (see warmUntilSteady). The first round's rate, against the same stock rate, is printed as "cold".
  const warm = await warmUntilSteady(service.complete);
  await warmUntilSteady(sign, { min: 500 });
  const [one, baseline] = await compareOpsPerSecond(service.complete, sign, { seconds, warmup: 0 });
  lines.push(`${ratioLine(`${label}, 1/request`, one, baseline)}  (cold ${(warm.firstRate / baseline).toFixed(2)}x; warm after ${warm.calls})`);
  const signBatch = async () => { for (let i = 0; i < BATCH; i += 1) await sign(); };
  await warmUntilSteady(service.completeBatch(BATCH), { round: 25, min: 100 });
  const [batches, baselineBatches] = await compareOpsPerSecond(service.completeBatch(BATCH), signBatch, { seconds, warmup: 0 });
  lines.push(ratioLine(`${label}, ${BATCH}/request`, batches * BATCH, baselineBatches * BATCH));
  const fresh = await service.queriesPerCompletion();
  const known = await service.queriesPerCompletion(20, { knownLearner: true });
  lines.push(`${label}: queries/completion ${fresh.perCompletion.toFixed(1)} (new learner), ${known.perCompletion.toFixed(1)} (known learner)`);
  await service.close();
  return lines;
}

export async function benchCompletions({ seconds }) {
  const sign = await stockSigner();
  const lines = [];
  for (const workers of ['0', '2']) {
    const env = { CRYPTO_WORKERS: workers };
    const sqliteDir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-db-'));
    lines.push(...(await measure(`completions, HTTP + SQLite, CRYPTO_WORKERS=${workers}`, `sqlite:${path.join(sqliteDir, 'bench.db')}`, sign, seconds, env)));
    rmSync(sqliteDir, { recursive: true, force: true });
    const mysql = await mysqlDatabase();
    if (mysql) {
      lines.push(...(await measure(`completions, HTTP + MariaDB, CRYPTO_WORKERS=${workers}`, mysql.url, sign, seconds, env)));
      await mysql.drop();
    } else {
      lines.push('completions, HTTP + MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchCompletions({ seconds: Number(process.env.BENCH_SECONDS ?? 4) })) console.log(line);
  process.exit(0);
}
