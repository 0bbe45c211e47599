#!/usr/bin/env node
// `laurel-verifier`: the verifier service from environment variables (docs/operators.md). A thin
// launcher: the service is compiled to dist/ by `npm install` (the root prepare script).
import { serveVerifier } from '../dist/serve.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`Usage: laurel-verifier

Runs Laurel's verifier service until SIGTERM or Ctrl+C. Every setting is an environment
variable (docs/operators.md lists them all), for example:
  DATABASE_URL        sqlite:data/laurel.db, or mysql://user:password@host:3306/laurel
  VERIFIER_PORT       3001
  VERIFIER_PROCESSES  1; a count, or auto (one per core), all serving VERIFIER_PORT
  LOG_LEVEL           info
`);
  process.exit(0);
}

try {
  await serveVerifier();
} catch (error) {
  console.error(`laurel-verifier: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
