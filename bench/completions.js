// Completions in over HTTP → signed, stored credentials, on SQLite and (when
// it answers) MariaDB, against the bare stock signing call in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { startIssuer } from '@laurel/issuer-service';
import { compareOpsPerSecond, ratioLine } from './measure.js';
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
  const issuer = await startIssuer({ DATABASE_URL: databaseUrl, ISSUER_PORT: '0', LOG_LEVEL: 'silent', LAUREL_KEYS_DIR: dir, LAUREL_KEY_ENCRYPTION_KEY: keyEncryptionKey, LAUREL_BOOTSTRAP_TOKEN: token, ...env }, { storeLog });
  const post = async (pathname, body) => {
    const response = await fetch(`${issuer.url}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { id: issuerId } = await post('/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
  await post(`/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Bench', rules: { minGradePercent: 50 } });
  let sequence = 0;
  const complete = async () => {
    sequence += 1;
    const result = await post('/v1/completions', { issuerId, learner: { lmsUserId: `l-${sequence}`, name: 'Learner' }, courseId: COURSE, gradePercent: 80, sourceEventId: `e-${sequence}` });
    if (result.issued.length !== 1) throw new Error('expected one credential');
  };
  return {
    complete,
    /** Queries per completion, over `count` completions after this one is warm. */
    async queriesPerCompletion(count = 20) {
      await complete();
      queries.log = [];
      const before = queries.count;
      for (let i = 0; i < count; i += 1) await complete();
      return { perCompletion: (queries.count - before) / count, sample: queries.log.slice(0, Math.ceil(queries.log.length / count)) };
    },
    issuerId,
    courseId: COURSE,
    keyEncryptionKey,
    close: async () => {
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(label, databaseUrl, sign, seconds) {
  const service = await completionService(databaseUrl);
  const [ours, baseline] = await compareOpsPerSecond(service.complete, sign, { seconds, warmup: 5 });
  const { perCompletion } = await service.queriesPerCompletion();
  await service.close();
  return `${ratioLine(label, ours, baseline)}  ${perCompletion.toFixed(1)} queries/completion`;
}

export async function benchCompletions({ seconds }) {
  const sign = await stockSigner();
  const lines = [];
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-db-'));
  lines.push(await measure('completion → credential, HTTP + SQLite', `sqlite:${path.join(sqliteDir, 'bench.db')}`, sign, seconds));
  rmSync(sqliteDir, { recursive: true, force: true });
  const mysql = await mysqlDatabase();
  if (mysql) {
    lines.push(await measure('completion → credential, HTTP + MariaDB', mysql.url, sign, seconds));
    await mysql.drop();
  } else {
    lines.push('completion → credential, HTTP + MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
  }
  return lines;
}
