// One verification of a did:web credential with two remote status lists, the
// network simulated by a fetcher that answers after FETCH_LATENCY_MS: the
// verifier service's wiring (each document once per request, proof first)
// against the previous wiring (the DID document fetched for every proof and
// key lookup), both measured now, both on today's proof-first verifyCredential
// (the old one fetched lists in parallel with the proof: faster in wall time
// for a valid credential, 11 fetches all the same). Also prints remote fetches
// per verification.
import { setTimeout } from 'node:timers/promises';
import { createDocumentLoader } from '@laurel/contexts';
import { buildOpenBadgeCredential } from '@laurel/models';
import { createStatusChecker, createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList } from '@laurel/status-list';
import { buildDidWebDocument, generateIssuerKey, publicIssuerKey, signCredential, verifyCredential } from '@laurel/suites';
import { createVerifier } from '@laurel/verifier-service';
import { compareOpsPerSecond, ratioLine } from './measure.js';

const LATENCY_MS = Number(process.env.FETCH_LATENCY_MS ?? 5);
const DID = 'did:web:issuer.example';

export async function benchVerifierFetches({ seconds }) {
  const key = await generateIssuerKey({ controller: DID });
  const documents = new Map([['https://issuer.example/.well-known/did.json', buildDidWebDocument(DID, [publicIssuerKey(key)])]]);
  const lists = [];
  for (const purpose of ['revocation', 'suspension']) {
    const url = `https://issuer.example/status/${purpose}`;
    const list = createStatusListCredential({ id: url, issuer: DID, statusPurpose: purpose, encodedList: await encodeStatusList(createStatusList()), validFrom: '2026-01-01T00:00:00Z' });
    documents.set(url, await signCredential(list, { key }));
    lists.push(createStatusEntry({ statusListCredential: url, statusListIndex: 7, statusPurpose: purpose }));
  }
  const credential = await signCredential(
    buildOpenBadgeCredential({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      issuer: { id: DID, name: 'Example University' },
      achievement: { id: 'https://issuer.example/a/1', name: 'Statistics', description: 'STAT101.', criteria: { narrative: 'Pass.' } },
      recipient: { id: 'did:example:ada', name: 'Ada' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialStatus: lists,
    }),
    { key },
  );
  let fetches = 0;
  const fetchJson = async (url) => {
    fetches += 1;
    await setTimeout(LATENCY_MS);
    // A fresh parse each time, as from the network.
    return JSON.parse(JSON.stringify(documents.get(url.href)));
  };

  const verifier = createVerifier({ fetchJson, trustedIssuers: new Map(), now: () => new Date() });
  const ours = async () => {
    const { result } = await verifier.verifyCredential(credential);
    if (!result.verified) throw new Error(`verification failed: ${JSON.stringify(result.checks)}`);
  };
  // The wiring before: one loader for the service, the raw fetcher behind it.
  const documentLoader = createDocumentLoader({ fetchDidWebDocument: fetchJson });
  const before = async () => {
    const now = new Date();
    const checkStatus = createStatusChecker({ now, documentLoader, loadStatusList: (url) => fetchJson(new URL(url)) });
    const result = await verifyCredential(credential, { documentLoader, now, checkStatus });
    if (!result.verified) throw new Error('verification failed (before)');
  };

  const counted = async (operation) => {
    fetches = 0;
    await operation();
    return fetches;
  };
  const [oursFetches, beforeFetches] = [await counted(ours), await counted(before)];
  const [oursRate, beforeRate] = await compareOpsPerSecond(ours, before, { seconds, warmup: 3 });
  return [
    ratioLine(`verify did:web + 2 lists, ${LATENCY_MS} ms per fetch`, oursRate, beforeRate, 'before'),
    `${'  remote fetches per verification'.padEnd(44)} ours ${String(oursFetches).padStart(8)}    before ${String(beforeFetches).padStart(8)}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchVerifierFetches({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
