// Benchmarks print ratios against a baseline measured in the same run, never
// absolute targets: the machine's speed cancels out. Run with `npm run bench`.
import { benchIssueAndVerify } from './issue-verify.js';

const results = await benchIssueAndVerify({ seconds: Number(process.env.BENCH_SECONDS ?? 3) });
for (const line of results) console.log(line);
