// jsonld caches resolved contexts per process, so a context missing from our
// loader can hide behind one that another loader fetched earlier. Vitest runs
// each test file in its own process; this file uses nothing but the offline
// loader, for every kind of document Laurel signs or verifies.
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, offlineDocumentLoader, UnknownContextError } from '@laurel/contexts';
import { buildOpenBadgeCredential, buildPresentation } from '@laurel/models';
import { createStatusList, createStatusListCredential, encodeStatusList } from '@laurel/status-list';
import { generateIssuerKey, signCredential, signPresentation, verifyCredential, verifyPresentation } from '@laurel/suites';

const requested = new Set<string>();
const recordingLoader = createDocumentLoader();
const documentLoader = async (url: string) => {
  requested.add(url);
  return recordingLoader(url);
};
const now = new Date('2026-06-01T00:00:00Z');

function badgeInput(issuer: string) {
  return {
    id: 'https://credentials.example.edu/credentials/1',
    issuer: { id: issuer, name: 'Example University', url: 'https://example.edu', image: 'https://example.edu/logo.png' },
    achievement: {
      id: 'https://credentials.example.edu/achievements/1',
      name: 'Course',
      description: 'A course.',
      criteria: { narrative: 'Pass.' },
      achievementType: 'Course' as const,
    },
    recipient: { id: 'did:example:learner', name: 'Learner', email: 'learner@example.org' },
    validFrom: '2026-01-01T00:00:00Z',
  };
}

describe('the offline loader alone covers', () => {
  it.each([
    ['OB 3.0 on VC 2.0 with eddsa-rdfc-2022', '2.0', 'eddsa-rdfc-2022'],
    ['OB 3.0 on VC 1.1 with Ed25519Signature2020', '1.1', 'Ed25519Signature2020'],
    ['OB 3.0 on VC 1.1 with eddsa-rdfc-2022', '1.1', 'eddsa-rdfc-2022'],
  ] as const)('%s', async (_name, version, suite) => {
    const key = await generateIssuerKey();
    const credential = version === '2.0' ? buildOpenBadgeCredential(badgeInput(key.controller)) : buildOpenBadgeCredential(badgeInput(key.controller), { version: '1.1' });
    const signed = await signCredential(credential, { key, suite, documentLoader });
    const result = await verifyCredential(signed, { documentLoader, now });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.verified).toBe(true);
  });

  it.each(['BitstringStatusList', 'StatusList2021'] as const)('%s credentials', async (format) => {
    const key = await generateIssuerKey();
    const list = createStatusListCredential({
      id: 'https://credentials.example.edu/status/1',
      issuer: key.controller,
      statusPurpose: 'revocation',
      encodedList: await encodeStatusList(createStatusList(), { format }),
      format,
      validFrom: '2026-01-01T00:00:00Z',
    });
    const signed = await signCredential(list, { key, documentLoader });
    expect((await verifyCredential(signed, { documentLoader, now })).verified).toBe(true);
  });

  it('DID Authentication presentations', async () => {
    const holder = await generateIssuerKey();
    const signed = await signPresentation(buildPresentation({ holder: holder.controller }), { key: holder, challenge: 'abc', documentLoader });
    expect((await verifyPresentation(signed, { challenge: 'abc', documentLoader, now })).verified).toBe(true);
  });

  it('and asked for nothing outside the bundle', async () => {
    expect(requested.size).toBeGreaterThan(5);
    for (const url of requested) {
      if (url.startsWith('did:')) continue;
      await expect(offlineDocumentLoader(url)).resolves.toBeDefined();
    }
    await expect(offlineDocumentLoader('https://example.org/never')).rejects.toBeInstanceOf(UnknownContextError);
  });
});
