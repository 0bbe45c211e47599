/**
 * Runs `operation` repeatedly for about `seconds` (after a warm-up) and returns
 * operations per second. Sequential on purpose: we compare per-call cost.
 */
export async function opsPerSecond(operation, { seconds = 3, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i += 1) await operation(i);
  const { count, elapsed } = await runFor(operation, seconds, 0);
  return count / elapsed;
}

async function runFor(operation, seconds, offset, maxCount = Infinity) {
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = seconds === Infinity ? Infinity : start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline && count < maxCount) {
    await operation(offset + count);
    count += 1;
    now = process.hrtime.bigint();
  }
  return { count, elapsed: Number(now - start) / 1e9 };
}

/**
 * Calls `operation` in rounds of `round` until its rate stops improving (see steadyRounds).
 * V8 compiles a long path (an HTTP completion: routing, zod, building, signing, SQL) a function at a
 * time as its calls add up, over thousands of calls: on a 2-core VM an issuer's completions got 2-3x
 * cheaper between the first 500 and the 4,000th. A rate taken before that measures the compiler.
 */
export async function warmUntilSteady(operation, { round = 250, min = 4000, max = 10_000, tolerance = 0.03 } = {}) {
  let calls = 0;
  return steadyRounds(async () => {
    const { count, elapsed } = await runFor(operation, Infinity, calls, round);
    calls += count;
    return { count, rate: count / elapsed };
  }, { min, max, tolerance });
}

/**
 * Runs rounds (`runRound` resolves with the calls it made and their rate) until at least `min` calls
 * and a round no more than `tolerance` faster than the best round before it, or `max` calls in all.
 * Returns the calls made and the first and last rounds' rates (calls per second).
 */
export async function steadyRounds(runRound, { min, max, tolerance = 0.03 }) {
  const rates = [];
  let calls = 0;
  while (calls < max) {
    const { count, rate } = await runRound();
    calls += count;
    const best = Math.max(...rates);
    rates.push(rate);
    if (calls >= min && rate <= best * (1 + tolerance)) break;
  }
  return { calls, firstRate: rates[0], lastRate: rates.at(-1) };
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
 * Like compareOpsPerSecond for any number of operations: each round runs every one for a slice, in an
 * order that rotates from round to round. Returns each operation's rate (calls per second) by name.
 */
export async function compareManyOpsPerSecond(operations, { seconds = 3, rounds = 6 } = {}) {
  const names = Object.keys(operations);
  const totals = Object.fromEntries(names.map((name) => [name, { count: 0, elapsed: 0 }]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(i + round) % names.length];
      const { count, elapsed } = await runFor(operations[name], seconds / rounds, totals[name].count);
      totals[name].count += count;
      totals[name].elapsed += elapsed;
    }
  }
  return Object.fromEntries(names.map((name) => [name, totals[name].count / totals[name].elapsed]));
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
