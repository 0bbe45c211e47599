import { createLogger, serveService } from '@laurel/http-kit';
import { loadVerifierConfig } from './config.js';
import { startVerifier } from './main.js';

/**
 * Runs the verifier until SIGTERM or SIGINT, as `laurel-verifier` does: in this process, or in
 * VERIFIER_PROCESSES copies of the running script serving one port. Settings are checked here
 * first, so a bad value stops it once, naming the variable, before anything is forked.
 */
export async function serveVerifier(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadVerifierConfig(env);
  const logger = createLogger({ name: 'laurel-verifier', level: config.LOG_LEVEL });
  await serveService({ service: 'laurel-verifier', processes: config.VERIFIER_PROCESSES, start: () => startVerifier(env), logger });
}
