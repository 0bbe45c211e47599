// Scale-out on a 3-node MariaDB Galera cluster: completions per second of
// three issuer processes, each on its own node, against one process on one
// node, in the same run (same cluster, same clients in flight). Opt-in
// (LAUREL_BENCH_GALERA=1): it starts its own cluster on free ports from 23161,
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

/** Issuer processes on the first `nodeCount` nodes over a fresh database, with an issuer and achievement ready. */
async function deployment(cluster, spawnIssuer, label, nodeCount, extraEnv) {
  const name = `laurel_bench_${randomBytes(4).toString('hex')}`;
  const urls = (await cluster.createDatabase(name)).slice(0, nodeCount);
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const env = { LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false', ...extraEnv };
  const processes = await Promise.all(urls.map((url) => spawnIssuer({ ...env, DATABASE_URL: url })));
  const post = async (process, path, body) => {
    const response = await fetch(`${process.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const { body: issuer } = await post(processes[0], '/v1/issuers', { slug: 'bench', name: 'Bench University', didMethod: 'key' });
  await post(processes[0], `/v1/issuers/${issuer.id}/achievements`, { externalId: COURSE, name: 'Bench', rules: { minGradePercent: 50 } });
  let sequence = 0;
  const complete = (client) => {
    sequence += 1;
    return post(processes[client % processes.length], '/v1/completions', { issuerId: issuer.id, learner: { lmsUserId: `l-${sequence}`, name: 'Learner' }, courseId: COURSE, gradePercent: 80, sourceEventId: `e-${sequence}` });
  };
  // Warm-up: keys loaded, lists created, first slot blocks reserved on every process.
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, client) => complete(client)));
  return { label, complete, done: 0, elapsed: 0, conflicts: 0, failures: {}, stop: () => Promise.all(processes.map((process) => process.kill())) };
}

/** One slice of `seconds` with IN_FLIGHT clients on the deployment; adds to its totals. */
async function slice(cluster, target, seconds) {
  const conflictsBefore = await cluster.conflicts();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, client) => {
    while (process.hrtime.bigint() < deadline) {
      const answer = await target.complete(client);
      if (answer.status === 200) target.done += 1;
      else target.failures[answer.status] = (target.failures[answer.status] ?? 0) + 1;
    }
  }));
  target.elapsed += Number(process.hrtime.bigint() - start) / 1e9;
  target.conflicts += (await cluster.conflicts()) - conflictsBefore;
}

export async function benchGalera({ seconds, rounds = 3 }) {
  if (process.env.LAUREL_BENCH_GALERA !== '1') return ['Galera scale-out: skipped (set LAUREL_BENCH_GALERA=1; starts a 3-node cluster on free ports from 23161)'];
  const { galeraProblem, startGaleraCluster } = await support('galera');
  const problem = galeraProblem();
  if (problem !== undefined) return [`Galera scale-out: skipped (${problem})`];
  const { spawnIssuer } = await support('issuer-process');
  const cluster = await startGaleraCluster({ basePort: 23161 });
  const targets = [];
  try {
    targets.push(await deployment(cluster, spawnIssuer, '1 process on 1 node', 1, {}));
    targets.push(await deployment(cluster, spawnIssuer, '3 processes on 3 nodes', 3, {}));
    targets.push(await deployment(cluster, spawnIssuer, `3 processes on 3 nodes, STATUS_SLOT_BLOCK=${BLOCK}`, 3, { STATUS_SLOT_BLOCK: String(BLOCK) }));
    // Alternating slices, each deployment first in turn, so a change in machine load weighs on all alike.
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < targets.length; i += 1) await slice(cluster, targets[(round + i) % targets.length], seconds / rounds);
    }
    const [base] = targets;
    const rate = (target) => target.done / target.elapsed;
    const failures = (target) => Object.entries(target.failures).map(([status, count]) => `${count}×${status}`).join(', ') || 'none';
    return targets.map((target) =>
      `Galera: ${target.label}: ${rate(target).toFixed(1)}/s = ${(rate(target) / rate(base)).toFixed(2)}x of 1 process on 1 node; failed requests: ${failures(target)}; ${target.conflicts} certification conflicts retried (${IN_FLIGHT} in flight)`,
    );
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchGalera({ seconds: Number(process.env.BENCH_SECONDS ?? 10) })) console.log(line);
  process.exit(0);
}
