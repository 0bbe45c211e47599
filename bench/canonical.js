// The compiled canonical path: signing and first-time verification per core
// (one process, one operation at a time) against the bare stock
// @digitalbazaar calls in the same run, for eddsa-rdfc-2022 on VC 2.0 and
// Ed25519Signature2020 on VC 1.1 Open Badges. Before timing, it checks that
// both sign the same credential to the same bytes.
import { isDeepStrictEqual } from 'node:util';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { buildOpenBadgeCredential } from '@laurel/models';
import { generateIssuerKey, signCredential, verifyCredential } from '@laurel/suites';
import { compareOpsPerSecond, ratioLine } from './measure.js';
import { stockDocumentLoader } from './stock.js';

const created = '2026-03-01T12:00:00Z';
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

function badge(issuerId, version, n) {
  const credential = buildOpenBadgeCredential({
    id: `https://credentials.example.edu/credentials/${n}`,
    issuer: { id: issuerId, name: 'Example University' },
    achievement: {
      id: 'https://credentials.example.edu/achievements/stat101',
      name: 'Introduction to Statistics',
      description: 'Completed STAT101.',
      criteria: { narrative: 'Pass the final exam with 70% or more.' },
    },
    recipient: { id: `did:example:learner-${n}`, name: `Learner ${n}` },
    validFrom: '2026-01-15T10:00:00Z',
  }, version === '1.1' ? { version: '1.1' } : undefined);
  if (version === '1.1') credential['@context'] = [...credential['@context'], ED25519_2020_CONTEXT];
  return credential;
}

export async function benchCanonical({ seconds, distinct = 2000 }) {
  const key = await generateIssuerKey();
  const pair = await Ed25519Multikey.from({ ...key, type: 'Multikey' });
  const documentLoader = stockDocumentLoader();
  const lines = [];
  for (const [suiteName, version] of [['eddsa-rdfc-2022', '2.0'], ['Ed25519Signature2020', '1.1']]) {
    const stockSuite = (withDate) => suiteName === 'eddsa-rdfc-2022'
      ? new DataIntegrityProof({ signer: pair.signer(), cryptosuite, ...(withDate ? { date: created } : {}) })
      : new Ed25519Signature2020({ key: pair, ...(withDate ? { date: created } : {}) });
    const stockVerifier = () => (suiteName === 'eddsa-rdfc-2022' ? new DataIntegrityProof({ cryptosuite }) : new Ed25519Signature2020());

    const unsigned = badge(key.controller, version, 0);
    const ours = await signCredential(unsigned, { key, suite: suiteName, created });
    const stock = await vc.issue({ credential: JSON.parse(JSON.stringify(unsigned)), suite: stockSuite(true), documentLoader });
    if (!isDeepStrictEqual(ours, stock)) throw new Error(`${suiteName}: our proof differs from the stock proof`);

    const oursSign = () => signCredential(unsigned, { key, suite: suiteName });
    const stockSign = () => vc.issue({ credential: JSON.parse(JSON.stringify(unsigned)), suite: stockSuite(false), documentLoader });
    const [signOurs, signStock] = await compareOpsPerSecond(oursSign, stockSign, { seconds });
    lines.push(ratioLine(`canonical: sign OB 3.0 VC ${version} (${suiteName})`, signOurs, signStock));

    // Distinct credentials, each verified by each side at most once per pass: nothing seen before helps.
    const signed = [];
    for (let n = 0; n < distinct; n += 1) signed.push(await signCredential(badge(key.controller, version, n), { key, suite: suiteName, created }));
    const oursVerify = async (i) => {
      const result = await verifyCredential(signed[i % distinct]);
      if (!result.verified) throw new Error(`Laurel verification failed: ${JSON.stringify(result.checks)}`);
    };
    const stockVerify = async (i) => {
      const result = await vc.verifyCredential({ credential: signed[(i + distinct / 2) % distinct], suite: stockVerifier(), documentLoader });
      if (!result.verified) throw new Error('stock verification failed');
    };
    const [verifyOurs, verifyStock] = await compareOpsPerSecond(oursVerify, stockVerify, { seconds });
    lines.push(ratioLine(`canonical: first-time verify VC ${version} (${suiteName})`, verifyOurs, verifyStock));
  }
  lines.push('canonical: proofs byte-identical to the stock library (checked before timing); one core, sequential calls');
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchCanonical({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
