// One status-index allocation as the issuing domain makes it (the next slot
// of the list under its row lock, the list's permutation of that slot, the
// allocation row, in one transaction) on a spec-minimum list that is 0, 50,
// 90 and 99% full, as ratios against the empty list in the same run. Flat
// ratios mean allocation costs the same to the last index. SQLite, and
// MariaDB when one answers at 127.0.0.1:3306.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIN_STATUS_LIST_LENGTH, createStatusPermutation, statusIndexAt } from '@laurel/status-list';
import { openStore } from '@laurel/store';
import { mysqlDatabase } from './completions.js';
import { stopwatch } from './measure.js';

const LENGTH = MIN_STATUS_LIST_LENGTH;
const FILLS = [0, 0.5, 0.9, 0.99];
/**
 * Timed allocations per fill level and round. Rounds alternate the order of
 * the levels, and each level's rate is its median round, so a WAL checkpoint
 * or a busy neighbour on the machine weighs on one round, not on one level.
 */
const PER_ROUND = 50;
const ROUNDS = 12;
// At 99% a list has 1,310 free slots: the measurement must not fill it.
if (PER_ROUND * ROUNDS >= LENGTH * (1 - FILLS.at(-1))) throw new Error('the bench would fill the fullest list');

const scope = { purpose: 'revocation', format: 'BitstringStatusList', length: LENGTH };

async function allocate(store, issuerId, credentialId) {
  await store.transaction(async (tx) => {
    const slot = await tx.statusLists.takeSlot({ issuerId, ...scope });
    const index = statusIndexAt(slot.permutationKey, slot.length, slot.counter);
    await tx.statusLists.insertAllocation({ statusListId: slot.statusListId, index, credentialId });
  });
}

/** An issuer whose current list has `fill` of its slots handed out, with their allocation rows, as real use leaves it. */
async function issuerWithList(store, name, fill) {
  const issuer = await store.issuers.create({ slug: name, name, did: `did:web:bench.example:${name}`, didMethod: 'web', vcVersion: '2.0', suite: 'eddsa-rdfc-2022' });
  const slot = await store.statusLists.takeSlot({ issuerId: issuer.id, ...scope });
  const permutation = createStatusPermutation(slot.permutationKey, LENGTH);
  const used = Math.round(LENGTH * fill);
  await store.statusLists.insertAllocation({ statusListId: slot.statusListId, index: permutation.indexAt(0), credentialId: `${name}-0` });
  await store.db.transaction().execute(async (trx) => {
    for (let from = 1; from < used; from += 1000) {
      const rows = [];
      for (let counter = from; counter < Math.min(used, from + 1000); counter += 1) {
        rows.push({ statusListId: slot.statusListId, statusIndex: permutation.indexAt(counter), credentialId: `${name}-${counter}`, isSet: 0 });
      }
      await trx.insertInto('statusAllocations').values(rows).execute();
    }
    if (used > 1) await trx.updateTable('statusLists').set({ allocatedCount: used }).where('id', '=', slot.statusListId).execute();
  });
  return issuer.id;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measure(label, databaseUrl) {
  const store = await openStore({ databaseUrl });
  try {
    const issuers = [];
    for (const fill of FILLS) issuers.push(await issuerWithList(store, `fill-${Math.round(fill * 100)}`, fill));
    const rates = FILLS.map(() => []);
    let sequence = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 ? [...FILLS.keys()].reverse() : [...FILLS.keys()];
      for (const level of order) {
        const elapsed = stopwatch();
        for (let i = 0; i < PER_ROUND; i += 1) await allocate(store, issuers[level], `bench-${(sequence += 1)}`);
        rates[level].push(PER_ROUND / elapsed());
      }
    }
    const rate = rates.map(median);
    return FILLS.map((fill, level) => `${`status index allocation, ${label}, ${Math.round(fill * 100)}% full`.padEnd(44)} ${rate[level].toFixed(1).padStart(8)}/s  empty ${rate[0].toFixed(1).padStart(8)}/s  ratio ${(rate[level] / rate[0]).toFixed(2)}x`);
  } finally {
    await store.close();
  }
}

export async function benchStatusAllocation() {
  const lines = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-alloc-'));
  try {
    lines.push(...(await measure('SQLite', `sqlite:${path.join(dir, 'bench.db')}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mysql = await mysqlDatabase();
  if (mysql) {
    try {
      lines.push(...(await measure('MariaDB', mysql.url)));
    } finally {
      await mysql.drop();
    }
  } else {
    lines.push('status index allocation, MariaDB: skipped (no MariaDB at 127.0.0.1:3306)');
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchStatusAllocation()) console.log(line);
  process.exit(0);
}
