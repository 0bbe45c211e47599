// POST /v1/completions with CONCURRENCY requests in flight, one new learner each, against the bare stock
// signing rate of the same run (one thread, sequential), on SQLite and (when it answers) MariaDB. The
// issuer runs as operators run it (`laurel-issuer`, default settings but rate limits off: all load comes
// from one address), in its own process: pinned to one core (taskset), which is the per-core rate; on
// the request thread; with CRYPTO_WORKERS=1 and 2; and with ISSUER_PROCESSES=2. The load comes from a
// worker thread of this process (load-client.js). On a 2-core machine the database server and
// the load generator share the cores with the issuer (pinned, they have the other core to themselves
// but for the stock slices). BENCH_VARIANT=<part of a name> measures only the variants it names.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { mysqlDatabase } from './completions.js';
import { opsPerSecond, steadyRounds, warmUntilSteady } from './measure.js';
import { startServiceProcess } from './service-process.js';
import { stockSigner } from './stock.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 3000);
const COURSE = 'course-v1:B+B+1';
const WARM_ROUND = 500;
const ROUNDS = 6;


/** `laurel-issuer` on `databaseUrl` with `env`, an issuer and an achievement made; its URL and a stop function. */
async function issuerProcess(databaseUrl, env, options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-inflight-'));
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const issuer = await startServiceProcess('issuer', {
    DATABASE_URL: databaseUrl, ISSUER_PORT: '0', ISSUER_PUBLIC_URL_CHECK: 'false', RATE_LIMIT: 'false',
    LAUREL_KEYS_DIR: dir, LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_BOOTSTRAP_TOKEN: token, ...env,
  }, options);
  const { url } = issuer;
  const post = async (pathname, body) => {
    const response = await fetch(`${url}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { id: issuerId } = await post('/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
  await post(`/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Bench', rules: { minGradePercent: 50 } });
  return {
    url,
    token,
    issuerId,
    stop: async () => {
      await issuer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` completions of new learners, CONCURRENCY in flight from a worker thread: per second. */
function inFlight(issuer, first, count) {
  const bodies = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ issuerId: issuer.issuerId, learner: { lmsUserId: `l-${first + i}`, name: 'Learner' }, courseId: COURSE, gradePercent: 80, sourceEventId: `e-${first + i}` }),
  );
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.js', import.meta.url), { workerData: { url: `${issuer.url}/v1/completions`, token: issuer.token, bodies, concurrency: CONCURRENCY } });
    worker.once('message', (outcome) => (outcome.error ? reject(new Error(outcome.error)) : resolve(outcome.done / outcome.elapsed)));
    worker.once('error', reject);
  });
}

const VARIANTS = [
  ['1 process pinned to one core', {}, { cpus: String(availableParallelism() - 1) }],
  ['1 process, on the request thread', {}],
  ['1 process, CRYPTO_WORKERS=1', { CRYPTO_WORKERS: '1' }],
  ['1 process, CRYPTO_WORKERS=2', { CRYPTO_WORKERS: '2' }],
  ['ISSUER_PROCESSES=2', { ISSUER_PROCESSES: '2' }],
];

async function measureDatabase(label, newDatabase, sign) {
  const lines = [];
  for (const [name, env, options] of VARIANTS.filter(([name]) => !process.env.BENCH_VARIANT || name.includes(process.env.BENCH_VARIANT))) {
    const database = await newDatabase();
    const issuer = await issuerProcess(database.url, env, options);
    try {
      // Warm until the rate stops improving: V8 compiles the issuer's path over thousands of completions
      // (and the first status list and slot blocks are made). The first round is printed as "cold".
      let first = 0;
      const warm = await steadyRounds(async () => {
        const rate = await inFlight(issuer, first, WARM_ROUND);
        first += WARM_ROUND;
        return { count: WARM_ROUND, rate };
      }, { min: 4000, max: 10_000 });
      await warmUntilSteady(sign, { min: 500 });
      // Alternating slices (as compareOpsPerSecond does): a change in machine load weighs on both alike.
      const totals = { ours: { count: 0, seconds: 0 }, stock: { count: 0, seconds: 0 } };
      const slice = Math.ceil(COMPLETIONS / ROUNDS);
      for (let round = 0; round < ROUNDS; round += 1) {
        const oursRate = await inFlight(issuer, first, slice);
        first += slice;
        totals.ours.count += slice;
        totals.ours.seconds += slice / oursRate;
        const stockSeconds = 2 * slice / oursRate; // about as long as ours took, or a little longer
        const stockRate = await opsPerSecond(sign, { seconds: Math.min(stockSeconds, 2), warmup: 0 });
        totals.stock.count += stockRate * Math.min(stockSeconds, 2);
        totals.stock.seconds += Math.min(stockSeconds, 2);
      }
      const ours = totals.ours.count / totals.ours.seconds;
      const stock = totals.stock.count / totals.stock.seconds;
      lines.push(`completions, ${label}, ${CONCURRENCY} in flight, ${name}`.padEnd(80) + ` ours ${ours.toFixed(1).padStart(7)}/s  stock ${stock.toFixed(1).padStart(7)}/s  ratio ${(ours / stock).toFixed(2)}x  (cold ${(warm.firstRate / stock).toFixed(2)}x; warm after ${warm.calls})`);
    } finally {
      await issuer.stop();
      await database.drop();
    }
  }
  return lines;
}

export async function benchCompletionsPool() {
  const sign = await stockSigner();
  const sqlite = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-db-'));
    return { url: `sqlite:${path.join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  };
  const lines = await measureDatabase('HTTP + SQLite', sqlite, sign);
  if (await mysqlDatabase().then(async (probe) => (probe ? (await probe.drop(), true) : false))) {
    lines.push(...(await measureDatabase('HTTP + MariaDB', mysqlDatabase, sign)));
  } else {
    lines.push('completions in flight, HTTP + MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
  }
  lines.push(`(stock: the bare @digitalbazaar/vc signing call, sequential on one thread, measured in slices alternating with ours; ${COMPLETIONS} completions per variant in ${ROUNDS} slices)`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchCompletionsPool()) console.log(line);
  process.exit(0);
}
