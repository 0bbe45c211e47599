import type { IssuanceDeps } from '@laurel/issuance';
import type { OpenEdxClient } from '@laurel/openedx-client';
import { routeOfEvent, type LmsRoute } from './lms-instances.js';
import { isDatabaseUnavailable } from '@laurel/store';
import { abortableSleep } from './abortable-sleep.js';
import { decodeEventData, eventHeadersOf, UnprocessableEventError } from './decode-event.js';
import { errorMessage } from './error-message.js';
import type { EventHandler, HandlerResult } from './handlers.js';
import type { SchemaRegistry } from './schemas.js';
import type { EventTransport, TransportMessage } from './transport.js';

export interface ConsumerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SettledMessage {
  stream: string;
  messageId: string;
  eventId?: string;
  type?: string;
  outcome: 'handled' | 'ignored' | 'dead-lettered';
  result?: HandlerResult;
  reason?: string;
  attempts: number;
}

export interface RetryPolicy {
  /** Handling attempts, across restarts, before an event moves to the dead-letter stream. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /**
   * While the database is unavailable the message is held and retried, from
   * backoffMs doubling up to this: how soon after the database is back the
   * consumer notices. These retries count no attempt.
   */
  maxOutageBackoffMs: number;
}

export interface MessageProcessing<M extends TransportMessage> {
  transport: EventTransport<M>;
  schemas: SchemaRegistry;
  handlers: Readonly<Record<string, EventHandler>>;
  deps: IssuanceDeps;
  /** The issuer of events no LMS instance claims (EVENT_BUS_ISSUER_ID); without it such events are dead-lettered. */
  issuerId?: string | undefined;
  /** The Open edX client handlers read grades and completion through, when configured (for events no instance claims). */
  lms?: OpenEdxClient | undefined;
  /** Several LMS instances (LMS_INSTANCES_FILE): each event goes to the issuer and client of the instance it comes from. */
  routes?: readonly LmsRoute[] | undefined;
  retry: RetryPolicy;
  logger: ConsumerLogger;
  /** Aborted when the consumer stops: a retry that is waiting gives up and leaves the message unsettled. */
  signal: AbortSignal;
  onSettled?: ((outcome: SettledMessage) => void) | undefined;
  /** Told when handling pauses because the database is unavailable (true) and when it answers again (false). */
  onOutage?: ((paused: boolean) => void) | undefined;
}

/** Schema validation of the event data failed: the same data fails every time. */
function isPermanent(error: unknown): boolean {
  return error instanceof Error && error.name === 'ZodError';
}

/**
 * Decodes one message and hands it to its handler, retrying failures with
 * exponential backoff (and, while the database is unavailable, without
 * counting attempts, for as long as the outage lasts); settles it (acknowledged, or dead-lettered with a
 * reason) unless stopping or another consumer's claim leaves it unsettled.
 * Throws only when the transport fails (the message then stays unsettled and
 * is delivered again).
 */
export async function processMessage<M extends TransportMessage>(message: M, processing: MessageProcessing<M>): Promise<void> {
  const { transport, logger, retry } = processing;
  const { stream, messageId } = message;
  const headers = eventHeadersOf(message);
  const settle = (outcome: Omit<SettledMessage, 'stream' | 'messageId' | 'eventId' | 'type'>) =>
    processing.onSettled?.({ stream, messageId, ...(headers.id ? { eventId: headers.id } : {}), ...(headers.type ? { type: headers.type } : {}), ...outcome });
  const deadLetter = async (reason: string, error: string, attempts: number) => {
    await transport.deadLetter(message, { reason, error, attempts });
    const log = attempts === 0 ? logger.warn : logger.error;
    log.call(logger, { stream, messageId, eventId: headers.id, reason, attempts, error }, 'event moved to dead-letter stream');
    settle({ outcome: 'dead-lettered', reason, attempts });
  };

  let data: unknown;
  try {
    data = await decodeEventData(message, headers, processing.schemas);
  } catch (error) {
    if (!(error instanceof UnprocessableEventError)) throw error;
    return deadLetter(error.reason, error.message, 0);
  }
  // hasOwn: a type named like an Object.prototype member ("constructor") has no handler.
  const handler = Object.hasOwn(processing.handlers, headers.type) ? processing.handlers[headers.type] : undefined;
  if (!handler) {
    await transport.acknowledge(message);
    settle({ outcome: 'ignored', attempts: 0 });
    return;
  }

  const route = processing.routes ? routeOfEvent(processing.routes, stream, headers) : undefined;
  const target = route ? { issuerId: route.issuerId, lms: route.lms } : processing.issuerId ? { issuerId: processing.issuerId, lms: processing.lms } : undefined;
  if (!target) return deadLetter('unroutable', `no LMS instance takes events of stream ${stream} from sourcehost "${headers.sourcehost ?? ''}", and EVENT_BUS_ISSUER_ID is not set`, 0);

  // Retries while the database is unavailable: they pause the consumer (it
  // reads and claims nothing new meanwhile) and count no attempt.
  let outageRetries = 0;
  const outageOver = () => {
    if (outageRetries === 0) return;
    logger.info({ stream, messageId, eventId: headers.id, retries: outageRetries }, 'database answers again; event handling resumes');
    processing.onOutage?.(false);
  };
  for (;;) {
    const attempt = await transport.beginAttempt(message);
    if (attempt === undefined) {
      logger.warn({ stream, messageId, eventId: headers.id }, 'event taken over by another consumer (or settled) meanwhile; leaving it');
      return;
    }
    if (attempt > retry.maxAttempts) {
      // Past the limit without a dead letter: the last attempt never ended (the process crashed or was killed in it), or the limit was lowered.
      const made = attempt - 1;
      return deadLetter('attempts-exhausted', `${made} handling attempts were started (at most ${retry.maxAttempts}) and the last did not finish: the consumer stopped or crashed during it`, made);
    }
    let result: HandlerResult;
    try {
      result = await handler(data, { deps: processing.deps, issuerId: target.issuerId, headers, lms: target.lms });
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // Not the message's fault: take the attempt back and hold the message until the database answers.
        await transport.refundAttempt(message);
        outageRetries++;
        if (outageRetries === 1) processing.onOutage?.(true);
        const delay = Math.min(retry.maxOutageBackoffMs, retry.backoffMs * 2 ** Math.min(outageRetries - 1, 30));
        logger.warn({ stream, messageId, eventId: headers.id, retries: outageRetries, retryInMs: delay, error: errorMessage(error) }, 'database unavailable; consumer paused, holding the event (no attempt counted)');
        await abortableSleep(delay, processing.signal);
        // Stopping: the message stays unsettled, its count as it was before the outage.
        if (processing.signal.aborted) return;
        continue;
      }
      outageOver();
      outageRetries = 0;
      if (isPermanent(error)) return deadLetter('invalid-event', errorMessage(error), attempt);
      if (attempt >= retry.maxAttempts) return deadLetter('handler-failed', errorMessage(error), attempt);
      const delay = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** (attempt - 1));
      logger.warn({ stream, messageId, eventId: headers.id, attempt, retryInMs: delay, error: errorMessage(error) }, 'event handling failed; will retry');
      await abortableSleep(delay, processing.signal);
      // Stopping: the message stays unsettled; its next delivery continues the attempt count.
      if (processing.signal.aborted) return;
      continue;
    }
    outageOver();
    // Outside the try: a failed ack is the transport's failure, not the handler's, and must not be retried as one.
    await transport.acknowledge(message);
    logger.info({ stream, messageId, eventId: headers.id, type: headers.type, ...result }, 'event handled');
    settle({ outcome: 'handled', result, attempts: attempt });
    return;
  }
}
