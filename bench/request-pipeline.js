// The cost of what every request now passes through (issue 15): the access log
// (pino, written to a discarding stream), request ids, Prometheus counters and
// the in-process rate limiter, against the same verifier app with logging
// silent and no limiter or metrics. Measured on /health (the cheapest route:
// the worst case for relative overhead) and on a credential verification.
import { Writable } from 'node:stream';
import { createLogger, createRateLimits, createServiceMetrics } from '@laurel/http-kit';
import { buildOpenBadgeCredential } from '@laurel/models';
import { generateIssuerKey, signCredential } from '@laurel/suites';
import { createVerifierApp, loadVerifierConfig } from '@laurel/verifier-service';
import { compareOpsPerSecond, ratioLine } from './measure.js';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

export async function benchRequestPipeline({ seconds }) {
  const config = loadVerifierConfig({ RATE_LIMIT_PUBLIC_REQUESTS: '100000000' });
  const common = { config, fetchJson: async () => ({}), trustedIssuers: new Map(), now: () => new Date() };
  const observed = createVerifierApp({
    ...common,
    logger: createLogger({ name: 'bench', level: 'info', destination: discard }),
    rateLimits: await createRateLimits(config, { service: 'bench' }),
    metrics: createServiceMetrics('bench'),
  });
  const bare = createVerifierApp({ ...common, logger: createLogger({ name: 'bench', level: 'silent' }) });
  // As @hono/node-server passes them, so the limiter keys on a real address.
  const env = { incoming: { socket: { remoteAddress: '192.0.2.1' } } };

  const key = await generateIssuerKey();
  const credential = await signCredential(
    buildOpenBadgeCredential({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000002',
      issuer: { id: key.controller, name: 'Example University' },
      achievement: { id: 'https://issuer.example/a/1', name: 'Statistics', description: 'STAT101.', criteria: { narrative: 'Pass.' } },
      recipient: { id: 'did:example:ada', name: 'Ada' },
      validFrom: '2026-01-01T00:00:00Z',
    }),
    { key },
  );
  const body = JSON.stringify({ verifiableCredential: credential });
  const health = (app) => async () => {
    const response = await app.request('/health', {}, env);
    if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
    await response.arrayBuffer();
  };
  const verify = (app) => async () => {
    const response = await app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body }, env);
    if (response.status !== 200) throw new Error(`verify answered ${response.status}`);
    await response.arrayBuffer();
  };
  const [oursHealth, bareHealth] = await compareOpsPerSecond(health(observed), health(bare), { seconds });
  const [oursVerify, bareVerify] = await compareOpsPerSecond(verify(observed), verify(bare), { seconds, warmup: 5 });
  return [
    ratioLine('GET /health, logged + metered + limited', oursHealth, bareHealth, 'bare'),
    ratioLine('POST /credentials/verify, the same', oursVerify, bareVerify, 'bare'),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchRequestPipeline({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
