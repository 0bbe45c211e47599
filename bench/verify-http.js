// Verification over HTTP of distinct credentials that carry a status entry, the status list served by
// a local HTTP server: Laurel's verifier service (its app, guarded fetcher and caches, as main.ts wires
// them) on the request thread, on a crypto worker pool of one and of two threads, `laurel-verifier`
// with two processes on one port (VERIFIER_PROCESSES=2: default settings, access log and metrics on,
// rate limits off since all load comes from one address), against a bare
// node:http server around the stock @digitalbazaar/vc verify (+ vc-bitstring-status-list), all in the
// same run. The load comes from a worker thread keeping CONCURRENCY requests in flight; every request
// carries a credential no server has seen before (no memo helps). Node >= 20.
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus as stockCheckStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { createCryptoPool } from '@laurel/crypto-pool';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createLogger } from '@laurel/http-kit';
import { openStore } from '@laurel/store';
import { buildOpenBadgeCredential } from '@laurel/models';
import { createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList } from '@laurel/status-list';
import { generateIssuerKey, signCredential } from '@laurel/suites';
import { createVerifierApp, fetchCacheOptions, verifiedStatusListCache, verifierConfigSchema } from '@laurel/verifier-service';
import { startServiceProcess } from './service-process.js';
import { stockDocumentLoader } from './stock.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP = 30;

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
const close = (server) => new Promise((resolve) => server.close(() => resolve()));

/** The status list host: one signed revocation list, no caching headers (each verifier caches as it does). */
async function statusHost(key) {
  const server = http.createServer((request, response) => {
    if (request.url !== '/lists/1') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(server.list);
  });
  const base = await listen(server);
  const url = `${base}/lists/1`;
  const list = createStatusListCredential({ id: url, issuer: key.controller, statusPurpose: 'revocation', encodedList: await encodeStatusList(createStatusList()), validFrom: '2026-01-01T00:00:00Z' });
  server.list = JSON.stringify(await signCredential(list, { key }));
  return { server, url };
}

/** `count` distinct signed credentials, each with its own index on the list (signed on a pool: faster set-up). */
async function credentials(key, listUrl, count) {
  const pool = createCryptoPool({ workers: 2, queueLimit: count });
  try {
    return await Promise.all(
      Array.from({ length: count }, (_, i) =>
        pool.signCredential(
          buildOpenBadgeCredential({
            id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            issuer: { id: key.controller, name: 'Example University' },
            achievement: { id: 'https://issuer.example/a/1', name: 'Statistics', description: 'STAT101.', criteria: { narrative: 'Pass.' } },
            recipient: { id: `did:example:learner-${i}`, name: `Learner ${i}` },
            validFrom: '2026-01-01T00:00:00Z',
            credentialStatus: [createStatusEntry({ statusListCredential: listUrl, statusListIndex: i + 1, statusPurpose: 'revocation' })],
          }),
          { key },
        ),
      ),
    );
  } finally {
    await pool.close();
  }
}

/** Laurel's verifier app on node-server, proofs on `cryptoPool` (or on the request thread). */
async function laurelVerifier(cryptoPool) {
  const config = verifierConfigSchema.parse({});
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5000, cache: fetchCacheOptions(config) });
  const app = createVerifierApp({
    config: { VERIFIER_MAX_BODY_BYTES: config.VERIFIER_MAX_BODY_BYTES, VERIFIER_PUBLIC_URL: config.VERIFIER_PUBLIC_URL },
    logger: createLogger({ name: 'bench', level: 'silent' }),
    fetchJson: fetcher.asJsonFetcher({ shared: true }),
    verifiedStatusLists: verifiedStatusListCache(config),
    trustedIssuers: new Map(),
    now: () => new Date(),
    ...(cryptoPool ? { cryptoPool } : {}),
  });
  const server = await new Promise((resolve) => {
    const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running));
  });
  return { url: `http://127.0.0.1:${server.address().port}/credentials/verify`, close: async () => (await close(server), await fetcher.close(), await cryptoPool?.close()) };
}

/**
 * `laurel-verifier` as operators run it, with VERIFIER_PROCESSES copies on one port (node:cluster),
 * on a fresh SQLite database (migrated here: the verifier only reads). Default settings otherwise.
 */
async function laurelCluster(processes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-cluster-'));
  const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
  await (await openStore({ databaseUrl })).close();
  const verifier = await startServiceProcess('verifier', {
    DATABASE_URL: databaseUrl, VERIFIER_PORT: '0', VERIFIER_PROCESSES: String(processes), VERIFIER_PUBLIC_URL_CHECK: 'false',
    FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', ISSUER_DOMAIN_LINKAGE: 'false', RATE_LIMIT: 'false',
  });
  return {
    url: `${verifier.url}/credentials/verify`,
    close: async () => {
      await verifier.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The stock library behind a bare HTTP handler: proof, then the status list fetched and verified by
 * vc-bitstring-status-list. With `heldList` (the host), the list is not fetched: its text is held in
 * memory and parsed per request, so only the verification work is compared (fairer to stock, which
 * has no cache of its own).
 */
async function stockVerifier(heldList) {
  const base = stockDocumentLoader();
  const load = heldList ? async () => JSON.parse(heldList.server.list) : async (url) => (await fetch(url)).json();
  const documentLoader = async (url) => (url.startsWith('http://127.0.0.1:') ? { contextUrl: null, documentUrl: url, document: await load(url) } : base(url));
  const server = http.createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const { verifiableCredential: credential } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: stockCheckStatus });
    response.writeHead(result.verified ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ verified: result.verified }));
  });
  return { url: `${await listen(server)}/credentials/verify`, close: () => close(server) };
}

// The load generator, on its own thread: CONCURRENCY requests in flight, each body used once.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bodies, warmup, seconds, concurrency } = workerData;
let next = 0, ok = 0, failed = 0, firstFailure;
// node:http with a keep-alive agent: fetch() costs this thread more per request than Laurel's
// verifier spends serving one, which capped the figures at the client's pace.
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
function post(body) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode === 200) return resolve(true);
        firstFailure ??= response.statusCode + ' ' + Buffer.concat(chunks).toString('utf8').slice(0, 300);
        resolve(false);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
(async () => {
  await Promise.all(Array.from({ length: Math.min(concurrency, warmup) }, async () => { while (next < warmup) await post(bodies[next++]); }));
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length && process.hrtime.bigint() < deadline) (await post(bodies[next++])) ? ok++ : failed++;
  }));
  parentPort.postMessage({ ok, failed, firstFailure, elapsed: Number(process.hrtime.bigint() - start) / 1e9, exhausted: next >= bodies.length });
})();
`;

function load(url, bodies, warmup, seconds) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, bodies, warmup, seconds, concurrency: CONCURRENCY } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/**
 * All six servers up at once (an idle pool costs no CPU); rounds alternate their order, so a change
 * in the machine's load weighs on each alike. Each slice posts credentials never sent before.
 */
export async function benchVerifyHttp({ perServer = Number(process.env.BENCH_CREDENTIALS ?? 10000) } = {}) {
  const key = await generateIssuerKey();
  const host = await statusHost(key);
  const servers = [
    ['stock @digitalbazaar/vc (node:http)', await stockVerifier(), Math.min(perServer, 1200)],
    ['stock, status list held in memory', await stockVerifier(host), Math.min(perServer, 1200)],
    ['Laurel, CRYPTO_WORKERS=0', await laurelVerifier(undefined), perServer],
    ['Laurel, CRYPTO_WORKERS=1', await laurelVerifier(createCryptoPool({ workers: 1, queueLimit: 1000 })), perServer],
    ['Laurel, CRYPTO_WORKERS=2', await laurelVerifier(createCryptoPool({ workers: 2, queueLimit: 1000 })), perServer],
    ['Laurel, VERIFIER_PROCESSES=2', await laurelCluster(2), perServer],
  ];
  const signed = await credentials(key, host.url, servers.reduce((sum, [, , count]) => sum + count, 0));
  let cursor = 0;
  const remaining = new Map(servers.map(([name, , count]) => [name, signed.slice(cursor, (cursor += count)).map((credential) => JSON.stringify({ verifiableCredential: credential }))]));
  const totals = new Map(servers.map(([name]) => [name, { ok: 0, elapsed: 0, exhausted: false }]));
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const [name, verifier] of order) {
        const bodies = remaining.get(name);
        const share = Math.ceil(bodies.length / (ROUNDS - round));
        const outcome = await load(verifier.url, bodies.splice(0, share), round === 0 ? WARMUP : 0, SECONDS / ROUNDS);
        if (outcome.failed > 0) throw new Error(`${name}: ${outcome.failed} requests failed, first: ${outcome.firstFailure}`);
        const total = totals.get(name);
        total.ok += outcome.ok;
        total.elapsed += outcome.elapsed;
        total.exhausted ||= outcome.exhausted;
      }
    }
  } finally {
    for (const [, verifier] of servers) await verifier.close();
    await close(host.server);
  }
  const rate = (name) => totals.get(name).ok / totals.get(name).elapsed;
  const lines = servers.map(([name]) => `${name.padEnd(40)} ${rate(name).toFixed(1).padStart(8)} verifications/s${totals.get(name).exhausted ? ' (ran out of distinct credentials in a slice)' : ''}`);
  const [stock, held, zero, one, two, cluster] = servers.map(([name]) => rate(name));
  lines.push(
    `ratios: in-process/stock ${(zero / stock).toFixed(2)}x, 1 worker/stock ${(one / stock).toFixed(2)}x, 2 workers/stock ${(two / stock).toFixed(2)}x, 2 workers/1 worker ${(two / one).toFixed(2)}x, 2 workers/in-process ${(two / zero).toFixed(2)}x`,
    `against stock with the list held in memory: in-process ${(zero / held).toFixed(2)}x, 1 worker ${(one / held).toFixed(2)}x, 2 workers ${(two / held).toFixed(2)}x`,
    `2 processes (laurel-verifier, VERIFIER_PROCESSES=2)/stock ${(cluster / stock).toFixed(2)}x, against stock with the list in memory ${(cluster / held).toFixed(2)}x, 2 processes/in-process ${(cluster / zero).toFixed(2)}x`,
    `(${CONCURRENCY} requests in flight, ${SECONDS} s per server in ${ROUNDS} alternating slices, one status list over HTTP, each credential verified once)`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchVerifyHttp()) console.log(line);
  process.exit(0);
}
