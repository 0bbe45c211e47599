import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Why Redis cannot be used, or undefined when it answers PING. */
export async function probeRedis(url = REDIS_URL): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

/** Polls `probe` until it returns a value; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Removes every key a test made under its stream prefix (streams, dead letters, attempt counts). */
export async function deleteStreams(prefix: string, url = REDIS_URL): Promise<void> {
  const client = new Redis(url);
  try {
    const keys = await client.keys(`${prefix}-*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
