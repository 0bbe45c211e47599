import { pino, stdSerializers, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { currentRequestId } from './request-context.js';

export type Logger = PinoLogger;

/**
 * Paths that may hold secrets. pino replaces them before a line is written,
 * so a secret cannot reach a log even when a whole object is logged.
 */
export const REDACTED_PATHS = [
  'secretKeyMultibase',
  '*.secretKeyMultibase',
  '*.*.secretKeyMultibase',
  'privateKeyMultibase',
  '*.privateKeyMultibase',
  'sealedSecretKey',
  '*.sealedSecretKey',
  'token',
  '*.token',
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
];

const CENSOR = '[redacted]';
const SECRET_FIELDS = new Set(['secretKeyMultibase', 'privateKeyMultibase', 'sealedSecretKey', 'token', 'authorization']);
const MAX_DEPTH = 12;

/**
 * The redact paths reach fixed depths only, and an error's `details` can nest
 * a key anywhere (`err.details.key.secretKeyMultibase`). This walks what a log
 * call passes, errors serialized first as pino would, and censors every
 * secret-named field at any depth.
 */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return scrub({ ...stdSerializers.err(value) }, depth);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_FIELDS.has(key) ? CENSOR : scrub(item, depth + 1)]));
}

export function createLogger(options: { level?: string; name: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      // Every line written while a request (or an event from the bus) is handled names it.
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      // Errors arrive already serialized (and scrubbed) by formatters.log; serializing again would lose their type.
      serializers: { err: (value: unknown) => (value instanceof Error ? scrub(value) : value) },
    },
    options.destination,
  );
}
