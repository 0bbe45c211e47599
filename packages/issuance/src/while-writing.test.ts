import { describe, expect, it } from 'vitest';
import { whileWriting } from './status-allocation.js';

function deferred() {
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

/** Whether `promise` has settled once every pending callback has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('whileWriting (work done while a statement of the transaction travels)', () => {
  it('does not settle a failed work before the write has: the rollback must not overtake the statement', async () => {
    const write = deferred();
    const outcome = whileWriting(write.promise, async () => Promise.reject(new Error('signing refused')));
    outcome.catch(() => undefined);
    expect(await settled(outcome)).toBe(false);
    write.resolve();
    await expect(outcome).rejects.toThrow('signing refused');
  });

  it('fails with the write when the write fails, even though the work succeeded', async () => {
    const write = deferred();
    const outcome = whileWriting(write.promise, async () => 'signed');
    write.reject(new Error('deadlock'));
    await expect(outcome).rejects.toThrow('deadlock');
  });

  it('gives the work\'s result once both are done', async () => {
    const write = deferred();
    const outcome = whileWriting(write.promise, async () => 'signed');
    expect(await settled(outcome)).toBe(false);
    write.resolve();
    await expect(outcome).resolves.toBe('signed');
  });
});
