// Revoke → published list: one bit changes and the list is re-signed from the
// committed bits, as the API does after a revocation. Lists of 131,072 and
// 1,048,576 entries, empty and 10% revoked, as ratios to the empty
// 131,072-entry list in the same run. Also the bitstring build alone: one pass
// over one buffer against a copy of the list per set bit (the old way).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createIssuer, publishStatusList } from '@laurel/issuance';
import { createStatusList, setStatusBit, statusIndexAt, statusListFromIndexes } from '@laurel/status-list';
import { openStore } from '@laurel/store';
import { mysqlDatabase } from './completions.js';
import { opsPerSecond, ratioLine } from './measure.js';

const SHAPES = [
  { length: 131_072, revoked: 0 },
  { length: 131_072, revoked: 0.1 },
  { length: 1_048_576, revoked: 0 },
  { length: 1_048_576, revoked: 0.1 },
];

/** A list of `length` entries, every index allocated, a `revoked` share of them set. Rows go in directly, in bulk. */
async function seedList(deps, issuerId, { length, revoked }) {
  const slot = await deps.store.statusLists.takeSlot({ issuerId, purpose: 'revocation', format: 'BitstringStatusList', length });
  const { statusListId } = slot;
  const index = statusIndexAt(slot.permutationKey, slot.length, slot.counter);
  await deps.store.statusLists.insertAllocation({ statusListId, index, credentialId: `bench-${randomBytes(6).toString('hex')}` });
  const existing = new Set((await deps.store.db.selectFrom('statusAllocations').select('statusIndex').where('statusListId', '=', statusListId).execute()).map((row) => row.statusIndex));
  const rows = [];
  for (let index = 0; index < length; index += 1) {
    if (existing.has(index)) continue;
    rows.push({ statusListId, statusIndex: index, credentialId: `bench-${index}`, isSet: Math.random() < revoked ? 1 : 0 });
  }
  for (let start = 0; start < rows.length; start += 2_000) {
    await deps.store.db.insertInto('statusAllocations').values(rows.slice(start, start + 2_000)).execute();
  }
  await publishStatusList(deps, statusListId);
  return statusListId;
}

async function benchDialect(label, databaseUrl, seconds) {
  const store = await openStore({ databaseUrl });
  const deps = { store, keyEncryptionKey: randomBytes(32), urls: { issuerBaseUrl: 'https://issuer.bench', statusBaseUrl: 'https://status.bench' }, now: () => new Date() };
  const lines = [];
  try {
    const rates = [];
    for (const shape of SHAPES) {
      const issuer = await createIssuer(deps, 'bench', { slug: `bench-${randomBytes(4).toString('hex')}`, name: 'Bench', didMethod: 'key' });
      const listId = await seedList(deps, issuer.id, shape);
      const index = 7;
      rates.push(
        await opsPerSecond(
          async (i) => {
            await store.statusLists.setBit(listId, index, i % 2 === 0);
            await publishStatusList(deps, listId);
          },
          { seconds, warmup: 3 },
        ),
      );
    }
    SHAPES.forEach((shape, i) => {
      lines.push(ratioLine(`revoke→published ${label} ${shape.length} ${shape.revoked * 100}% set`, rates[i], rates[0], 'empty 131072'));
    });
  } finally {
    await store.close();
  }
  return lines;
}

export async function benchStatusPublication({ seconds = 3 } = {}) {
  const lines = [];
  // The bitstring alone, 1,048,576 entries at 10% set.
  const indexes = [];
  for (let index = 0; index < 1_048_576; index += 1) if (Math.random() < 0.1) indexes.push(index);
  const onePass = await opsPerSecond(() => statusListFromIndexes(1_048_576, indexes), { seconds: Math.min(seconds, 1), warmup: 2 });
  const perBit = await opsPerSecond(
    () => {
      let list = createStatusList(1_048_576);
      for (const index of indexes.slice(0, 2_000)) list = setStatusBit(list, index, true);
    },
    { seconds: Math.min(seconds, 2), warmup: 1 },
  );
  // The copy-per-bit build costs in proportion to the set bits: scale the 2,000-bit sample to all of them.
  lines.push(ratioLine('bitstring 1048576 at 10% (one pass vs copy per bit)', onePass, perBit * (2_000 / indexes.length), 'copy/bit'));

  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-status-'));
  try {
    lines.push(...(await benchDialect('SQLite', `sqlite:${path.join(dir, 'bench.db')}`, seconds)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mysql = await mysqlDatabase();
  if (mysql) {
    try {
      lines.push(...(await benchDialect('MariaDB', mysql.url, seconds)));
    } finally {
      await mysql.drop();
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchStatusPublication({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
