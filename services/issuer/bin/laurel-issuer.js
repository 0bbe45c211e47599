#!/usr/bin/env node
// `laurel-issuer`: the issuer service from environment variables (docs/operators.md). A thin
// launcher: the service is compiled to dist/ by `npm install` (the root prepare script).
import { runServiceCommand } from '@laurel/http-kit';
import { serveIssuer } from '../dist/serve.js';

await runServiceCommand({ service: 'issuer', defaultPort: 3000, serve: serveIssuer });
