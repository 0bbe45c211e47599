/**
 * Runs `operation` repeatedly for about `seconds` (after a warm-up) and returns
 * operations per second. Sequential on purpose: we compare per-call cost.
 */
export async function opsPerSecond(operation, { seconds = 3, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i += 1) await operation(i);
  const { count, elapsed } = await runFor(operation, seconds, 0);
  return count / elapsed;
}

async function runFor(operation, seconds, offset) {
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    await operation(offset + count);
    count += 1;
    now = process.hrtime.bigint();
  }
  return { count, elapsed: Number(now - start) / 1e9 };
}

/**
 * Ours against the baseline in alternating slices, so a change in machine
 * load during the run weighs on both alike. Returns [ours/s, baseline/s].
 */
export async function compareOpsPerSecond(ours, baseline, { seconds = 3, rounds = 6, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i += 1) {
    await ours(i);
    await baseline(i);
  }
  const totals = { ours: { count: 0, elapsed: 0 }, baseline: { count: 0, elapsed: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, operation] of round % 2 ? [['baseline', baseline], ['ours', ours]] : [['ours', ours], ['baseline', baseline]]) {
      const { count, elapsed } = await runFor(operation, seconds / rounds, totals[name].count + warmup);
      totals[name].count += count;
      totals[name].elapsed += elapsed;
    }
  }
  return [totals.ours.count / totals.ours.elapsed, totals.baseline.count / totals.baseline.elapsed];
}

/**
 * For paths that only make sense N items at a time (a queue drained by a
 * consumer): ours(n) and baseline(n) each handle n items and resolve with the
 * seconds their timed part took. Rounds alternate which goes first, as above;
 * the median damps one slow round. Returns [ours items/s, baseline items/s].
 */
export async function compareBatchThroughput(ours, baseline, { items, rounds = 3 }) {
  const rates = { ours: [], baseline: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, batch] of round % 2 ? [['baseline', baseline], ['ours', ours]] : [['ours', ours], ['baseline', baseline]]) {
      rates[name].push(items / (await batch(items)));
    }
  }
  return [median(rates.ours), median(rates.baseline)];
}

/** Starts a clock; the returned function gives the seconds since. */
export function stopwatch() {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ratioLine(label, ours, baseline, baselineName = 'stock') {
  return `${label.padEnd(44)} ours ${ours.toFixed(1).padStart(8)}/s  ${baselineName} ${baseline.toFixed(1).padStart(8)}/s  ratio ${(ours / baseline).toFixed(2)}x`;
}
