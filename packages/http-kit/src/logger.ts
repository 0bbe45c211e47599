import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

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

export function createLogger(options: { level?: string; name: string; destination?: DestinationStream }): Logger {
  return pino({ name: options.name, level: options.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, options.destination);
}
