// Benchmarks print ratios against a baseline measured in the same run, never
// absolute targets: the machine's speed cancels out. Run with `npm run bench`.
import { benchIssueAndVerify } from './issue-verify.js';
import { benchCanonical } from './canonical.js';
import { benchCompletions } from './completions.js';
import { benchCompletionsPool } from './completions-pool.js';
import { benchCompletionsGrowth } from './completions-growth.js';
import { benchEventBus } from './event-bus.js';
import { benchStatusPublication } from './status-publication.js';
import { benchStatusAllocation } from './status-allocation.js';
import { benchIssuerRecognition } from './issuer-recognition.js';
import { benchVerifierFetches } from './verifier-fetches.js';
import { benchVerifierCaches } from './verifier-caches.js';
import { benchRequestPipeline } from './request-pipeline.js';
import { benchGalera } from './galera.js';
import { benchCertificateImages } from './certificate-images.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
for (const line of await benchIssueAndVerify({ seconds })) console.log(line);
for (const line of await benchCanonical({ seconds })) console.log(line);
for (const line of await benchCompletions({ seconds })) console.log(line);
for (const line of await benchCompletionsPool()) console.log(line);
for (const line of await benchCompletionsGrowth({ seconds })) console.log(line);
for (const line of await benchEventBus({ seconds })) console.log(line);
for (const line of await benchStatusPublication({ seconds })) console.log(line);
for (const line of await benchStatusAllocation()) console.log(line);
for (const line of await benchIssuerRecognition({ seconds })) console.log(line);
for (const line of await benchVerifierFetches({ seconds })) console.log(line);
for (const line of await benchVerifierCaches({ seconds })) console.log(line);
for (const line of await benchRequestPipeline({ seconds })) console.log(line);
for (const line of await benchGalera({ seconds })) console.log(line);
for (const line of await benchCertificateImages({ seconds })) console.log(line);
process.exit(0);
