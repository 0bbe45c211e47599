// Open edX certificate events on the Redis Streams bus → signed, stored
// credentials, against the completions API (POST /v1/completions to a running
// issuer) on the same database, issuer and achievement, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout, clearTimeout } from 'node:timers';
import { Redis } from 'ioredis';
import { CERTIFICATE_CREATED, certificateEventData, createSchemaRegistry, deadLetterStream, pingRedis, publishOpenEdxEvent, startEventBusConsumer } from '@laurel/event-bus';
import { issuanceEnvSchema, openIssuanceDeps } from '@laurel/issuance';
import { completionService, mysqlDatabase } from './completions.js';
import { compareBatchThroughput, ratioLine, stopwatch } from './measure.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Until @laurel/event-bus ships built-in schemas; then drop the fallback (undefined = built-ins).
// Laurel's built-in openedx-events schemas unless a folder is named.
const SCHEMAS_DIR = process.env.OPENEDX_EVENT_SCHEMAS_DIR || undefined;
const ROUNDS = 3;
const WARMUP_ITEMS = 10;

function certificateCreated(userId, courseId) {
  const learner = { id: userId, username: `bench${userId}`, email: `bench${userId}@example.org`, name: 'Learner' };
  return certificateEventData(learner, { key: courseId, name: 'Bench' }, { mode: 'verified', grade: '0.80', status: 'downloadable' });
}

/** Rejects after ms, so a consumer that stalls fails the bench instead of hanging it. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * batch(n): n certificate-created events for new learners are published to a
 * fresh stream prefix, then a consumer is started and timed until all n are
 * settled. Publishing is the LMS's work, so it stays off the clock; the
 * consumer's start (two connections, group creation) is on it, spread over n.
 */
function eventBusBatches({ redis, deps, issuerId, courseId }) {
  const schemas = createSchemaRegistry(SCHEMAS_DIR);
  const learners = [];
  const batch = async (n) => {
    const prefix = `laurel-bench-${randomBytes(6).toString('hex')}`;
    const users = Array.from({ length: n }, (_, i) => learners.length + i + 1);
    await Promise.all(users.map((id) => publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificateCreated(id, courseId), schemas })));
    let settled = 0;
    let onSettled;
    const done = new Promise((resolve, reject) => {
      onSettled = (message) => {
        // Anything but one fresh credential per event means we would be timing something else.
        if (message.outcome !== 'handled' || message.result?.issued?.length !== 1) reject(new Error(`event ${message.eventId}: ${message.outcome} ${message.reason ?? JSON.stringify(message.result)}`));
        else if (++settled === n) resolve(elapsed());
      };
    });
    const elapsed = stopwatch();
    const consumer = await startEventBusConsumer({ deps, issuerId, ...(SCHEMAS_DIR ? { schemasDir: SCHEMAS_DIR } : {}), redisUrl: REDIS_URL, topicPrefix: prefix, consumerName: 'bench', maxAttempts: 1, onSettled });
    try {
      const seconds = await within(done, 60_000, `${n} events to settle (${settled} did)`);
      learners.push(...users);
      return seconds;
    } finally {
      await consumer.stop();
      await redis.del(...consumer.streams, ...consumer.streams.map(deadLetterStream));
    }
  };
  /** Throws unless every learner an event was published for has exactly one active credential in the store. */
  const verify = async () => {
    for (const userId of learners) {
      const learner = await deps.store.learners.getByLmsUserId(issuerId, String(userId));
      const credentials = learner ? await deps.store.credentials.listForLearner(learner.id) : [];
      if (credentials.length !== 1 || credentials[0].state !== 'active') throw new Error(`learner ${userId}: ${credentials.length} credentials in the store, expected one active`);
    }
    return learners.length;
  };
  return { batch, verify };
}

async function measure(label, databaseUrl, redis, seconds) {
  const service = await completionService(databaseUrl);
  // Own deps, as `laurel consume` would have: same database and key-encryption key as the service.
  const { deps } = await openIssuanceDeps(issuanceEnvSchema.parse({ DATABASE_URL: databaseUrl, LAUREL_KEY_ENCRYPTION_KEY: service.keyEncryptionKey }));
  try {
    const events = eventBusBatches({ redis, deps, issuerId: service.issuerId, courseId: service.courseId });
    const completions = async (n) => {
      const elapsed = stopwatch();
      for (let i = 0; i < n; i += 1) await service.complete();
      return elapsed();
    };
    // Warm both paths, and size batches so all rounds of both take about `seconds`.
    await events.batch(WARMUP_ITEMS);
    const warmRate = WARMUP_ITEMS / (await completions(WARMUP_ITEMS));
    const items = Math.max(20, Math.round((warmRate * seconds) / (2 * ROUNDS)));
    const [ours, baseline] = await compareBatchThroughput(events.batch, completions, { items, rounds: ROUNDS });
    const stored = await events.verify();
    if (stored !== WARMUP_ITEMS + items * ROUNDS) throw new Error(`expected ${WARMUP_ITEMS + items * ROUNDS} event-bus credentials, verified ${stored}`);
    return `${ratioLine(label, ours, baseline, 'completions API')}  (${ROUNDS}×${items} events)`;
  } finally {
    await deps.store.close();
    await service.close();
  }
}

export async function benchEventBus({ seconds }) {
  if (!(await pingRedis(REDIS_URL))) return [`event bus → credential: skipped (no Redis answers at ${REDIS_URL})`];
  const redis = new Redis(REDIS_URL);
  const lines = [];
  try {
    const sqliteDir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-db-'));
    try {
      lines.push(await measure('event bus → credential, Redis + SQLite', `sqlite:${path.join(sqliteDir, 'bench.db')}`, redis, seconds));
    } finally {
      rmSync(sqliteDir, { recursive: true, force: true });
    }
    const mysql = await mysqlDatabase();
    if (mysql) {
      try {
        lines.push(await measure('event bus → credential, Redis + MariaDB', mysql.url, redis, seconds));
      } finally {
        await mysql.drop();
      }
    } else {
      lines.push('event bus → credential, Redis + MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
    }
  } finally {
    redis.disconnect();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchEventBus({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
