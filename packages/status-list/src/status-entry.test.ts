import { describe, expect, it } from 'vitest';
import * as bitstringStock from '@digitalbazaar/vc-bitstring-status-list';
import * as statusList2021Stock from '@digitalbazaar/vc-status-list';
import { StatusListError } from './errors.js';
import { createStatusEntry, findStatusEntries, type StatusEntryOptions } from './status-entry.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

const statusListCredential = 'https://issuer.example/status/3';

describe('createStatusEntry', () => {
  it('makes a BitstringStatusListEntry the stock library recognises', () => {
    const entry = createStatusEntry({ statusListCredential, statusListIndex: 94_567, statusPurpose: 'revocation' });
    expect(entry).toEqual({
      id: `${statusListCredential}#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential,
    });
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], credentialStatus: entry };
    expect(bitstringStock.statusTypeMatches({ credential })).toBe(true);
    // getCredentialStatus runs the stock entry validation.
    expect(bitstringStock.getCredentialStatus({ credential, statusPurpose: 'revocation' })).toBe(entry);
  });

  it('makes a StatusList2021Entry the stock StatusList2021 library recognises', () => {
    const entry = createStatusEntry({ statusListCredential, statusListIndex: 0, statusPurpose: 'suspension', format: 'StatusList2021' });
    expect(entry).toEqual({
      id: `${statusListCredential}#0`,
      type: 'StatusList2021Entry',
      statusPurpose: 'suspension',
      statusListIndex: '0',
      statusListCredential,
    });
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
      credentialStatus: [entry],
    };
    expect(statusList2021Stock.statusTypeMatches({ credential })).toBe(true);
    expect(statusList2021Stock.getCredentialStatus({ credential, statusPurpose: 'suspension' })).toBe(entry);
  });

  const base: StatusEntryOptions = { statusListCredential, statusListIndex: 1, statusPurpose: 'revocation' };
  it.each<[string, Partial<StatusEntryOptions>]>([
    ['a negative index', { statusListIndex: -1 }],
    ['a fractional index', { statusListIndex: 2.5 }],
    ['an unsafe integer index', { statusListIndex: 2 ** 53 }],
    ['a relative list URL', { statusListCredential: '/status/3' }],
    ['a list URL with a fragment', { statusListCredential: `${statusListCredential}#x` }],
    ['an unsupported purpose', { statusPurpose: 'refresh' as never }],
    ['an unknown format', { format: 'RevocationList2020' as never }],
  ])('refuses %s with INVALID_STATUS_ENTRY', (_name, override) => {
    expect(codeOf(() => createStatusEntry({ ...base, ...override }))).toBe('INVALID_STATUS_ENTRY');
    expect(codeOf(() => createStatusEntry(base))).toBe('NO_ERROR');
  });
});

describe('findStatusEntries', () => {
  const bitstring = createStatusEntry({ statusListCredential, statusListIndex: 5, statusPurpose: 'revocation' });
  const legacy = createStatusEntry({ statusListCredential, statusListIndex: 6, statusPurpose: 'suspension', format: 'StatusList2021' });
  const other = { id: 'https://issuer.example/crl#1', type: 'CredentialStatusList2017' };

  it('returns a single entry object as a one-element list', () => {
    expect(findStatusEntries({ credentialStatus: bitstring })).toEqual([bitstring]);
  });

  it('keeps Bitstring and StatusList2021 entries from an array and drops the rest', () => {
    expect(findStatusEntries({ credentialStatus: [other, bitstring, 'junk', null, legacy] })).toEqual([bitstring, legacy]);
  });

  it('recognises an entry whose type is an array', () => {
    const arrayTyped = { ...bitstring, type: ['BitstringStatusListEntry'] };
    expect(findStatusEntries({ credentialStatus: arrayTyped })).toEqual([arrayTyped]);
  });

  it('finds nothing when there is no usable status', () => {
    for (const credential of [{}, { credentialStatus: other }, { credentialStatus: 'x' }, null, 'credential', []]) {
      expect(findStatusEntries(credential)).toEqual([]);
    }
  });
});
