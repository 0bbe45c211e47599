// POST /v1/completions on SQLite with CONCURRENCY completions in flight: the issuer signing on the
// request thread (CRYPTO_WORKERS=0) against signing on a pool of two worker threads, in alternating
// slices of the same run. Signing happens inside the issuance transaction, so what the pool can give
// is bounded by how much of a completion is signing (the database work stays on the main thread).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { completionService } from './completions.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = 4;

async function inFlight(complete, seconds) {
  let done = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (process.hrtime.bigint() < deadline) {
      await complete();
      done += 1;
    }
  }));
  return { done, elapsed: Number(process.hrtime.bigint() - start) / 1e9 };
}

export async function benchCompletionsPool() {
  const dirs = [];
  const service = async (workers) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-pool-'));
    dirs.push(dir);
    return completionService(`sqlite:${path.join(dir, 'bench.db')}`, { CRYPTO_WORKERS: String(workers) });
  };
  const services = { 0: await service(0), 2: await service(2) };
  const totals = { 0: { done: 0, elapsed: 0 }, 2: { done: 0, elapsed: 0 } };
  for (const workers of [0, 2]) for (let i = 0; i < 10; i += 1) await services[workers].complete();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const workers of round % 2 ? [2, 0] : [0, 2]) {
      const { done, elapsed } = await inFlight(services[workers].complete, SECONDS / ROUNDS);
      totals[workers].done += done;
      totals[workers].elapsed += elapsed;
    }
  }
  for (const running of Object.values(services)) await running.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  const [none, pooled] = [totals[0].done / totals[0].elapsed, totals[2].done / totals[2].elapsed];
  return [
    `completions, HTTP + SQLite, ${CONCURRENCY} in flight      CRYPTO_WORKERS=2 ${pooled.toFixed(1).padStart(7)}/s  CRYPTO_WORKERS=0 ${none.toFixed(1).padStart(7)}/s  ratio ${(pooled / none).toFixed(2)}x`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchCompletionsPool()) console.log(line);
  process.exit(0);
}
