import type { CliIo } from './io.js';

/** Structured log lines on stderr, as long-running commands write them (one JSON object per line). */
export interface JsonLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export function jsonLogger(io: CliIo): JsonLogger {
  const line = (level: string) => (details: object, msg: string) => io.stderr(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...details })}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/** Resolves on the first SIGINT or SIGTERM: how a worker command is told to stop. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** For openIssuanceDeps: a worker started before its database logs each wait rather than exiting. */
export function logDatabaseWait(logger: JsonLogger): (error: unknown, retryInMs: number) => void {
  return (error, retryInMs) => logger.warn({ error: String(error), retryInMs }, 'the database is not answering yet; waiting for it (DATABASE_WAIT_MS)');
}
