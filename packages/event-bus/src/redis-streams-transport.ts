import { Redis } from 'ioredis';
import { LaurelError } from '@laurel/models';
import { errorMessage } from './error-message.js';
import { deadLetterStream } from './events.js';
import { attemptsKey, autoClaimPage, beginAttempt, refundAttempt, streamReplies, type StreamEntry } from './redis-streams.js';
import type { DeadLetterRecord, EventTransport, TransportMessage } from './transport.js';

export interface RedisStreamsTransportOptions {
  redisUrl: string;
  streams: string[];
  group: string;
  /** Must be stable across restarts: its pending messages are read first on start. */
  consumerName: string;
  /** Pending messages of any consumer idle this long are claimed; a claim pass runs every claimIdleMs / 2. */
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
  onConnectionError?: (error: Error) => void;
}

/** A stream entry as read; the raw fields are kept so that a dead letter copies them verbatim. */
export interface RedisStreamMessage extends TransportMessage {
  fields: Buffer[];
}

const BODY_FIELD = 'event_data';

function messageOf(stream: string, messageId: string, fields: Buffer[]): RedisStreamMessage {
  const headers: Record<string, string> = {};
  let body: Buffer | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]!.toString('utf8');
    if (name === BODY_FIELD) body = fields[i + 1]!;
    else headers[name] = fields[i + 1]!.toString('utf8');
  }
  return { stream, messageId, headers, body, fields };
}

/**
 * The Open edX Redis event bus (edx-event-bus-redis) read with a consumer
 * group: XREADGROUP (pending messages first, then new ones), XAUTOCLAIM for
 * messages of vanished consumers, XACK, `<stream>-dead-letter` streams, and a
 * hash per stream and group that counts attempts across restarts.
 */
export class RedisStreamsTransport implements EventTransport<RedisStreamMessage> {
  readonly streams: readonly string[];
  // Two connections: a blocking XREADGROUP must not hold up acks, and stopReading() may cut the reader.
  private reader: Redis | undefined;
  private writer: Redis | undefined;
  private reading = false;
  private stopped = false;
  /** Per stream, where to read: pending messages ('0', then after the last one seen) until none are left, then '>' (new). */
  private readonly cursors: Map<string, string>;
  private nextClaimAt = 0;
  /** The claim pass under way: which stream, and where its next XAUTOCLAIM page starts. */
  private claimPass: { streamIndex: number; start: string } | undefined;

  constructor(private readonly options: RedisStreamsTransportOptions) {
    this.streams = [...options.streams];
    this.cursors = new Map(this.streams.map((stream) => [stream, '0']));
  }

  async start(): Promise<void> {
    try {
      this.writer = await this.connect();
      this.reader = await this.connect();
      for (const stream of this.streams) {
        try {
          await this.writer.xgroup('CREATE', stream, this.options.group, '0', 'MKSTREAM');
        } catch (error) {
          if (!errorMessage(error).includes('BUSYGROUP')) throw error;
        }
      }
    } catch (error) {
      this.reader?.disconnect();
      this.writer?.disconnect();
      if (error instanceof LaurelError) throw error;
      throw new LaurelError('EVENT_BUS_SETUP_FAILED', `Cannot join consumer group ${this.options.group} on the event bus: ${errorMessage(error)}`, { group: this.options.group }, { cause: error });
    }
  }

  private async connect(): Promise<Redis> {
    // maxRetriesPerRequest null: a long-running consumer waits out a Redis restart instead of failing commands.
    const client = new Redis(this.options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    client.on('error', (error: Error) => this.options.onConnectionError?.(error));
    await client.connect();
    return client;
  }

  get group(): string {
    return this.options.group;
  }

  get consumerName(): string {
    return this.options.consumerName;
  }

  private get redis(): Redis {
    if (!this.writer) throw new LaurelError('EVENT_BUS_NOT_STARTED', 'The Redis Streams transport was used before start().');
    return this.writer;
  }

  async reclaimStale(): Promise<RedisStreamMessage[]> {
    const { group, consumerName, claimIdleMs, batchSize } = this.options;
    if (!this.claimPass) {
      if (Date.now() < this.nextClaimAt) return [];
      this.nextClaimAt = Date.now() + Math.max(1, Math.floor(claimIdleMs / 2));
      this.claimPass = { streamIndex: 0, start: '0-0' };
    }
    try {
      while (this.claimPass.streamIndex < this.streams.length && !this.stopped) {
        const stream = this.streams[this.claimPass.streamIndex]!;
        const page = await autoClaimPage(this.redis, stream, group, consumerName, claimIdleMs, this.claimPass.start, batchSize);
        // Entries deleted from the stream cannot be handled; ack them so they leave the pending list.
        await this.settleDeleted(stream, page.deleted);
        if (page.next === '0-0') this.claimPass = { streamIndex: this.claimPass.streamIndex + 1, start: '0-0' };
        else this.claimPass.start = page.next;
        const messages = await this.messagesOf(stream, page.entries);
        if (messages.length > 0) return messages;
      }
    } catch (error) {
      // Whatever was claimed but not returned stays pending under this consumer and is read as its own.
      this.claimPass = undefined;
      throw error;
    }
    this.claimPass = undefined;
    return [];
  }

  async read(): Promise<RedisStreamMessage[]> {
    if (this.stopped || !this.reader) return [];
    const ids = this.streams.map((stream) => this.cursors.get(stream)!);
    // Only new messages are waited for; and no longer than until the next claim pass is due.
    const waitForNew = ids.every((id) => id === '>');
    const waitMs = Math.max(1, Math.min(this.options.blockMs, this.nextClaimAt - Date.now()));
    let reply: unknown;
    this.reading = true;
    try {
      reply = await this.reader.callBuffer(
        'XREADGROUP',
        'GROUP',
        this.options.group,
        this.options.consumerName,
        'COUNT',
        String(this.options.batchSize),
        ...(waitForNew ? ['BLOCK', String(waitMs)] : []),
        'STREAMS',
        ...this.streams,
        ...ids,
      );
    } catch (error) {
      // stopReading() disconnects a blocked reader, which fails its read.
      if (this.stopped) return [];
      throw error;
    } finally {
      this.reading = false;
    }
    const batch: RedisStreamMessage[] = [];
    try {
      for (const [streamBuffer, entries] of streamReplies(reply)) {
        const stream = streamBuffer.toString('utf8');
        batch.push(...(await this.messagesOf(stream, entries)));
        if (this.cursors.get(stream) === '>') continue;
        // Reading pending messages: go on after the last one, or on to new ones when there are none left.
        this.cursors.set(stream, entries.length === 0 ? '>' : entries.at(-1)![0].toString('utf8'));
      }
    } catch (error) {
      // The batch is dropped, but its messages are pending under this consumer: the next reads find them again.
      for (const stream of this.streams) this.cursors.set(stream, '0');
      throw error;
    }
    return batch;
  }

  /** Entries deleted from the stream while pending come back without fields: nothing to handle, so they are settled here. */
  private async messagesOf(stream: string, entries: StreamEntry[]): Promise<RedisStreamMessage[]> {
    const deleted = entries.filter(([, fields]) => !fields).map(([id]) => id.toString('utf8'));
    await this.settleDeleted(stream, deleted);
    return entries.flatMap(([id, fields]) => (fields ? [messageOf(stream, id.toString('utf8'), fields)] : []));
  }

  private async settleDeleted(stream: string, messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.redis.multi().xack(stream, this.options.group, ...messageIds).hdel(attemptsKey(stream, this.options.group), ...messageIds).exec();
  }

  async beginAttempt(message: RedisStreamMessage): Promise<number | undefined> {
    const attempt = await beginAttempt(this.redis, message.stream, this.options.group, this.options.consumerName, message.messageId);
    return attempt > 0 ? attempt : undefined;
  }

  async refundAttempt(message: RedisStreamMessage): Promise<void> {
    await refundAttempt(this.redis, message.stream, this.options.group, this.options.consumerName, message.messageId);
  }

  async acknowledge(message: RedisStreamMessage): Promise<void> {
    await this.settle(message);
  }

  async deadLetter(message: RedisStreamMessage, record: DeadLetterRecord): Promise<void> {
    await this.settle(message, record);
  }

  /** XACK and forget the attempt count, after a copy to the dead-letter stream when there is a record: one transaction. */
  private async settle(message: RedisStreamMessage, record?: DeadLetterRecord): Promise<void> {
    const { stream, messageId } = message;
    const transaction = this.redis.multi();
    if (record) {
      transaction.xadd(
        deadLetterStream(stream),
        '*',
        ...message.fields,
        'dead_letter_reason',
        record.reason,
        'dead_letter_error',
        record.error,
        'original_stream',
        stream,
        'original_message_id',
        messageId,
        'attempts',
        String(record.attempts),
        'failed_at',
        new Date().toISOString(),
      );
    }
    const replies = await transaction.xack(stream, this.options.group, messageId).hdel(attemptsKey(stream, this.options.group), messageId).exec();
    // exec() reports the error of a single command in its reply instead of throwing.
    const failed = replies?.find(([error]) => error);
    if (failed) throw failed[0]!;
  }

  rewind(message: RedisStreamMessage): void {
    // Unsettled messages are pending under this consumer (read or claimed): reading pending ones from the start finds them.
    this.cursors.set(message.stream, '0');
  }

  stopReading(): void {
    this.stopped = true;
    if (this.reading) this.reader?.disconnect();
  }

  async pending(): Promise<number> {
    let total = 0;
    for (const stream of this.streams) {
      const groups = (await this.redis.xinfo('GROUPS', stream)) as unknown[][];
      for (const fields of groups) {
        const info = new Map<unknown, unknown>();
        for (let i = 0; i + 1 < fields.length; i += 2) info.set(fields[i], fields[i + 1]);
        // `lag` (entries not yet read by the group) is Redis 7's; older servers report only `pending`.
        if (info.get('name') === this.options.group) total += Number(info.get('pending') ?? 0) + Number(info.get('lag') ?? 0);
      }
    }
    return total;
  }

  async deadLettered(): Promise<number> {
    let total = 0;
    // XLEN of a stream that does not exist is 0: nothing was ever dead-lettered there.
    for (const stream of this.streams) total += await this.redis.xlen(deadLetterStream(stream));
    return total;
  }

  async close(): Promise<void> {
    this.stopReading();
    this.reader?.disconnect();
    await this.writer?.quit().catch(() => this.writer?.disconnect());
  }
}
