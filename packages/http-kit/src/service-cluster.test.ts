import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cryptoPoolEnvShape } from './crypto-pool-config.js';
import { processCountSchema } from './service-cluster.js';

describe('processCountSchema', () => {
  it('reads a count, `auto` as one per core, and unset as one process', () => {
    expect(processCountSchema.parse('3')).toBe(3);
    expect(processCountSchema.parse('auto')).toBe(availableParallelism());
    expect(processCountSchema.parse(undefined)).toBe(1);
  });

  it('refuses zero, fractions and words', () => {
    for (const bad of ['0', '1.5', 'many', '-2']) expect(processCountSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('CRYPTO_WORKERS', () => {
  const workers = z.object(cryptoPoolEnvShape);
  it('reads a count, `auto` as one per core, and unset as none (on the request thread)', () => {
    expect(workers.parse({ CRYPTO_WORKERS: '2' }).CRYPTO_WORKERS).toBe(2);
    expect(workers.parse({ CRYPTO_WORKERS: '0' }).CRYPTO_WORKERS).toBe(0);
    expect(workers.parse({ CRYPTO_WORKERS: 'auto' }).CRYPTO_WORKERS).toBe(availableParallelism());
    expect(workers.parse({}).CRYPTO_WORKERS).toBe(0);
  });

  it('refuses fractions, negatives and words', () => {
    for (const bad of ['1.5', 'many', '-2', '257']) expect(workers.safeParse({ CRYPTO_WORKERS: bad }).success, bad).toBe(false);
  });
});
