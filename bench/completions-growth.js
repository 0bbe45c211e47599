// Cost per completion as the database grows: the same HTTP completion on
// SQLite with 0, 20,000 and 100,000 credentials already stored, all three and
// the bare stock signing call measured in the same alternating slices. The growth figure
// is the cost per completion relative to the empty database (1.00 = flat),
// each cost taken relative to stock signing so machine load cancels out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { completionService } from './completions.js';
import { compareManyOpsPerSecond, ratioLine, warmUntilSteady } from './measure.js';
import { stockSigner } from './stock.js';

const SIZES = [0, 20_000, 100_000];

/** A credential document of about the size Laurel stores (the rows' bytes matter to a scan). */
const DOCUMENT = JSON.stringify({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  credentialSubject: { type: ['AchievementSubject'], achievement: { type: ['Achievement'], name: 'Bench', criteria: { narrative: 'x'.repeat(400) } } },
  proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: `z${'1'.repeat(86)}` },
});

/** Stored credentials (and their learners) of the service's achievement, written straight into the file in one transaction. */
function seedCredentials(filename, issuerId, count) {
  if (count === 0) return;
  const db = new Database(filename);
  db.pragma('busy_timeout = 10000');
  const achievementId = db.prepare('select id from achievements where issuer_id = ?').pluck().get(issuerId);
  const now = new Date().toISOString();
  const learner = db.prepare('insert into learners (id, issuer_id, lms_user_id, name, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
  const credential = db.prepare(
    `insert into credentials (id, issuer_id, achievement_id, learner_id, state, document, attributes, format, issued_at, active_key)
     values (?, ?, ?, ?, 'active', ?, '[]', 'vc2', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const learnerId = randomUUID();
      learner.run(learnerId, issuerId, `seeded-${i}`, 'Seeded Learner', now, now);
      credential.run(`urn:uuid:${randomUUID()}`, issuerId, achievementId, learnerId, DOCUMENT, now, `${achievementId}:${learnerId}`);
    }
  })();
  db.close();
}

export async function benchCompletionsGrowth({ seconds }) {
  const sign = await stockSigner();
  // One service per size, all open at once, so they can be measured in the same alternating slices
  // (measured one after another, a change in machine load between them read as growth: 1.22x-1.75x
  // in runs where side-by-side slices gave 1.04x-1.09x).
  const services = [];
  for (const size of SIZES) {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-growth-'));
    const filename = path.join(dir, 'bench.db');
    const service = await completionService(`sqlite:${filename}`);
    seedCredentials(filename, service.issuerId, size);
    services.push({ size, dir, service });
  }
  // Each warm alike: V8 compiles the path over thousands of completions, and a freshly seeded file's
  // pages are read into the cache over the first ones.
  for (const { service } of services) await warmUntilSteady(service.complete);
  await warmUntilSteady(sign, { min: 500 });
  const operations = { stock: sign, ...Object.fromEntries(services.map(({ size, service }) => [String(size), service.complete])) };
  const rates = await compareManyOpsPerSecond(operations, { seconds: seconds * (services.length + 1), rounds: 12 });
  const lines = [];
  let firstCost;
  for (const { size, dir, service } of services) {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
    // Cost per completion in units of one stock signature.
    const cost = rates.stock / rates[String(size)];
    firstCost ??= cost;
    lines.push(`${ratioLine(`completion, SQLite, ${size.toLocaleString('en')} stored`, rates[String(size)], rates.stock)}  cost vs empty ${(cost / firstCost).toFixed(2)}`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchCompletionsGrowth({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
