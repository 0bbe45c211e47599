// What issuer recognition costs a verification: a did:web credential verified with
// did:web domain linkage (fetch the DID configuration, verify its Domain Linkage
// Credential) against the same verifier with no recognition source. Fetches are
// answered from memory, so this is the CPU cost the verifier adds, not the network.
import { buildDomainLinkageCredential } from '@laurel/issuance';
import { buildDidWebDocument, generateIssuerKey, signCredential } from '@laurel/suites';
import { createIssuerRecognizer, createVerifier } from '@laurel/verifier-service';
import { compareOpsPerSecond, ratioLine } from './measure.js';
import { sampleBadge } from './stock.js';

export async function benchIssuerRecognition({ seconds }) {
  const did = 'did:web:credentials.example.edu';
  const key = await generateIssuerKey({ controller: did });
  const documents = new Map([
    ['https://credentials.example.edu/.well-known/did.json', buildDidWebDocument(did, [key])],
    [
      'https://credentials.example.edu/.well-known/did-configuration.json',
      {
        '@context': 'https://identity.foundation/.well-known/did-configuration/v1',
        linked_dids: [await signCredential(buildDomainLinkageCredential(did, 'https://credentials.example.edu', new Date()), { key, suite: 'eddsa-rdfc-2022' })],
      },
    ],
  ]);
  const fetchJson = async (url) => {
    const document = documents.get(url.href);
    if (!document) throw new Error(`no ${url.href}`);
    return JSON.parse(JSON.stringify(document));
  };
  const credential = await signCredential(sampleBadge(did), { key });
  const deps = { fetchJson, trustedIssuers: new Map(), now: () => new Date() };
  const linked = createVerifier(deps);
  const bare = createVerifier({ ...deps, issuerRecognizer: createIssuerRecognizer({}) });
  const run = (verifier, expected) => async () => {
    const { report } = await verifier.verifyCredential(credential);
    if (report.verdict !== expected) throw new Error(`expected ${expected}, got ${report.verdict}: ${JSON.stringify(report.recognition)}`);
  };
  const [ours, baseline] = await compareOpsPerSecond(run(linked, 'trusted'), run(bare, 'unrecognized-issuer'), { seconds });
  return [ratioLine('verify did:web with domain linkage', ours, baseline, 'no recognition')];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchIssuerRecognition({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
