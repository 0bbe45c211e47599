/**
 * Runs `operation` repeatedly for about `seconds` (after a warm-up) and returns
 * operations per second. Sequential on purpose: we compare per-call cost.
 */
export async function opsPerSecond(operation, { seconds = 3, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i += 1) await operation(i);
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    await operation(count);
    count += 1;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

export function ratioLine(label, ours, baseline) {
  return `${label.padEnd(44)} ours ${ours.toFixed(1).padStart(8)}/s  stock ${baseline.toFixed(1).padStart(8)}/s  ratio ${(ours / baseline).toFixed(2)}x`;
}
