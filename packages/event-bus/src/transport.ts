/**
 * What the consumer needs from an event bus, apart from how events are
 * decoded and handled: batches of raw messages in, and each message settled
 * (acknowledged or dead-lettered) once. Redis Streams implement it in
 * redis-streams-transport.ts; a Kafka transport would map the same calls onto
 * a consumer group with manual offset commits (see the README).
 */
export interface TransportMessage {
  /** The stream it was read from (Kafka: the topic). */
  stream: string;
  /** Its id within that stream (Kafka: `<partition>-<offset>`). */
  messageId: string;
  /**
   * CloudEvents attributes by bare name (`type`, `id`, `time`, …): on Redis the
   * stream fields next to `event_data`, on Kafka the `ce_*` headers without the prefix.
   */
  headers: Record<string, string>;
  /** The Avro-encoded event data (Kafka: the value without its Confluent framing); undefined when there is none. */
  body: Buffer | undefined;
}

/** Why a message is given up on, stored next to the original in the dead-letter stream (or topic). */
export interface DeadLetterRecord {
  reason: string;
  error: string;
  /** Handling attempts made; 0 when the message could not be decoded. */
  attempts: number;
}

/**
 * One consumer's connection to the bus. Methods are called by one loop, one at
 * a time, except stopReading(), which may come at any moment.
 */
export interface EventTransport<M extends TransportMessage = TransportMessage> {
  /** The streams (topics) read. */
  readonly streams: readonly string[];
  /** Connects and joins the consumer group (creating it when missing). */
  start(): Promise<void>;
  /**
   * Messages other consumers left unsettled too long, now this consumer's,
   * one page per call while a pass is due; [] otherwise (always on Kafka,
   * where the group rebalance hands a vanished consumer's partitions over).
   */
  reclaimStale(): Promise<M[]>;
  /**
   * The next batch: messages this consumer was given before a restart and
   * has not settled first, then new ones. Waits a while for new messages and
   * returns [] when none came (or stopReading() was called).
   */
  read(): Promise<M[]>;
  /**
   * Records that a handling attempt starts and returns its number, counting
   * the attempts of earlier runs (so a message that crashes the process still
   * runs out of attempts), or undefined when the message is no longer this
   * consumer's (another one claimed it, or it was settled).
   */
  beginAttempt(message: M): Promise<number | undefined>;
  /**
   * The attempt just begun does not count: it failed because the database was
   * unavailable, not because of the message. Undoes beginAttempt's count (when
   * the message is still this consumer's), so that an outage of any length
   * dead-letters nothing.
   */
  refundAttempt(message: M): Promise<void>;
  /** Done with the message: it is not delivered again and its attempt count is dropped. */
  acknowledge(message: M): Promise<void>;
  /** Copies the message with the record to the dead-letter stream, then acknowledges it, atomically where the bus allows. */
  deadLetter(message: M, record: DeadLetterRecord): Promise<void>;
  /** The message could not be settled: deliver it, and what follows it in its stream, again. */
  rewind(message: M): void;
  /** Wakes a read() that is waiting for messages; later reads return []. Settling still works. */
  stopReading(): void;
  /** Closes the connections; call once the loop has ended. */
  close(): Promise<void>;
  /** Messages of this consumer group not yet settled: read but unacknowledged, and not yet read (for metrics). */
  pending?(): Promise<number>;
  /** Entries in the dead-letter streams of this consumer's streams (for the admin dashboard). */
  deadLettered?(): Promise<number>;
}
