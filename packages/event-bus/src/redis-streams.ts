import type { Redis } from 'ioredis';

/** A stream entry as Redis returns it with binary replies; fields are null when the entry was deleted (Redis 6.2). */
export type StreamEntry = [id: Buffer, fields: Buffer[] | null];

/** XREADGROUP's reply as [stream, entries] pairs: RESP2 nests them, RESP3 (a map) flattens them. */
export function streamReplies(reply: unknown): [Buffer, StreamEntry[]][] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (Array.isArray(reply[0])) return reply as [Buffer, StreamEntry[]][];
  const pairs: [Buffer, StreamEntry[]][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([reply[i] as Buffer, (reply[i + 1] ?? []) as StreamEntry[]]);
  return pairs;
}

export interface ClaimedPage {
  /** Where the next page starts; '0-0' when the pending list was scanned to its end. */
  next: string;
  entries: StreamEntry[];
  /** Pending ids whose entries were deleted from the stream (Redis ≥ 7 reports them apart and drops them from the pending list). */
  deleted: string[];
}

/**
 * One XAUTOCLAIM page: pending messages of any consumer in the group that
 * have been idle at least minIdleMs become this consumer's. Binary replies,
 * because event_data is Avro.
 */
export async function autoClaimPage(redis: Redis, stream: string, group: string, consumer: string, minIdleMs: number, start: string, count: number): Promise<ClaimedPage> {
  const reply = (await redis.callBuffer('XAUTOCLAIM', stream, group, consumer, String(minIdleMs), start, 'COUNT', String(count))) as unknown[];
  const [next, entries, deleted] = reply as [Buffer, StreamEntry[] | null, Buffer[] | undefined];
  return {
    next: next.toString('utf8'),
    entries: entries ?? [],
    deleted: (deleted ?? []).map((id) => id.toString('utf8')),
  };
}

/**
 * The hash that counts handling attempts of a group's pending messages in a
 * stream, by message id: Redis' own delivery counter also counts messages
 * that were read in a batch but never attempted, and is not raised by the
 * retries of one consumer.
 */
export function attemptsKey(stream: string, group: string): string {
  return `${stream}-attempts-${group}`;
}

// Atomic (a script), so that no claim by another consumer can land between the ownership check and the count.
const BEGIN_ATTEMPT_SCRIPT = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if pending[1] == nil or pending[1][2] ~= ARGV[2] then return 0 end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return redis.call('HINCRBY', KEYS[2], ARGV[3], 1)`;

/**
 * Before a handling attempt: is the message still pending under this
 * consumer? If so its idle time is reset, so that other consumers do not take
 * a message that is being handled or waiting for a retry, and its attempt
 * count goes up by one and is returned. 0 when another consumer claimed it
 * (or it was settled) and this one must let it go.
 */
export async function beginAttempt(redis: Redis, stream: string, group: string, consumer: string, messageId: string): Promise<number> {
  return Number(await redis.eval(BEGIN_ATTEMPT_SCRIPT, 2, stream, attemptsKey(stream, group), group, consumer, messageId));
}

// Same ownership check as BEGIN_ATTEMPT_SCRIPT; never below zero, and no count is created for a settled message.
const REFUND_ATTEMPT_SCRIPT = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if pending[1] == nil or pending[1][2] ~= ARGV[2] then return -1 end
local count = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if count <= 0 then return 0 end
return redis.call('HINCRBY', KEYS[2], ARGV[3], -1)`;

/**
 * After an attempt that failed for a reason outside the message (the
 * database was unavailable): takes that attempt back off the count, so an
 * outage of any length uses up none of the message's attempts. Returns the
 * count, or -1 when the message is no longer this consumer's.
 */
export async function refundAttempt(redis: Redis, stream: string, group: string, consumer: string, messageId: string): Promise<number> {
  return Number(await redis.eval(REFUND_ATTEMPT_SCRIPT, 2, stream, attemptsKey(stream, group), group, consumer, messageId));
}
