import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as bitstringStock from '@digitalbazaar/vc-bitstring-status-list';
import * as statusList2021Stock from '@digitalbazaar/vc-status-list';
import { encodeStatusList } from './encoded-list.js';
import { StatusListError } from './errors.js';
import { readStatus, type ReadStatusOptions } from './read-status.js';
import type { StatusListFormat, StatusPurpose } from './status-formats.js';
import { createStatusEntry, findStatusEntries } from './status-entry.js';
import { createStatusListCredential } from './status-list-credential.js';
import { MIN_STATUS_LIST_LENGTH, createStatusList, setStatusBit } from './status-list.js';

async function codeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

const listUrl = 'https://issuer.example/status/1';
const issuer = 'did:example:issuer';
const SET = 1234;
const CLEAR = 1235;

async function listCredential(format: StatusListFormat, statusPurpose: StatusPurpose, setIndexes: number[] = [SET]) {
  let list = createStatusList();
  for (const index of setIndexes) list = setStatusBit(list, index, true);
  return createStatusListCredential({
    id: listUrl,
    issuer,
    statusPurpose,
    encodedList: await encodeStatusList(list, { format }),
    format,
    validFrom: '2025-01-01T00:00:00Z',
  });
}

function entry(format: StatusListFormat, statusPurpose: StatusPurpose, statusListIndex: number) {
  return createStatusEntry({ statusListCredential: listUrl, statusListIndex, statusPurpose, format });
}

describe('readStatus', () => {
  for (const format of ['BitstringStatusList', 'StatusList2021'] as const) {
    for (const purpose of ['revocation', 'suspension'] as const) {
      it(`reads a set and a clear ${purpose} bit from a ${format} list`, async () => {
        const list = await listCredential(format, purpose);
        expect(await readStatus({ entry: entry(format, purpose, SET), listCredential: list })).toEqual({
          format,
          purpose,
          index: SET,
          statusListCredential: listUrl,
          size: 1,
          status: 1,
          valid: false,
          set: true,
        });
        expect((await readStatus({ entry: entry(format, purpose, CLEAR), listCredential: list })).set).toBe(false);
      });
    }
  }

  it('agrees with the stock BitstringStatusList checkStatus, which says verified even for a revoked credential', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    for (const index of [SET, CLEAR]) {
      const credentialStatus = entry('BitstringStatusList', 'revocation', index);
      const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], issuer, credentialStatus };
      const stock = await bitstringStock.checkStatus({
        credential,
        documentLoader: async (url) => {
          expect(url).toBe(listUrl);
          return { document: list };
        },
        verifyBitstringStatusListCredential: false,
      });
      expect(stock.verified).toBe(true);
      const ours = await readStatus({ entry: credentialStatus, listCredential: list });
      expect(stock.results?.[0]?.status).toBe(ours.set);
      expect(ours.set).toBe(index === SET);
    }
  });

  it('agrees with the stock StatusList2021 checkStatus (verified means "bit clear" there)', async () => {
    const list = await listCredential('StatusList2021', 'revocation');
    for (const index of [SET, CLEAR]) {
      const credentialStatus = entry('StatusList2021', 'revocation', index);
      const credential = {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
        issuer,
        credentialStatus,
      };
      const stock = await statusList2021Stock.checkStatus({
        credential,
        documentLoader: async () => ({ document: list }),
        verifyStatusListCredential: false,
      });
      const ours = await readStatus({ entry: credentialStatus, listCredential: list });
      expect(stock.verified).toBe(!ours.set);
    }
  });

  it('reads each entry of a credential against its own list', async () => {
    const revocations = await listCredential('BitstringStatusList', 'revocation', [7]);
    const suspensions = { ...(await listCredential('BitstringStatusList', 'suspension', [8])), id: `${listUrl}-s` };
    const credential = {
      credentialStatus: [
        entry('BitstringStatusList', 'revocation', 8),
        { type: 'SomethingElse' },
        createStatusEntry({ statusListCredential: `${listUrl}-s`, statusListIndex: 8, statusPurpose: 'suspension' }),
      ],
    };
    const lists = new Map<unknown, unknown>([
      [listUrl, revocations],
      [`${listUrl}-s`, suspensions],
    ]);
    const readings = await Promise.all(
      findStatusEntries(credential).map((found) => readStatus({ entry: found, listCredential: lists.get(found.statusListCredential) })),
    );
    expect(readings.map(({ purpose, set }) => ({ purpose, set }))).toEqual([
      { purpose: 'revocation', set: false },
      { purpose: 'suspension', set: true },
    ]);
  });

  it('accepts a list that declares several purposes, one of them the entry\'s', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const multi = { ...list, credentialSubject: { ...list.credentialSubject, statusPurpose: ['suspension', 'revocation'] } };
    expect((await readStatus({ entry: entry('BitstringStatusList', 'revocation', SET), listCredential: multi })).set).toBe(true);
  });
});

describe('readStatus: refusals', () => {
  it('STATUS_PURPOSE_MISMATCH when the list is for another purpose', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const options = { entry: entry('BitstringStatusList', 'suspension', SET), listCredential: list };
    expect(await codeOf(() => readStatus(options))).toBe('STATUS_PURPOSE_MISMATCH');
  });

  it('STATUS_LIST_URL_MISMATCH when the list is not the one the entry names', async () => {
    const list = { ...(await listCredential('BitstringStatusList', 'revocation')), id: 'https://evil.example/status/1' };
    expect(await codeOf(() => readStatus({ entry: entry('BitstringStatusList', 'revocation', SET), listCredential: list }))).toBe(
      'STATUS_LIST_URL_MISMATCH',
    );
  });

  it('STATUS_INDEX_OUT_OF_RANGE for an index past the end of the list', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const last = entry('BitstringStatusList', 'revocation', MIN_STATUS_LIST_LENGTH - 1);
    expect(await codeOf(() => readStatus({ entry: last, listCredential: list }))).toBe('NO_ERROR');
    const past = entry('BitstringStatusList', 'revocation', MIN_STATUS_LIST_LENGTH);
    expect(await codeOf(() => readStatus({ entry: past, listCredential: list }))).toBe('STATUS_INDEX_OUT_OF_RANGE');
  });

  it('MALFORMED_STATUS_LIST for an encodedList that does not decode', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const broken = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: 'uH4sIAAAAbroken' } };
    expect(await codeOf(() => readStatus({ entry: entry('BitstringStatusList', 'revocation', SET), listCredential: broken }))).toBe(
      'MALFORMED_STATUS_LIST',
    );
  });

  it('STATUS_LIST_TOO_SHORT for a list below the herd-privacy minimum, unless the caller lowers it', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const short = {
      ...list,
      credentialSubject: { ...list.credentialSubject, encodedList: `u${gzipSync(Buffer.from([0, 0x40])).toString('base64url')}` },
    };
    const options: ReadStatusOptions = { entry: entry('BitstringStatusList', 'revocation', 9), listCredential: short };
    expect(await codeOf(() => readStatus(options))).toBe('STATUS_LIST_TOO_SHORT');
    expect((await readStatus({ ...options, minLength: 16 })).set).toBe(true);
  });

  it('STATUS_LIST_TOO_LARGE for a list beyond maxLength', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const options = { entry: entry('BitstringStatusList', 'revocation', SET), listCredential: list };
    expect(await codeOf(() => readStatus({ ...options, maxLength: MIN_STATUS_LIST_LENGTH / 2 }))).toBe('STATUS_LIST_TOO_LARGE');
  });

  it('INVALID_STATUS_LIST_CREDENTIAL when the list credential does not match the entry\'s format or lacks parts', async () => {
    const bitstring = await listCredential('BitstringStatusList', 'revocation');
    const legacy = await listCredential('StatusList2021', 'revocation');
    const cases: [unknown, unknown][] = [
      [entry('BitstringStatusList', 'revocation', SET), legacy],
      [entry('StatusList2021', 'revocation', SET), bitstring],
      [entry('BitstringStatusList', 'revocation', SET), { ...bitstring, credentialSubject: [bitstring.credentialSubject] }],
      [entry('BitstringStatusList', 'revocation', SET), { ...bitstring, credentialSubject: { ...bitstring.credentialSubject, type: 'StatusList2021' } }],
      [entry('BitstringStatusList', 'revocation', SET), { ...bitstring, credentialSubject: { ...bitstring.credentialSubject, encodedList: 42 } }],
      [entry('BitstringStatusList', 'revocation', SET), 'https://issuer.example/status/1'],
    ];
    for (const [statusEntry, list] of cases) {
      expect(await codeOf(() => readStatus({ entry: statusEntry, listCredential: list }))).toBe('INVALID_STATUS_LIST_CREDENTIAL');
    }
  });

  const good = { id: `${listUrl}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: listUrl };
  it.each<[string, Record<string, unknown>, string]>([
    ['no type', { type: undefined }, 'INVALID_STATUS_ENTRY'],
    ['a foreign type', { type: 'RevocationList2020Status' }, 'INVALID_STATUS_ENTRY'],
    ['a numeric index', { statusListIndex: 5 }, 'INVALID_STATUS_ENTRY'],
    ['an index with trailing junk', { statusListIndex: '5abc' }, 'INVALID_STATUS_ENTRY'],
    ['a negative index', { statusListIndex: '-5' }, 'INVALID_STATUS_ENTRY'],
    ['an unsafe index', { statusListIndex: '9007199254740993' }, 'INVALID_STATUS_ENTRY'],
    ['a relative list URL', { statusListCredential: 'status/1' }, 'INVALID_STATUS_ENTRY'],
    ['an id equal to the list URL', { id: listUrl }, 'INVALID_STATUS_ENTRY'],
    ['a non-string purpose', { statusPurpose: ['revocation'] }, 'INVALID_STATUS_ENTRY'],
    ['a statusSize of zero', { statusSize: 0 }, 'INVALID_STATUS_ENTRY'],
    // Bitstring Status List §2.1: "the following values MUST be used for their intended purpose"; others Laurel does not read.
    ['a purpose the spec does not define', { statusPurpose: 'expiry' }, 'UNSUPPORTED_STATUS_ENTRY'],
    // §3.2 step 5: the entry's purpose must be one the list declares (this one is a revocation list).
    ['the message purpose on a revocation list', { statusPurpose: 'message' }, 'STATUS_PURPOSE_MISMATCH'],
    // §2.1: "If statusSize is provided and is greater than 1, then … statusMessage MUST be present".
    ['a two-bit status without statusMessage', { statusSize: 2 }, 'INVALID_STATUS_ENTRY'],
    // §2.1: "the number of status messages MUST equal the number of possible values".
    ['a two-bit status with two messages', { statusSize: 2, statusMessage: [{ status: '0x0', message: 'a' }, { status: '0x1', message: 'b' }] }, 'INVALID_STATUS_ENTRY'],
    ['a statusReference that is not a URL', { statusReference: 'see our website' }, 'INVALID_STATUS_ENTRY'],
    ['a StatusList2021 entry without id', { type: 'StatusList2021Entry', id: undefined }, 'INVALID_STATUS_ENTRY'],
  ])('refuses an entry with %s', async (_name, override, code) => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    expect(await codeOf(() => readStatus({ entry: good, listCredential: list }))).toBe('NO_ERROR');
    const broken = Object.fromEntries(Object.entries({ ...good, ...override }).filter(([, value]) => value !== undefined));
    expect(await codeOf(() => readStatus({ entry: broken, listCredential: list }))).toBe(code);
  });

  it('accepts an entry without id and with statusSize 1 (both optional in Bitstring Status List)', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const { id: _id, ...withoutId } = good;
    expect((await readStatus({ entry: { ...withoutId, statusSize: 1 }, listCredential: list })).index).toBe(5);
  });

  it('property: arbitrary entries and list credentials only ever fail with a StatusListError', async () => {
    const list = await listCredential('BitstringStatusList', 'revocation');
    const entryLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.constant(`${listUrl}#1`)),
        type: fc.constantFrom('BitstringStatusListEntry', 'StatusList2021Entry', ['BitstringStatusListEntry'], 'X', 3),
        statusPurpose: fc.oneof(fc.constantFrom('revocation', 'suspension', 'message'), fc.anything()),
        statusListIndex: fc.oneof(fc.nat().map(String), fc.string(), fc.anything()),
        statusListCredential: fc.oneof(fc.constant(listUrl), fc.webUrl(), fc.anything()),
        statusSize: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(entryLike, fc.anything()), fc.oneof(fc.constant(list), fc.anything()), async (statusEntry, listCredential) => {
        try {
          const reading = await readStatus({ entry: statusEntry, listCredential });
          expect(typeof reading.set).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(StatusListError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Bitstring Status List §3.2 with statusSize > 1 and the message purpose', () => {
  const lifecycle = [
    { status: '0x0', message: 'pending' },
    { status: '0x1', message: 'active' },
    { status: '0x2', message: 'expired' },
    { status: '0x3', message: 'undefined' },
  ];
  const messageEntry = (statusListIndex: number, extra: Record<string, unknown> = {}) => ({
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(statusListIndex),
    statusListCredential: listUrl,
    statusSize: 2,
    statusMessage: lifecycle,
    statusReference: 'https://issuer.example/status-meanings',
    ...extra,
  });
  // Two bits per entry: 2 × 131,072 bits keeps the spec's minimum number of entries.
  async function messageList(values: Record<number, number>, bits = 2 * MIN_STATUS_LIST_LENGTH) {
    let list = createStatusList(bits);
    for (const [index, value] of Object.entries(values)) {
      list = setStatusBit(list, Number(index) * 2, (value & 2) !== 0);
      list = setStatusBit(list, Number(index) * 2 + 1, (value & 1) !== 0);
    }
    const credential = await createStatusListCredential({ id: listUrl, issuer, statusPurpose: 'revocation', encodedList: await encodeStatusList(list), validFrom: '2025-01-01T00:00:00Z' });
    return { ...credential, credentialSubject: { ...(credential.credentialSubject as Record<string, unknown>), statusPurpose: 'message' } };
  }

  it('step 10: the value is the statusSize bits at index × size, first bit most significant; step 14: its message', async () => {
    const list = await messageList({ 7: 1, 8: 2, 9: 3 });
    const read = (index: number) => readStatus({ entry: messageEntry(index), listCredential: list });
    expect(await read(6)).toMatchObject({ purpose: 'message', size: 2, status: 0, valid: true, message: 'pending', references: ['https://issuer.example/status-meanings'] });
    expect(await read(7)).toMatchObject({ status: 1, valid: false, message: 'active' });
    expect(await read(8)).toMatchObject({ status: 2, valid: false, message: 'expired' });
    expect(await read(9)).toMatchObject({ status: 3, message: 'undefined' });
  });

  it('step 9: a list too short once divided by statusSize is STATUS_LIST_TOO_SHORT; step 10: an index past the end is out of range', async () => {
    const short = await messageList({}, MIN_STATUS_LIST_LENGTH);
    expect(await codeOf(() => readStatus({ entry: messageEntry(1), listCredential: short }))).toBe('STATUS_LIST_TOO_SHORT');
    expect(await readStatus({ entry: messageEntry(1), listCredential: short, minLength: MIN_STATUS_LIST_LENGTH / 2 })).toMatchObject({ status: 0 });
    const list = await messageList({});
    expect(await codeOf(() => readStatus({ entry: messageEntry(MIN_STATUS_LIST_LENGTH), listCredential: list }))).toBe('STATUS_INDEX_OUT_OF_RANGE');
    expect(await codeOf(() => readStatus({ entry: messageEntry(MIN_STATUS_LIST_LENGTH - 1), listCredential: list }))).toBe('NO_ERROR');
  });

  it('a one-bit message entry without statusMessage reads 0 and 1 (the spec\'s "unset" and "set")', async () => {
    const list = await messageList({ 3: 2 });
    const entry = { ...messageEntry(6), statusSize: undefined, statusMessage: undefined };
    // Bit 6 is the first bit of two-bit entry 3 (value 2 = binary 10).
    expect(await readStatus({ entry, listCredential: list, minLength: 1 })).toMatchObject({ size: 1, status: 1, set: true });
    expect(await readStatus({ entry: { ...entry, statusListIndex: '7' }, listCredential: list, minLength: 1 })).toMatchObject({ status: 0, set: false });
  });
});

