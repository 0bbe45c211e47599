import { describe, expect, it } from 'vitest';
import { generateIssuerKey, signCredential } from '@laurel/suites';
import { encodeStatusList } from './encoded-list.js';
import { createStatusChecker } from './status-checker.js';
import { createStatusListCredential } from './status-list-credential.js';
import { MIN_STATUS_LIST_LENGTH, createStatusList, setStatusBit } from './status-list.js';

const listUrl = 'https://issuer.example/status/lifecycle';
const now = new Date('2026-03-01T00:00:00Z');

/** A signed list whose 2-bit entries hold a credential's lifecycle (Bitstring Status List §2.1 "message"). */
async function signedMessageList(values: Record<number, number>) {
  const key = await generateIssuerKey();
  let list = createStatusList(2 * MIN_STATUS_LIST_LENGTH);
  for (const [index, value] of Object.entries(values)) {
    list = setStatusBit(list, Number(index) * 2, (value & 2) !== 0);
    list = setStatusBit(list, Number(index) * 2 + 1, (value & 1) !== 0);
  }
  const unsigned = await createStatusListCredential({ id: listUrl, issuer: key.controller, statusPurpose: 'revocation', encodedList: await encodeStatusList(list), validFrom: '2026-01-01T00:00:00Z' });
  const asMessages = { ...unsigned, credentialSubject: { ...(unsigned.credentialSubject as Record<string, unknown>), statusPurpose: 'message' } };
  return { issuer: key.controller, list: await signCredential(asMessages, { key }) };
}

const lifecycle = ['pending', 'active', 'expired', 'undefined'].map((message, value) => ({ status: `0x${value}`, message }));

describe('status checker: Bitstring Status List message entries (statusSize 2)', () => {
  it('0 is valid, with its message; any other value is "could not check" with the issuer\'s message and statusReference (§3.2 step 13: valid only when 0)', async () => {
    const { issuer, list } = await signedMessageList({ 11: 1, 12: 2 });
    const check = createStatusChecker({ loadStatusList: async () => list, now });
    const credential = (index: number) => ({
      issuer,
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'message',
        statusListIndex: String(index),
        statusListCredential: listUrl,
        statusSize: 2,
        statusMessage: lifecycle,
        statusReference: 'https://issuer.example/lifecycle',
      },
    });
    expect(await check(credential(10))).toMatchObject({ status: 'valid', reason: expect.stringContaining('"pending"') });
    expect(await check(credential(11))).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE', reason: expect.stringContaining('"active"') });
    const expired = await check(credential(12));
    expect(expired).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE' });
    expect(expired.reason).toContain('0x2');
    expect(expired.reason).toContain('https://issuer.example/lifecycle');
  });

  it('a purpose the spec does not define is "could not check", not a fault of the credential', async () => {
    const { issuer, list } = await signedMessageList({});
    const check = createStatusChecker({ loadStatusList: async () => list, now });
    const result = await check({ issuer, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'expiry', statusListIndex: '1', statusListCredential: listUrl } });
    expect(result).toMatchObject({ status: 'unknown', code: 'UNSUPPORTED_STATUS_ENTRY' });
  });
});
