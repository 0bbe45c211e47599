import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
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
