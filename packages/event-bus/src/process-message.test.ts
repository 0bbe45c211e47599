import { describe, expect, it } from 'vitest';
import type { IssuanceDeps } from '@laurel/issuance';
import { StoreError } from '@laurel/store';
import { CERTIFICATE_CREATED } from './events.js';
import { certificateEventData } from './lms-events.js';
import type { EventHandler } from './handlers.js';
import { processMessage, type MessageProcessing, type SettledMessage } from './process-message.js';
import { createSchemaRegistry } from './schemas.js';
import type { DeadLetterRecord, EventTransport, TransportMessage } from './transport.js';

const schemas = createSchemaRegistry();

async function certificateMessage(): Promise<TransportMessage> {
  const schema = (await schemas.get(CERTIFICATE_CREATED))!;
  const body = schema.toBuffer(
    certificateEventData({ id: 7, username: 'ada', email: 'ada@example.org', name: 'Ada' }, { key: 'course-v1:Org+CS101+2026', name: 'CS101' }, { mode: 'verified', grade: '0.9', status: 'downloadable' }),
  );
  return { stream: 'dev-learning-certificate-lifecycle', messageId: '1-0', headers: { type: CERTIFICATE_CREATED, id: 'event-1' }, body };
}

/** An in-memory bus with one message: what a second transport (Kafka) would look like to the processing. */
function fakeTransport(previousAttempts = 0) {
  const state = { attempts: previousAttempts, owned: true, acked: 0, deadLetters: [] as DeadLetterRecord[], failAck: false, refunds: 0 };
  const transport: EventTransport = {
    streams: ['dev-learning-certificate-lifecycle'],
    start: async () => {},
    reclaimStale: async () => [],
    read: async () => [],
    beginAttempt: async () => (state.owned ? ++state.attempts : undefined),
    refundAttempt: async () => {
      state.refunds++;
      if (state.owned && state.attempts > 0) state.attempts--;
    },
    acknowledge: async () => {
      if (state.failAck) throw new Error('connection lost');
      state.acked++;
    },
    deadLetter: async (_message, record) => void state.deadLetters.push(record),
    rewind: () => {},
    stopReading: () => {},
    close: async () => {},
  };
  return { transport, state };
}

function processing(transport: EventTransport, handler: EventHandler, overrides: Partial<MessageProcessing<TransportMessage>> = {}) {
  const settled: SettledMessage[] = [];
  const options: MessageProcessing<TransportMessage> = {
    transport,
    schemas,
    handlers: { [CERTIFICATE_CREATED]: handler },
    deps: {} as IssuanceDeps,
    issuerId: 'issuer-1',
    retry: { maxAttempts: 3, backoffMs: 0, maxBackoffMs: 0, maxOutageBackoffMs: 0 },
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    signal: new AbortController().signal,
    onSettled: (message) => settled.push(message),
    ...overrides,
  };
  return { options, settled };
}

describe('processing a message, apart from the transport', () => {
  it('dead-letters after maxAttempts, counting the attempts the transport says came before', async () => {
    const { transport, state } = fakeTransport(1);
    let calls = 0;
    const { options, settled } = processing(transport, async () => {
      calls++;
      throw new Error('database down');
    });
    await processMessage(await certificateMessage(), options);
    expect(calls).toBe(2);
    expect(state.deadLetters).toEqual([{ reason: 'handler-failed', error: 'database down', attempts: 3 }]);
    expect(settled).toEqual([expect.objectContaining({ outcome: 'dead-lettered', eventId: 'event-1', attempts: 3 })]);
  });

  it('gives up without calling the handler when earlier attempts used up the limit without ending', async () => {
    const { transport, state } = fakeTransport(3);
    let calls = 0;
    const { options } = processing(transport, async () => {
      calls++;
      return { action: 'ignored' };
    });
    await processMessage(await certificateMessage(), options);
    expect(calls).toBe(0);
    expect(state.deadLetters).toEqual([expect.objectContaining({ reason: 'attempts-exhausted', attempts: 3 })]);
    expect(state.acked).toBe(0);
  });

  it('dead-letters invalid event data at once, and leaves a message another consumer took', async () => {
    const invalid = fakeTransport();
    const zod = Object.assign(new Error('bad course key'), { name: 'ZodError' });
    await processMessage(await certificateMessage(), processing(invalid.transport, async () => Promise.reject(zod)).options);
    expect(invalid.state.deadLetters).toEqual([{ reason: 'invalid-event', error: 'bad course key', attempts: 1 }]);

    const taken = fakeTransport();
    taken.state.owned = false;
    let calls = 0;
    const { options, settled } = processing(taken.transport, async () => {
      calls++;
      return { action: 'ignored' };
    });
    await processMessage(await certificateMessage(), options);
    expect([calls, taken.state.acked, taken.state.deadLetters.length, settled.length]).toEqual([0, 0, 0, 0]);
  });

  it('leaves the message unsettled when stopped during a retry wait', async () => {
    const { transport, state } = fakeTransport();
    const abort = new AbortController();
    const { options, settled } = processing(
      transport,
      async () => {
        abort.abort();
        throw new Error('database down');
      },
      { signal: abort.signal, retry: { maxAttempts: 3, backoffMs: 600_000, maxBackoffMs: 600_000, maxOutageBackoffMs: 600_000 } },
    );
    await processMessage(await certificateMessage(), options);
    expect([state.attempts, state.acked, state.deadLetters.length, settled.length]).toEqual([1, 0, 0, 0]);
  });

  it('does not retry the handler when the acknowledgement fails: the transport delivers the message again', async () => {
    const { transport, state } = fakeTransport();
    state.failAck = true;
    let calls = 0;
    const { options, settled } = processing(transport, async () => {
      calls++;
      return { action: 'completion-recorded' };
    });
    await expect(processMessage(await certificateMessage(), options)).rejects.toThrow('connection lost');
    expect([calls, settled.length]).toEqual([1, 0]);
  });

  describe('while the database is unavailable', () => {
    const unavailable = () => new StoreError('DATABASE_UNAVAILABLE', 'The database is not answering.');

    it('holds the event, counting no attempt, for as long as the outage lasts, then handles it once', async () => {
      const { transport, state } = fakeTransport();
      const outage: boolean[] = [];
      let calls = 0;
      const { options, settled } = processing(
        transport,
        async () => {
          calls++;
          // Far more failures than maxAttempts (3).
          if (calls <= 20) throw unavailable();
          return { action: 'completion-recorded' };
        },
        { onOutage: (paused) => outage.push(paused) },
      );
      await processMessage(await certificateMessage(), options);
      expect([calls, state.refunds, state.acked, state.deadLetters.length]).toEqual([21, 20, 1, 0]);
      expect(settled).toEqual([expect.objectContaining({ outcome: 'handled', attempts: 1 })]);
      expect(outage).toEqual([true, false]);
    });

    it('does not use up attempts between ordinary failures: those still dead-letter after maxAttempts', async () => {
      const { transport, state } = fakeTransport();
      const failures = [new Error('bug'), unavailable(), unavailable(), unavailable(), new Error('bug'), unavailable(), new Error('bug')];
      let calls = 0;
      const { options } = processing(transport, async () => Promise.reject(failures[calls++] ?? new Error('not expected')));
      await processMessage(await certificateMessage(), options);
      expect(calls).toBe(failures.length);
      expect(state.deadLetters).toEqual([{ reason: 'handler-failed', error: 'bug', attempts: 3 }]);
    });

    it('recognises an outage wrapped in another error', async () => {
      const { transport, state } = fakeTransport();
      let calls = 0;
      const { options } = processing(transport, async () => {
        if (++calls <= 5) throw new Error('recording failed', { cause: unavailable() });
        return { action: 'ignored' };
      });
      await processMessage(await certificateMessage(), options);
      expect([calls, state.acked, state.deadLetters.length]).toEqual([6, 1, 0]);
    });

    it('leaves the event unsettled, its count as before the outage, when stopped while paused', async () => {
      const { transport, state } = fakeTransport(2);
      const abort = new AbortController();
      const { options, settled } = processing(
        transport,
        async () => {
          abort.abort();
          throw unavailable();
        },
        { signal: abort.signal },
      );
      await processMessage(await certificateMessage(), options);
      expect([state.attempts, state.acked, state.deadLetters.length, settled.length]).toEqual([2, 0, 0, 0]);
    });
  });
});
