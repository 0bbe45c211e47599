// Verifying distinct credentials that share two status lists, the lists
// served as the fetcher's cache serves them within their TTL (a fresh copy,
// no network): the verifier with its verified-lists cache against the same
// verifier without it, in the same run. What the cache saves is verifying
// each list's proof and decoding its bitstring again for every credential.
import { pathToFileURL } from 'node:url';
import { buildOpenBadgeCredential } from '@laurel/models';
import { createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList, VerifiedStatusLists } from '@laurel/status-list';
import { buildDidWebDocument, generateIssuerKey, publicIssuerKey, signCredential } from '@laurel/suites';
import { createVerifier } from '@laurel/verifier-service';
import { compareOpsPerSecond, ratioLine } from './measure.js';

const DID = 'did:web:issuer.example';
const CREDENTIALS = 200;

export async function benchVerifierCaches({ seconds }) {
  const key = await generateIssuerKey({ controller: DID });
  const documents = new Map([['https://issuer.example/.well-known/did.json', buildDidWebDocument(DID, [publicIssuerKey(key)])]]);
  const entries = [];
  for (const purpose of ['revocation', 'suspension']) {
    const url = `https://issuer.example/status/${purpose}`;
    const list = createStatusListCredential({ id: url, issuer: DID, statusPurpose: purpose, encodedList: await encodeStatusList(createStatusList()), validFrom: '2026-01-01T00:00:00Z' });
    documents.set(url, await signCredential(list, { key }));
    entries.push((index) => createStatusEntry({ statusListCredential: url, statusListIndex: index, statusPurpose: purpose }));
  }
  const credentials = [];
  for (let i = 0; i < CREDENTIALS; i += 1) {
    credentials.push(
      await signCredential(
        buildOpenBadgeCredential({
          id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          issuer: { id: DID, name: 'Example University' },
          achievement: { id: 'https://issuer.example/a/1', name: 'Statistics', description: 'STAT101.', criteria: { narrative: 'Pass.' } },
          recipient: { id: `did:example:learner-${i}`, name: `Learner ${i}` },
          validFrom: '2026-01-01T00:00:00Z',
          credentialStatus: entries.map((entry) => entry(i)),
        }),
        { key },
      ),
    );
  }
  // A fresh parse each time, as the fetcher hands out copies of what it keeps.
  const fetchJson = async (url) => JSON.parse(JSON.stringify(documents.get(url.href)));
  const verifierOf = (verifiedStatusLists) => {
    const verifier = createVerifier({ fetchJson, trustedIssuers: new Map(), now: () => new Date(), ...(verifiedStatusLists ? { verifiedStatusLists } : {}) });
    return async (i) => {
      const { result } = await verifier.verifyCredential(credentials[i % CREDENTIALS]);
      if (!result.verified) throw new Error(`verification failed: ${JSON.stringify(result.checks)}`);
    };
  };
  const [cached, uncached] = await compareOpsPerSecond(verifierOf(new VerifiedStatusLists({ maxEntries: 100, maxAgeMs: 300_000 })), verifierOf(undefined), { seconds, warmup: 5 });
  return [ratioLine('verify distinct credentials, 2 shared lists', cached, uncached, 'no cache')];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchVerifierCaches({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
