/**
 * Freezes a parsed JSON value all the way down, so one copy can be handed to
 * any number of readers (a did:key document, a cached status list): a reader
 * that tried to change it would throw instead of changing it for the others.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** True when nothing in `value` can change any more: then its identity stands for its content. */
export function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}
