#!/usr/bin/env node
// `laurel-verifier`: the verifier service from environment variables (docs/operators.md).
import { serveVerifier } from './serve.js';

try {
  await serveVerifier();
} catch (error) {
  console.error(`laurel-verifier: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
