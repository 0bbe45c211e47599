#!/usr/bin/env node
// `laurel-verifier`: the verifier service from environment variables (docs/operators.md). A thin
// launcher: the service is compiled to dist/ by `npm install` (the root prepare script).
import { runServiceCommand } from '@laurel/http-kit';
import { serveVerifier } from '../dist/serve.js';

await runServiceCommand({ service: 'verifier', defaultPort: 3001, serve: serveVerifier });
