import { describe, expect, it } from 'vitest';
import { createRevocationList, createRevocationListEntry, readRevocationList } from './revocation-list.js';
import { createStatusChecker } from './status-checker.js';

const listUrl = 'https://issuer.example/revocation-lists/u1';
const issuer = 'did:example:university';
const credential = (id: string) => ({ id, issuer: { id: issuer }, credentialStatus: createRevocationListEntry(listUrl) });
const list = createRevocationList({ id: listUrl, issuer, revokedCredentialIds: ['https://issuer.example/credentials/2'] });

describe('1EdTech Revocation List Status Method', () => {
  it('the entry is exactly {id, type}: what the draft-04 OB 3.0 schema allows in credentialStatus', () => {
    expect(createRevocationListEntry(listUrl)).toEqual({ id: listUrl, type: '1EdTechRevocationList' });
  });

  it('a credential named on the list is revoked; one not named is not', () => {
    expect(readRevocationList({ entry: createRevocationListEntry(listUrl), list, credential: credential('https://issuer.example/credentials/2') }).revoked).toBe(true);
    expect(readRevocationList({ entry: createRevocationListEntry(listUrl), list, credential: credential('https://issuer.example/credentials/3') }).revoked).toBe(false);
  });

  it('refuses a list that is not the one the entry names, or is published by someone else', () => {
    const read = (other: unknown) => () => readRevocationList({ entry: createRevocationListEntry(listUrl), list: other, credential: credential('urn:x:1') });
    expect(read({ ...list, id: 'https://elsewhere.example/list' })).toThrow(expect.objectContaining({ code: 'STATUS_LIST_URL_MISMATCH' }));
    expect(read({ ...list, issuer: 'did:example:mallory' })).toThrow(expect.objectContaining({ code: 'INVALID_STATUS_LIST_CREDENTIAL' }));
    expect(read({ ...list, revokedCredentials: ['urn:x:1'] })).toThrow(expect.objectContaining({ code: 'INVALID_STATUS_LIST_CREDENTIAL' }));
  });

  describe('through the status checker', () => {
    const check = createStatusChecker({ loadStatusList: async (url) => (url === listUrl ? list : Promise.reject(new Error('no such list'))) });

    it('revoked is invalid (REVOKED), not revoked is valid, both naming the list', async () => {
      expect(await check(credential('https://issuer.example/credentials/2'))).toMatchObject({ status: 'invalid', code: 'REVOKED', reason: expect.stringContaining(listUrl) });
      expect(await check(credential('https://issuer.example/credentials/3'))).toMatchObject({ status: 'valid', reason: expect.stringContaining(listUrl) });
    });

    it('an unreachable list, or a credential without an id, is "could not check"', async () => {
      const elsewhere = { ...credential('urn:x:1'), credentialStatus: createRevocationListEntry('https://down.example/list') };
      expect(await check(elsewhere)).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE' });
      const { id: _id, ...anonymous } = credential('urn:x:1');
      expect(await check(anonymous)).toMatchObject({ status: 'unknown', code: 'UNSUPPORTED_STATUS_ENTRY' });
    });
  });
});
