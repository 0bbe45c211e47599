import { createDocumentLoader } from '@laurel/contexts';
import { deepFreeze } from '@laurel/models';
import { generateIssuerKey, signCredential, type IssuerKey } from '@laurel/suites';
import { describe, expect, it } from 'vitest';
import { encodeStatusList } from './encoded-list.js';
import { createStatusChecker } from './status-checker.js';
import { createStatusListCredential } from './status-list-credential.js';
import { MIN_STATUS_LIST_LENGTH, createStatusList, setStatusBit } from './status-list.js';
import { VerifiedStatusLists } from './verified-status-lists.js';

const listUrl = 'https://issuer.example/status/1';
const verifiedAt = new Date('2026-03-01T00:00:00Z');

async function signedList(key: IssuerKey, revoked: number[], validUntil?: string) {
  let list = createStatusList(MIN_STATUS_LIST_LENGTH);
  for (const index of revoked) list = setStatusBit(list, index, true);
  const unsigned = await createStatusListCredential({ id: listUrl, issuer: key.controller, statusPurpose: 'revocation', encodedList: await encodeStatusList(list), validFrom: '2026-01-01T00:00:00Z' });
  return signCredential(validUntil ? { ...unsigned, validUntil } : unsigned, { key });
}

function credential(issuer: string, index: number) {
  return { issuer, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: listUrl } };
}

/** The real offline loader, counting what the list's proof verification asks of it. */
function countingLoader() {
  const loader = createDocumentLoader();
  const counted = { calls: 0, loader: async (url: string) => ((counted.calls += 1), loader(url)) };
  return counted;
}

describe('verified status lists (Bitstring Status List §3.2: the list is verified before its bits are read)', () => {
  it('a list fetched again unchanged is not verified again; the answers stay the same', async () => {
    const key = await generateIssuerKey();
    const list = await signedList(key, [7]);
    const counting = countingLoader();
    const verifiedLists = new VerifiedStatusLists({ maxEntries: 10, maxAgeMs: 60_000 });
    // Each load hands out a fresh copy, as the fetcher's cache does.
    const check = (now: Date) => createStatusChecker({ loadStatusList: async () => structuredClone(list), documentLoader: counting.loader, now, verifiedLists });
    expect(await check(verifiedAt)(credential(key.controller, 7))).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(counting.calls).toBeGreaterThan(0);
    counting.calls = 0;
    expect(await check(verifiedAt)(credential(key.controller, 7))).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(await check(new Date(verifiedAt.getTime() + 59_000))(credential(key.controller, 8))).toMatchObject({ status: 'valid' });
    expect(counting.calls).toBe(0);
    // Past maxAgeMs it is verified afresh.
    expect(await check(new Date(verifiedAt.getTime() + 60_000))(credential(key.controller, 8))).toMatchObject({ status: 'valid' });
    expect(counting.calls).toBeGreaterThan(0);
  });

  it('a changed list is verified afresh and read anew: a new revocation shows', async () => {
    const key = await generateIssuerKey();
    let list = await signedList(key, []);
    const counting = countingLoader();
    const verifiedLists = new VerifiedStatusLists({ maxEntries: 10, maxAgeMs: 60_000 });
    const check = createStatusChecker({ loadStatusList: async () => structuredClone(list), documentLoader: counting.loader, now: verifiedAt, verifiedLists });
    expect(await check(credential(key.controller, 3))).toMatchObject({ status: 'valid' });
    list = await signedList(key, [3]);
    counting.calls = 0;
    expect(await check(credential(key.controller, 3))).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(counting.calls).toBeGreaterThan(0);
  });

  it('a shared, frozen list (the fetcher\'s cached document) is verified once and read in place; a new one is verified afresh', async () => {
    const key = await generateIssuerKey();
    let list = deepFreeze(await signedList(key, [5]));
    const counting = countingLoader();
    const verifiedLists = new VerifiedStatusLists({ maxEntries: 10, maxAgeMs: 60_000 });
    const check = createStatusChecker({ loadStatusList: async () => list, documentLoader: counting.loader, now: verifiedAt, verifiedLists });
    expect(await check(credential(key.controller, 5))).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(counting.calls).toBeGreaterThan(0);
    counting.calls = 0;
    expect(await check(credential(key.controller, 6))).toMatchObject({ status: 'valid' });
    expect(counting.calls).toBe(0);
    list = deepFreeze(await signedList(key, [5, 6]));
    expect(await check(credential(key.controller, 6))).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(counting.calls).toBeGreaterThan(0);
  });

  it('a tampered list is never remembered, and a remembered one stops counting at its validUntil', async () => {
    const key = await generateIssuerKey();
    const honest = await signedList(key, [], '2026-03-01T00:01:00Z');
    const revokedSubject = (await signedList(key, [3])).credentialSubject as { encodedList: string };
    const tampered = { ...honest, credentialSubject: { ...(honest.credentialSubject as Record<string, unknown>), encodedList: revokedSubject.encodedList } };
    const verifiedLists = new VerifiedStatusLists({ maxEntries: 10, maxAgeMs: 60 * 60_000 });
    const checkWith = (list: unknown, now: Date) => createStatusChecker({ loadStatusList: async () => structuredClone(list), now, verifiedLists });
    expect(await checkWith(tampered, verifiedAt)(credential(key.controller, 3))).toMatchObject({ status: 'invalid', code: expect.stringMatching(/^STATUS_LIST_/) });
    expect(verifiedLists.size).toBe(0);
    expect(await checkWith(honest, verifiedAt)(credential(key.controller, 3))).toMatchObject({ status: 'valid' });
    expect(verifiedLists.size).toBe(1);
    expect(await checkWith(tampered, verifiedAt)(credential(key.controller, 3))).toMatchObject({ status: 'invalid', code: expect.stringMatching(/^STATUS_LIST_/) });
    expect(await checkWith(honest, new Date('2026-03-01T00:01:01Z'))(credential(key.controller, 3))).toMatchObject({ status: 'invalid', code: expect.stringMatching(/^STATUS_LIST_/) });
  });

  it('is bounded: the least recently used list goes first', async () => {
    const key = await generateIssuerKey();
    const list = await signedList(key, []);
    const verifiedLists = new VerifiedStatusLists({ maxEntries: 2, maxAgeMs: 60_000 });
    for (const url of ['a', 'b', 'c']) verifiedLists.remember(`https://issuer.example/${url}`, list, verifiedAt);
    expect(verifiedLists.size).toBe(2);
    expect(verifiedLists.lookup('https://issuer.example/a', list, verifiedAt)).toBeUndefined();
    expect(verifiedLists.lookup('https://issuer.example/c', list, verifiedAt)).toBeDefined();
  });
});
