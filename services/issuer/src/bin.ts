#!/usr/bin/env node
// `laurel-issuer`: the issuer service from environment variables (docs/operators.md).
import { serveIssuer } from './serve.js';

try {
  await serveIssuer();
} catch (error) {
  console.error(`laurel-issuer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
