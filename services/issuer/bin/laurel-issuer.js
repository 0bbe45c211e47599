#!/usr/bin/env node
// `laurel-issuer`: the issuer service from environment variables (docs/operators.md). A thin
// launcher: the service is compiled to dist/ by `npm install` (the root prepare script).
import { serveIssuer } from '../dist/serve.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`Usage: laurel-issuer

Runs Laurel's issuer service until SIGTERM or Ctrl+C. Every setting is an environment
variable (docs/operators.md lists them all), for example:
  DATABASE_URL        sqlite:data/laurel.db, or mysql://user:password@host:3306/laurel
  ISSUER_PORT         3000
  ISSUER_PROCESSES    1; a count, or auto (one per core), all serving ISSUER_PORT
  LOG_LEVEL           info
`);
  process.exit(0);
}

try {
  await serveIssuer();
} catch (error) {
  console.error(`laurel-issuer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
