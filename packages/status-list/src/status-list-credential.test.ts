import { describe, expect, it } from 'vitest';
import * as bitstringStock from '@digitalbazaar/vc-bitstring-status-list';
import * as statusList2021Stock from '@digitalbazaar/vc-status-list';
import { encodeStatusList } from './encoded-list.js';
import { StatusListError } from './errors.js';
import { createStatusListCredential, type StatusListCredentialOptions } from './status-list-credential.js';
import { createStatusList, setStatusBit } from './status-list.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

const id = 'https://issuer.example/status/7';
const issuer = 'did:example:issuer';
const list = setStatusBit(createStatusList(), 4242, true);
const bitstringList = await encodeStatusList(list);
const legacyList = await encodeStatusList(list, { format: 'StatusList2021' });

describe('createStatusListCredential: BitstringStatusList', () => {
  const credential = createStatusListCredential({
    id,
    issuer,
    statusPurpose: 'revocation',
    encodedList: bitstringList,
    validFrom: new Date('2025-01-02T03:04:05Z'),
    validUntil: '2026-01-02T03:04:05Z',
    ttl: 300_000,
  });

  it('is the stock library\'s credential plus issuer, validity period and ttl', async () => {
    const stock = await bitstringStock.createCredential({
      id,
      list: await bitstringStock.decodeList({ encodedList: bitstringList }),
      statusPurpose: 'revocation',
    });
    const { issuer: ourIssuer, validFrom, validUntil, credentialSubject, ...rest } = credential;
    const { ttl, ...subject } = credentialSubject;
    expect({ ...rest, credentialSubject: subject }).toEqual(stock);
    expect({ ourIssuer, validFrom, validUntil, ttl }).toEqual({
      ourIssuer: issuer,
      validFrom: '2025-01-02T03:04:05Z',
      validUntil: '2026-01-02T03:04:05Z',
      ttl: 300_000,
    });
  });

  it('passes the stock context check and carries a list the stock decoder reads', async () => {
    expect(() => bitstringStock.assertBitstringStatusListContext({ credential })).not.toThrow();
    const decoded = await bitstringStock.decodeList({ encodedList: credential.credentialSubject.encodedList });
    expect([decoded.getStatus(4242), decoded.getStatus(4241)]).toEqual([true, false]);
  });

  it('omits optional properties that were not given', () => {
    const minimal = createStatusListCredential({ id, issuer, statusPurpose: 'suspension', encodedList: bitstringList });
    expect(Object.keys(minimal).sort()).toEqual(['@context', 'credentialSubject', 'id', 'issuer', 'type']);
    expect(Object.keys(minimal.credentialSubject).sort()).toEqual(['encodedList', 'id', 'statusPurpose', 'type']);
    expect(minimal.credentialSubject.statusPurpose).toBe('suspension');
  });

  it('copies an issuer object rather than sharing it', () => {
    const issuerObject = { id: issuer, name: 'Example University' };
    const made = createStatusListCredential({ id, issuer: issuerObject, statusPurpose: 'revocation', encodedList: bitstringList });
    expect(made.issuer).toEqual(issuerObject);
    expect(made.issuer).not.toBe(issuerObject);
  });
});

describe('createStatusListCredential: StatusList2021', () => {
  const credential = createStatusListCredential({
    id,
    issuer,
    statusPurpose: 'suspension',
    encodedList: legacyList,
    format: 'StatusList2021',
    validFrom: '2025-01-02T03:04:05Z',
    validUntil: new Date('2025-06-30T00:00:00.250Z'),
  });

  it('is the stock library\'s VC 1.1 credential plus issuer, issuanceDate and expirationDate', async () => {
    const stock = await statusList2021Stock.createCredential({
      id,
      list: await statusList2021Stock.decodeList({ encodedList: legacyList }),
      statusPurpose: 'suspension',
    });
    const { issuer: ourIssuer, issuanceDate, expirationDate, ...rest } = credential;
    expect(rest).toEqual(stock);
    expect({ ourIssuer, issuanceDate, expirationDate }).toEqual({
      ourIssuer: issuer,
      issuanceDate: '2025-01-02T03:04:05Z',
      expirationDate: '2025-06-30T00:00:00.250Z',
    });
    expect(credential).not.toHaveProperty('validFrom');
  });

  it('passes the stock StatusList2021 context check and its list decodes with the stock decoder', async () => {
    expect(() => statusList2021Stock.assertStatusList2021Context({ credential })).not.toThrow();
    const decoded = await statusList2021Stock.decodeList({ encodedList: credential.credentialSubject.encodedList });
    expect(decoded.getStatus(4242)).toBe(true);
  });
});

describe('createStatusListCredential: refusals', () => {
  const base: StatusListCredentialOptions = { id, issuer, statusPurpose: 'revocation', encodedList: bitstringList };

  it.each<[string, Partial<StatusListCredentialOptions>, string]>([
    ['a relative id', { id: '/status/7' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an id with a fragment', { id: `${id}#list` }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an issuer that is no URL', { issuer: 'issuer' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an issuer object without id', { issuer: { name: 'x' } as never }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an unsupported purpose', { statusPurpose: 'expiry' as never }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a message purpose on a StatusList2021 (Bitstring Status List only)', { statusPurpose: 'message', encodedList: legacyList, format: 'StatusList2021', validFrom: '2025-01-01T00:00:00Z' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an unknown format', { format: 'RevocationList2020' as never }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a StatusList2021 encoding in a BitstringStatusList', { encodedList: legacyList }, 'MALFORMED_STATUS_LIST'],
    ['a BitstringStatusList encoding in a StatusList2021', { encodedList: bitstringList, format: 'StatusList2021', validFrom: '2025-01-01T00:00:00Z' }, 'MALFORMED_STATUS_LIST'],
    ['an encodedList that is not base64url', { encodedList: 'uH4sI+/==' }, 'MALFORMED_STATUS_LIST'],
    ['a date without time zone', { validFrom: '2025-01-01T00:00:00' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['an invalid Date', { validFrom: new Date('nope') }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['validUntil before validFrom', { validFrom: '2025-02-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a negative ttl', { ttl: -1 }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a fractional ttl', { ttl: 1.5 }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a StatusList2021 without validFrom', { encodedList: legacyList, format: 'StatusList2021' }, 'INVALID_STATUS_LIST_CREDENTIAL'],
    ['a StatusList2021 with ttl', { encodedList: legacyList, format: 'StatusList2021', validFrom: '2025-01-01T00:00:00Z', ttl: 1000 }, 'INVALID_STATUS_LIST_CREDENTIAL'],
  ])('refuses %s', (_name, override, code) => {
    expect(codeOf(() => createStatusListCredential({ ...base, ...override }))).toBe(code);
  });

  it('accepts the base options (so each refusal above is caused by its override)', () => {
    expect(codeOf(() => createStatusListCredential(base))).toBe('NO_ERROR');
    expect(
      codeOf(() => createStatusListCredential({ ...base, encodedList: legacyList, format: 'StatusList2021', validFrom: '2025-01-01T00:00:00Z' })),
    ).toBe('NO_ERROR');
  });
});
