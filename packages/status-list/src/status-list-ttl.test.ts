import { describe, expect, it } from 'vitest';
import { createStatusList, createStatusListCredential, encodeStatusList, statusListTtlMs } from '@laurel/status-list';

describe('statusListTtlMs', () => {
  it('reads the ttl a list credential declares', async () => {
    const list = createStatusListCredential({
      id: 'https://status.example/1',
      issuer: 'did:example:issuer',
      statusPurpose: 'revocation',
      encodedList: await encodeStatusList(createStatusList()),
      ttl: 60_000,
    });
    expect(statusListTtlMs(list)).toBe(60_000);
  });

  it.each([undefined, null, 'x', {}, { credentialSubject: { ttl: -5 } }, { credentialSubject: { ttl: '300' } }, { credentialSubject: { ttl: 1.5 } }])('ignores %j', (value) => {
    expect(statusListTtlMs(value)).toBeUndefined();
  });
});
