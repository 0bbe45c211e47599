// Issue and verify one Open Badges 3.0 credential with eddsa-rdfc-2022:
// Laurel's signCredential/verifyCredential against the bare stock calls.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createDocumentLoader } from '@laurel/contexts';
import { generateIssuerKey, signCredential, verifyCredential } from '@laurel/suites';
import { compareOpsPerSecond, ratioLine } from './measure.js';
import { sampleBadge, stockDocumentLoader } from './stock.js';

export async function benchIssueAndVerify({ seconds }) {
  const key = await generateIssuerKey();
  const unsigned = sampleBadge(key.controller);

  const documentLoader = stockDocumentLoader();
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

  const [issueOurs, issueStock] = await compareOpsPerSecond(oursSign, stockSign, { seconds });
  const [verifyOurs, verifyStock] = await compareOpsPerSecond(oursVerify, stockVerify, { seconds });
  // A fresh loader each time: nothing remembered from earlier verifications of this credential.
  const oursVerifyCold = async () => {
    const result = await verifyCredential(signed, { documentLoader: createDocumentLoader() });
    if (!result.verified) throw new Error('Laurel verification failed');
  };
  const [coldOurs, coldStock] = await compareOpsPerSecond(oursVerifyCold, stockVerify, { seconds });
  return [
    ratioLine('issue OB 3.0 (eddsa-rdfc-2022)', issueOurs, issueStock),
    ratioLine('verify OB 3.0, seen before (all checks)', verifyOurs, verifyStock),
    ratioLine('verify OB 3.0, first time (all checks)', coldOurs, coldStock),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchIssueAndVerify({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
