// `laurel admin import` of BENCH_IMPORT_ROWS awards (default 100,000, the import's maximum) into a
// SQLite issuer, the CLI as a child process whose resident set size (VmRSS, /proc/<pid>/status) is
// sampled every BENCH_RSS_INTERVAL_MS: start, peak and end show whether memory stays flat as rows
// go by. Not asserted anywhere; run `node bench/bulk-import.js` (it takes minutes at 100,000 rows).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setInterval, clearInterval } from 'node:timers';
import { startIssuer } from '@laurel/issuer-service';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const INTERVAL_MS = Number(process.env.BENCH_RSS_INTERVAL_MS ?? 500);
const COURSE = 'course-v1:Bulk+Import+2026';
const CLI = fileURLToPath(new URL('../packages/cli/bin/laurel.js', import.meta.url));

/** An issuer with one achievement in a fresh SQLite database, set up over the service's own API. */
async function seededDatabase(dir, env) {
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const issuer = await startIssuer({ ...env, ISSUER_PORT: '0', LOG_LEVEL: 'silent', LAUREL_BOOTSTRAP_TOKEN: token });
  const post = async (pathname, body) => {
    const response = await fetch(`${issuer.url}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { id: issuerId } = await post('/v1/issuers', { slug: 'bulk', name: 'Bulk University', didMethod: 'key' });
  await post(`/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Bulk 101', rules: { requirePassed: true } });
  await issuer.close();
  return issuerId;
}

async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write('row_key,achievement,lms_user_id,name,email,issued_at\n');
  for (let i = 0; i < rows; i += 1) {
    if (!out.write(`r-${i},${COURSE},u-${i},Learner ${i},learner${i}@bulk.example,2026-06-01T00:00:00Z\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function rssKiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process has exited
  }
}

export async function benchBulkImport() {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-import-'));
  try {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'bulk.db')}`, LAUREL_KEYS_DIR: path.join(dir, 'keys'), LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const issuerId = await seededDatabase(dir, env);
    const csv = path.join(dir, 'awards.csv');
    await writeCsv(csv, ROWS);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'admin', 'import', csv, '--issuer', issuerId, '--report', path.join(dir, 'report.json'), '--no-progress'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const samples = [];
    const timer = setInterval(() => {
      const rss = rssKiB(child.pid);
      if (rss !== undefined) samples.push(rss);
    }, INTERVAL_MS);
    const [code] = await once(child, 'exit');
    clearInterval(timer);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`laurel admin import exited ${code}: ${stderr}`);
    // Only the counts that close the streamed report: this bench stays small whatever the row count.
    const report = readFileSync(path.join(dir, 'report.json'), 'utf8');
    const summary = JSON.parse(`{${report.slice(report.lastIndexOf('],\n') + 3)}`);
    if (summary.issued !== ROWS) throw new Error(`expected ${ROWS} issued, the report says ${summary.issued}`);
    const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    const early = Math.max(...samples.slice(0, tenth));
    return [
      `bulk import, laurel admin import, SQLite, ${ROWS} rows: ${(ROWS / seconds).toFixed(1)} rows/s; ` +
        `RSS first ${mib(samples[0])}, max of first tenth ${mib(early)}, peak ${mib(Math.max(...samples))}, last ${mib(samples[samples.length - 1])} (${samples.length} samples)`,
      // A leak climbs from tenth to tenth; a heap that V8 grows and collects goes up and down.
      `bulk import RSS, max per tenth of the run: ${Array.from({ length: 10 }, (_, i) => (Math.max(...samples.slice(i * tenth, (i + 1) * tenth)) / 1024).toFixed(0)).join(', ')} MiB`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchBulkImport()) console.log(line);
  process.exit(0);
}
