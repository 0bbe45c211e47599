// Loaded before every test file (vitest setupFiles). The guard lives in
// network-guard.cjs so that it also runs in every child process (through
// NODE_OPTIONS) and worker thread (through execArgv) a test starts.
import { createRequire } from 'node:module';

const guard = createRequire(import.meta.url)('./network-guard.cjs') as { NETWORK_BLOCKED: string };

export const NETWORK_BLOCKED = guard.NETWORK_BLOCKED;
