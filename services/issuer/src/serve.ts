import cluster from 'node:cluster';
import { createLogger, serveService } from '@laurel/http-kit';
import { loadIssuerConfig } from './config.js';
import { startIssuer } from './main.js';

/**
 * Runs the issuer until SIGTERM or SIGINT, as `laurel-issuer` does: in this process, or in
 * ISSUER_PROCESSES copies of the running script serving one port. Settings are checked here
 * first, so a bad value stops it once, naming the variable, before anything is forked.
 */
export async function serveIssuer(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadIssuerConfig(env);
  const logger = createLogger({ name: 'laurel-issuer', level: config.LOG_LEVEL });
  if (cluster.isPrimary && config.ISSUER_PROCESSES > 1 && config.DATABASE_URL.startsWith('sqlite:')) {
    // Measured (docs/operators.md, Performance): two processes issued less than one on SQLite.
    logger.warn({ processes: config.ISSUER_PROCESSES }, 'ISSUER_PROCESSES > 1 on SQLite: the processes take turns at its single write lock, so completions get no faster (use MySQL/MariaDB to scale out)');
  }
  await serveService({ service: 'laurel-issuer', processes: config.ISSUER_PROCESSES, start: () => startIssuer(env), logger });
}
