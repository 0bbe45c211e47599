import { z } from 'zod';

/** JSON-LD lets most properties hold one value or a set; both forms are accepted. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([item, z.array(item).min(1)]);
}
