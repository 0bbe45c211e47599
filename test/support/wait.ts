// Waiting for a condition, never for a fixed time.

/**
 * Polls `probe` until it returns a value; fails with `what` after the timeout. `pauseMs` says how
 * long to leave between probes (50 ms unless it says otherwise, e.g. what a Retry-After asked for).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, pauseMs: () => number = () => 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs()));
  }
}
