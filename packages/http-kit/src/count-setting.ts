import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * A count of threads or processes from the environment: a whole number in
 * [min, max], or `auto` for the cores this process may use
 * (os.availableParallelism(), which honours CPU affinity).
 */
export function countOrAuto(min: number, max: number, fallback: number) {
  return z
    .union([z.literal('auto'), z.coerce.number().int().min(min).max(max)])
    .default(fallback)
    .transform((value) => (value === 'auto' ? availableParallelism() : value));
}
