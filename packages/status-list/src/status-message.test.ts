import { describe, expect, it } from 'vitest';
import { generateIssuerKey, signCredential } from '@laurel/suites';
import { encodeStatusList } from './encoded-list.js';
import { createStatusChecker } from './status-checker.js';
import { createStatusEntry } from './status-entry.js';
import { createStatusListCredential } from './status-list-credential.js';
import { MIN_STATUS_LIST_LENGTH, createStatusList } from './status-list.js';
import { LIFECYCLE_STATUS_MESSAGES, LIFECYCLE_STATUS_SIZE, getStatusValue, setStatusValue, statusMessages } from './status-message.js';

const listUrl = 'https://issuer.example/status/lifecycle/1';
const reference = 'https://issuer.example/status/lifecycle';

describe('issuing Bitstring Status List message entries (§2.1 statusSize, statusMessage, statusReference)', () => {
  it('the lifecycle table: 2 bits, value 0 is "active" (the only value §3.2 step 13 calls valid)', () => {
    expect(LIFECYCLE_STATUS_SIZE).toBe(2);
    expect(LIFECYCLE_STATUS_MESSAGES).toEqual([
      { status: '0x0', message: 'active' },
      { status: '0x1', message: 'pending' },
      { status: '0x2', message: 'expired' },
      { status: '0x3', message: 'suspended' },
    ]);
  });

  it('§3.2 step 10: a value occupies statusSize bits at index × statusSize, the first bit the most significant', () => {
    let list = createStatusList(MIN_STATUS_LIST_LENGTH);
    list = setStatusValue(list, 5, 2, 2);
    expect(getStatusValue(list, 5, 2)).toBe(2);
    expect(getStatusValue(list, 4, 2)).toBe(0);
    expect(getStatusValue(list, 6, 2)).toBe(0);
    list = setStatusValue(list, 5, 2, 1);
    expect(getStatusValue(list, 5, 2)).toBe(1);
    expect(() => setStatusValue(list, 5, 2, 4)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a message entry carries statusSize, statusMessage and statusReference; one that breaks §2.1 is refused when built', () => {
    const entry = createStatusEntry({ statusListCredential: listUrl, statusListIndex: 7, statusPurpose: 'message', statusSize: 2, statusMessage: LIFECYCLE_STATUS_MESSAGES, statusReference: reference });
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '7', statusSize: 2, statusReference: reference });
    expect(entry.statusMessage).toHaveLength(4);
    const build = (options: Partial<Parameters<typeof createStatusEntry>[0]>) => () =>
      createStatusEntry({ statusListCredential: listUrl, statusListIndex: 7, statusPurpose: 'message', ...options });
    expect(build({ statusSize: 2 })).toThrow(/statusMessage/);
    expect(build({ statusSize: 2, statusMessage: statusMessages(['active', 'pending']) })).toThrow(/4 messages/);
    expect(build({ statusSize: 2, statusMessage: LIFECYCLE_STATUS_MESSAGES, statusReference: 'not a url' })).toThrow(/statusReference/);
    expect(build({ format: 'StatusList2021', statusMessage: LIFECYCLE_STATUS_MESSAGES })).toThrow(/not "message"|BitstringStatusList/);
  });

  it('issued and verified: "active" (0) is valid with its message; "pending" and "expired" are reported with theirs, never UNSUPPORTED_STATUS_ENTRY', async () => {
    const key = await generateIssuerKey();
    let bits = createStatusList(LIFECYCLE_STATUS_SIZE * MIN_STATUS_LIST_LENGTH);
    bits = setStatusValue(bits, 11, LIFECYCLE_STATUS_SIZE, 1);
    bits = setStatusValue(bits, 12, LIFECYCLE_STATUS_SIZE, 2);
    const list = await signCredential(
      createStatusListCredential({ id: listUrl, issuer: key.controller, statusPurpose: 'message', encodedList: await encodeStatusList(bits), validFrom: '2026-01-01T00:00:00Z' }),
      { key },
    );
    const check = createStatusChecker({ loadStatusList: async () => list, now: new Date('2026-03-01T00:00:00Z') });
    const credential = (index: number) => ({
      issuer: key.controller,
      credentialStatus: createStatusEntry({ statusListCredential: listUrl, statusListIndex: index, statusPurpose: 'message', statusSize: LIFECYCLE_STATUS_SIZE, statusMessage: LIFECYCLE_STATUS_MESSAGES, statusReference: reference }),
    });
    expect(await check(credential(10))).toMatchObject({ status: 'valid', reason: expect.stringContaining('"active"') });
    expect(await check(credential(11))).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE', reason: expect.stringContaining('"pending"') });
    const expired = await check(credential(12));
    expect(expired).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE', reason: expect.stringContaining('"expired"') });
    expect(expired.reason).toContain(reference);
  });
});
