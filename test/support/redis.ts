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

// Kept here too for the event-bus tests that import it from this module.
export { waitFor } from './wait.js';

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
