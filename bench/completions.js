// Completions in over HTTP → signed, stored credentials, on SQLite and (when
// it answers) MariaDB, against the bare stock signing call in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { startIssuer } from '@laurel/issuer-service';
import { opsPerSecond, ratioLine } from './measure.js';
import { stockSigner } from './stock.js';

async function mysqlDatabase() {
  try {
    const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', connectTimeout: 2000 });
    const name = `laurel_bench_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    return { url: `mysql://root@127.0.0.1:3306/${name}`, drop: async () => { await admin.query(`DROP DATABASE \`${name}\``); await admin.end(); } };
  } catch {
    return undefined;
  }
}

async function completionsPerSecond(databaseUrl, seconds) {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-'));
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const issuer = await startIssuer({ DATABASE_URL: databaseUrl, ISSUER_PORT: '0', LOG_LEVEL: 'silent', LAUREL_KEYS_DIR: dir, LAUREL_BOOTSTRAP_TOKEN: token });
  const post = async (pathname, body) => {
    const response = await fetch(`${issuer.url}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { id: issuerId } = await post('/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
  await post(`/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:B+B+1', name: 'Bench', rules: { minGradePercent: 50 } });
  const rate = await opsPerSecond(async (i) => {
    const result = await post('/v1/completions', { issuerId, learner: { lmsUserId: `l-${i}-${Math.random()}`, name: 'Learner' }, courseId: 'course-v1:B+B+1', gradePercent: 80, sourceEventId: `e-${i}-${Math.random()}` });
    if (result.issued.length !== 1) throw new Error('expected one credential');
  }, { seconds, warmup: 5 });
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

export async function benchCompletions({ seconds }) {
  const sign = await stockSigner();
  const baseline = await opsPerSecond(() => sign(), { seconds });
  const lines = [];
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-db-'));
  lines.push(ratioLine('completion → credential, HTTP + SQLite', await completionsPerSecond(`sqlite:${path.join(sqliteDir, 'bench.db')}`, seconds), baseline));
  rmSync(sqliteDir, { recursive: true, force: true });
  const mysql = await mysqlDatabase();
  if (mysql) {
    lines.push(ratioLine('completion → credential, HTTP + MariaDB', await completionsPerSecond(mysql.url, seconds), baseline));
    await mysql.drop();
  } else {
    lines.push('completion → credential, HTTP + MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
  }
  return lines;
}
