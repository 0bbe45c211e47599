// Scale-out on a 3-node MariaDB Galera cluster: completions per second of
// three issuer processes, each on its own node, against one process on one
// node, in the same run (same cluster, same clients in flight). Opt-in
// (LAUREL_BENCH_GALERA=1): it starts its own cluster on ports 33071-33073,
// which needs Debian's galera-4, mariadbd and rsync.
//
// Also reports how many requests failed (any non-200), since a conflict that
// outlasts the store's retries shows up as a 500, and runs the three
// processes with and without STATUS_SLOT_BLOCK (the status list counter row
// is the one row every issuance writes).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const COURSE = 'course-v1:Galera+Bench+1';
const IN_FLIGHT = 12;
const BLOCK = 64;

/** The test support modules are TypeScript: load them the way vitest does. */
async function support(name) {
  const { module } = await runnerImport(fileURLToPath(new URL(`../test/support/${name}.ts`, import.meta.url)));
  return module;
}

async function measure(cluster, spawnIssuer, label, nodeCount, seconds, extraEnv) {
  const name = `laurel_bench_${randomBytes(4).toString('hex')}`;
  const urls = (await cluster.createDatabase(name)).slice(0, nodeCount);
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const env = { LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false', ...extraEnv };
  const processes = await Promise.all(urls.map((url) => spawnIssuer({ ...env, DATABASE_URL: url })));
  const post = async (process, path, body) => {
    const response = await fetch(`${process.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  try {
    const { body: issuer } = await post(processes[0], '/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
    await post(processes[0], `/v1/issuers/${issuer.id}/achievements`, { externalId: COURSE, name: 'Bench', rules: { minGradePercent: 50 } });
    let sequence = 0;
    const complete = (client) => {
      sequence += 1;
      return post(processes[client % processes.length], '/v1/completions', { issuerId: issuer.id, learner: { lmsUserId: `l-${sequence}`, name: 'Learner' }, courseId: COURSE, gradePercent: 80, sourceEventId: `e-${sequence}` });
    };
    // Warm-up: keys loaded, lists created, first slot blocks reserved on every process.
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, client) => complete(client)));
    let done = 0;
    let failed = 0;
    const conflictsBefore = await cluster.conflicts();
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(seconds * 1e9));
    await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, client) => {
      while (process.hrtime.bigint() < deadline) {
        const answer = await complete(client);
        if (answer.status === 200) done += 1;
        else failed += 1;
      }
    }));
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    return { label, rate: done / elapsed, failed, conflicts: (await cluster.conflicts()) - conflictsBefore };
  } finally {
    await Promise.all(processes.map((process) => process.kill()));
  }
}

export async function benchGalera({ seconds }) {
  if (process.env.LAUREL_BENCH_GALERA !== '1') return ['Galera scale-out: skipped (set LAUREL_BENCH_GALERA=1; starts a 3-node cluster on ports 33071-33073)'];
  const { galeraProblem, startGaleraCluster } = await support('galera');
  const problem = galeraProblem();
  if (problem !== undefined) return [`Galera scale-out: skipped (${problem})`];
  const { spawnIssuer } = await support('issuer-process');
  const cluster = await startGaleraCluster({ basePort: 33071 });
  try {
    const base = await measure(cluster, spawnIssuer, '1 process on 1 node', 1, seconds, {});
    const plain = await measure(cluster, spawnIssuer, '3 processes on 3 nodes', 3, seconds, {});
    const blocks = await measure(cluster, spawnIssuer, `3 processes on 3 nodes, STATUS_SLOT_BLOCK=${BLOCK}`, 3, seconds, { STATUS_SLOT_BLOCK: String(BLOCK) });
    const tail = (result) => `${result.failed} failed requests, ${result.conflicts} certification conflicts retried (${IN_FLIGHT} in flight)`;
    const line = (result) => `Galera: ${result.label}: ${result.rate.toFixed(1)}/s = ${(result.rate / base.rate).toFixed(2)}x of 1 process on 1 node; ${tail(result)}`;
    return [`Galera: 1 process on 1 node: ${base.rate.toFixed(1)}/s; ${tail(base)}`, line(plain), line(blocks)];
  } finally {
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchGalera({ seconds: Number(process.env.BENCH_SECONDS ?? 10) })) console.log(line);
  process.exit(0);
}
