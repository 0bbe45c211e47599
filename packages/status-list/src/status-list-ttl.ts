/**
 * How long a verifier may cache a BitstringStatusList credential, from its
 * subject's `ttl` (milliseconds), or undefined when it does not say (then
 * HTTP caching headers decide). Anything that is not a positive whole number
 * is ignored rather than trusted.
 */
export function statusListTtlMs(listCredential: unknown): number | undefined {
  const subject = (listCredential as { credentialSubject?: unknown } | null)?.credentialSubject;
  const ttl = typeof subject === 'object' && subject !== null ? (subject as { ttl?: unknown }).ttl : undefined;
  return typeof ttl === 'number' && Number.isSafeInteger(ttl) && ttl > 0 ? ttl : undefined;
}
