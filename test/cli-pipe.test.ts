// The built `laurel` binary, as a shell runs it: `laurel issue … | laurel verify -`.
// `npm test` builds first, so dist/ is current.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/conformance.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'node_modules/.bin/laurel');

async function shell(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; ${script}`], { cwd: mkdtempSync(path.join(tmpdir(), 'laurel-pipe-')) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('laurel in a shell pipeline', () => {
  it('issue | verify - exits 0; tampered, exits 1 and names the proof check', async () => {
    // keys new reports on stderr; keep that out of the assertions unless it fails.
    const issue = `{ "${bin}" keys new --out key.json 2>keys.log || { cat keys.log >&2; exit 3; }; } && "${bin}" issue --key key.json --achievement "Intro to Rust" --recipient did:example:learner`;
    const good = await shell(`${issue} | "${bin}" verify -`);
    expect(good.stderr, good.stdout).toBe('');
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toContain('This credential is authentic');

    const tampered = await shell(`${issue} | sed 's/Intro to Rust/Intro to Go/' | "${bin}" verify -`);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/✘ proof\s+INVALID/);
  });

  it('usage errors exit 2 with a plain message', async () => {
    const result = await shell(`"${bin}" verify`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'inputs'");
  });
});
