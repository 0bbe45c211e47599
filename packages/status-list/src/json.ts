/** Helpers for reading untrusted JSON without casts scattered through the code. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON-LD lets `type` (and several other properties) be one string or an array of them. */
export function hasValue(property: unknown, expected: string): boolean {
  return Array.isArray(property) ? property.includes(expected) : property === expected;
}

/** True for an absolute URL (any scheme: https, did, urn). */
export function isAbsoluteUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
