import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main, type CliIo } from '@laurel/cli';
import { conformanceDir } from '../../../test/support/conformance.js';
import { compileDraft04 } from '../../models/src/testing/json-schema-validators.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a shell would, with `stdin` as standard input. */
async function laurel(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), readStdin: async () => stdin };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
let keyFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'laurel-cli-'));
  keyFile = path.join(dir, 'issuer.json');
  expect((await laurel(['keys', 'new', '--out', keyFile])).code).toBe(0);
});

describe('laurel keys new', () => {
  it('writes an owner-only key file and refuses to overwrite it', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = JSON.parse(await readFile(keyFile, 'utf8'));
    expect(key.controller).toMatch(/^did:key:z6Mk/);
    const again = await laurel(['keys', 'new', '--out', keyFile]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});

describe('laurel issue | laurel verify -', () => {
  it('signs a built Open Badge that verifies (exit 0), and a tampered copy fails naming proof (exit 1)', async () => {
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Data Science 101', '--recipient', 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', '--issuer-name', 'Example University']);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const credential = JSON.parse(issued.stdout);
    expect(credential.credentialSubject.achievement.name).toBe('Data Science 101');

    const verified = await laurel(['verify', '-'], issued.stdout);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/✔ proof\s+valid/);

    credential.credentialSubject.achievement.name = 'Data Science 999';
    const tampered = await laurel(['verify', '-'], JSON.stringify(credential));
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/✘ proof\s+INVALID/);
  });

  it('signs a credential read from a file, in the VC 1.1 form with Ed25519Signature2020', async () => {
    const built = await laurel(['issue', '--key', keyFile, '--achievement', 'Welding', '--recipient', 'learner@example.org', '--vc-version', '1.1']);
    expect(built.code).toBe(0);
    const signed = JSON.parse(built.stdout);
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const { proof: _proof, ...unsigned } = signed;
    const file = path.join(dir, 'unsigned.json');
    await writeFile(file, JSON.stringify(unsigned));
    const resigned = await laurel(['issue', '--key', keyFile, '--in', file]);
    expect(resigned.code).toBe(0);
    expect((await laurel(['verify', '-'], resigned.stdout)).code).toBe(0);
  });

  it('says "could not check" (exit 2) for a revocable credential verified without its list', async () => {
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Chemistry', '--recipient', 'did:example:x', '--status-list', 'https://issuer.example/status/1', '--status-index', '42']);
    expect(issued.code).toBe(0);
    const result = await laurel(['verify', '-'], issued.stdout);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/\? status\s+could not check/);
  });
});

const conformance = conformanceDir();

describe.skipIf(conformance === undefined)('laurel issue --vc-version 1.1 --revocation-list', () => {
  it("writes one 1EdTechRevocationList status entry, and the credential passes 1EdTech's draft-04 AchievementCredential schema", async () => {
    const listUrl = 'https://verify.example.edu/revocation-lists/issuer-1';
    const issued = await laurel(['issue', '--key', keyFile, '--vc-version', '1.1', '--achievement', 'Welding', '--recipient', 'did:example:w', '--revocation-list', listUrl]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const credential = JSON.parse(issued.stdout);
    expect(credential.credentialStatus).toEqual({ id: listUrl, type: '1EdTechRevocationList' });
    const draft04 = compileDraft04(JSON.parse(await readFile(path.join(conformance ?? '', 'ob3/schema/ob_v3p0_achievementcredential_schema_draft4.json'), 'utf8')));
    expect(draft04(credential) ? [] : draft04.errors).toEqual([]);
    // Offline, the list cannot be read: "could not check", never "valid".
    const verified = await laurel(['verify', '-'], issued.stdout);
    expect(verified.code).toBe(2);
    expect(verified.stdout).toMatch(/\? status\s+could not check/);
  });

  it('refuses --revocation-list together with --status-list, and a relative URL', async () => {
    const both = await laurel(['issue', '--key', keyFile, '--achievement', 'X', '--recipient', 'did:example:1', '--revocation-list', 'https://a.example/r', '--status-list', 'https://a.example/s', '--status-index', '1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const relative = await laurel(['issue', '--key', keyFile, '--achievement', 'X', '--recipient', 'did:example:1', '--revocation-list', '/lists/1']);
    expect(relative.code).toBe(2);
    expect(relative.stderr).toContain('--revocation-list must be an absolute URL');
  });
});

describe('laurel verify: the verdict first, and who the issuer is', () => {
  // Anyone can make a did:key and call it "Harvard University": authentic, not recognised.
  const AMBER = 'This credential is authentic, but its issuer is NOT recognised.';
  const GREEN = 'This credential is authentic and its issuer is recognised.';
  const RED = 'This credential is NOT valid.';
  let issued: string;
  let did: string;
  beforeAll(async () => {
    const result = await laurel(['issue', '--key', keyFile, '--achievement', 'Law 101', '--recipient', 'did:example:learner', '--issuer-name', 'Harvard University']);
    expect(result.code, result.stderr).toBe(0);
    issued = result.stdout;
    did = JSON.parse(issued).issuer.id;
    expect(did).toMatch(/^did:key:/);
  });

  it('a self-signed "Harvard" credential: amber first line, the name marked as a claim, exit 0 (3 with --require-trusted)', async () => {
    const result = await laurel(['verify', '-'], issued);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`${AMBER} Signed by ${did}, who claims to be "Harvard University" (claimed, not verified).`);
    expect(lines[1]).toMatch(/^✔ proof\s+valid/);
    expect(result.stdout).toContain(`! Issuer identity: NOT recognised. ${did} is on no list`);
    expect(result.code).toBe(0);

    const strict = await laurel(['verify', '-', '--require-trusted'], issued);
    expect(strict.stdout.split('\n')[0]).toContain(AMBER);
    expect(strict.code).toBe(3);
  });

  it('the same credential with its DID on a --trusted-issuers list: green, exit 0 even with --require-trusted', async () => {
    const list = path.join(dir, 'trusted.json');
    await writeFile(list, JSON.stringify([{ id: did, name: 'Example Law School' }]));
    const result = await laurel(['verify', '-', '--trusted-issuers', list, '--require-trusted'], issued);
    const lines = result.stdout.split('\n');
    // The recognised name is the list's, not the credential's.
    expect(lines[0]).toBe(`${GREEN} Issued by Example Law School (source: this verifier's list of trusted issuers).`);
    expect(result.stdout).toContain('✔ Issuer identity: recognised. Example Law School');
    expect(result.stdout).not.toContain('claimed, not verified');
    expect(result.code).toBe(0);
  });

  it('a --registry file (DCC registry.json) recognises the issuer too; an unreadable one is a usage error', async () => {
    const registry = path.join(dir, 'registry.json');
    await writeFile(registry, JSON.stringify({ meta: {}, registry: { [did]: { name: 'Registry-listed College' } } }));
    const result = await laurel(['verify', '-', '--registry', registry], issued);
    expect(result.stdout.split('\n')[0]).toBe(`${GREEN} Issued by Registry-listed College (source: the issuer registry registry.json).`);
    expect(result.code).toBe(0);

    const broken = path.join(dir, 'broken-registry.json');
    await writeFile(broken, JSON.stringify({ nothing: true }));
    const refused = await laurel(['verify', '-', '--registry', broken], issued);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not a DCC issuer registry');
  });

  it('a tampered credential: red first line, no claimed name stated as fact, exit 1', async () => {
    const credential = JSON.parse(issued);
    credential.credentialSubject.achievement.name = 'Law 999';
    const list = path.join(dir, 'trusted-tampered.json');
    await writeFile(list, JSON.stringify([{ id: did, name: 'Example Law School' }]));
    const result = await laurel(['verify', '-', '--trusted-issuers', list], JSON.stringify(credential));
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`${RED} It is not authentic: it was changed after it was signed, or not signed by the issuer it names.`);
    expect(result.stdout).toMatch(/✘ proof\s+INVALID/);
    expect(result.stdout).toContain('? Issuer identity: not checked');
    expect(result.stdout).not.toContain('Harvard');
    expect(result.stdout).not.toContain('Example Law School');
    expect(result.code).toBe(1);
  });
});

describe('laurel verify with several inputs', () => {
  /** Three credentials on files: two sound, one tampered; and a status list revoking the second. */
  async function files() {
    const listUrl = 'https://issuer.example/status/bulk';
    const listFile = path.join(dir, 'bulk-list.json');
    expect((await laurel(['status-list', 'new', '--id', listUrl, '--key', keyFile, '--out', listFile])).code).toBe(0);
    const written: string[] = [];
    for (const [index, name] of ['Algebra', 'Biology', 'Chemistry'].entries()) {
      const issued = await laurel(['issue', '--key', keyFile, '--achievement', name, '--recipient', `did:example:bulk-${index}`, '--status-list', listUrl, '--status-index', String(100 + index)]);
      expect(issued.code).toBe(0);
      const credential = JSON.parse(issued.stdout);
      if (name === 'Chemistry') credential.credentialSubject.achievement.name = 'Alchemy';
      const file = path.join(dir, `bulk-${name}.json`);
      await writeFile(file, JSON.stringify(credential));
      written.push(file);
    }
    return { files: written, listFile };
  }

  it('reports each input under its name, counts them, and exits with the worst verdict', async () => {
    const { files: [algebra, biology, chemistry], listFile } = await files();
    const sound = await laurel(['verify', algebra!, biology!, '--status-list', listFile]);
    expect(sound.code).toBe(0);
    expect(sound.stdout).toContain(`== ${algebra} ==`);
    expect(sound.stdout).toContain(`== ${biology} ==`);
    expect(sound.stdout.match(/✔ proof\s+valid/g)).toHaveLength(2);
    expect(sound.stdout).toContain('2 inputs: 0 authentic from a recognised issuer, 2 authentic from an issuer not recognised, 0 invalid, 0 could not be checked.');

    const mixed = await laurel(['verify', algebra!, chemistry!, path.join(dir, 'no-such-credential.json'), '--status-list', listFile]);
    expect(mixed.code).toBe(1);
    const sections = mixed.stdout.split(/\n== /).slice(1);
    expect(sections).toHaveLength(3);
    expect(sections[0]).toMatch(/✔ proof\s+valid/);
    expect(sections[1]).toMatch(/✘ proof\s+INVALID/);
    // An input that cannot be read does not stop the others; it counts as "could not check".
    expect(sections[2]).toContain('No such file');
    expect(mixed.stdout).toContain('3 inputs: 0 authentic from a recognised issuer, 1 authentic from an issuer not recognised, 1 invalid, 1 could not be checked.');
    expect((await laurel(['verify', algebra!, path.join(dir, 'no-such-credential.json'), '--status-list', listFile])).code).toBe(2);
    expect((await laurel(['verify', '-', '-'], '{}')).code).toBe(2);
  });

  it('print one JSON document: the worst verdict, and each input under its name with the single-input shape', async () => {
    const { files: inputs, listFile } = await files();
    expect((await laurel(['status-list', 'set', listFile, '--index', '101', '--key', keyFile, '--out', listFile])).code).toBe(0);
    const several = await laurel(['verify', ...inputs, '--status-list', listFile, '--json']);
    expect(several.code).toBe(1);
    const report = JSON.parse(several.stdout);
    expect(report.verdict).toBe('invalid');
    expect(report.inputs.map((input: { input: string; verdict: string }) => [input.input, input.verdict])).toEqual([
      [inputs[0], 'unrecognized-issuer'],
      [inputs[1], 'invalid'],
      [inputs[2], 'invalid'],
    ]);
    expect(report.inputs[1].checks.status).toMatchObject({ status: 'invalid' });
    expect(report.inputs[2].checks.proof).toMatchObject({ status: 'invalid' });
    // Each entry is what verifying that input alone prints (but the time of verification).
    const alone = JSON.parse((await laurel(['verify', inputs[1]!, '--status-list', listFile, '--json'])).stdout);
    const { input, ...entry } = report.inputs[1];
    expect(input).toBe(inputs[1]);
    expect(Object.keys(entry).sort()).toEqual(Object.keys(alone).sort());
    expect(entry.checks).toEqual(alone.checks);
    expect(entry.verdict).toBe(alone.verdict);
  });
});

describe('laurel status-list', () => {
  it('revokes through a status list that verify reads', async () => {
    const listUrl = 'https://issuer.example/status/7';
    const listFile = path.join(dir, 'list.json');
    expect((await laurel(['status-list', 'new', '--id', listUrl, '--key', keyFile, '--out', listFile])).code).toBe(0);
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Physics', '--recipient', 'did:example:y', '--status-list', listUrl, '--status-index', '1234']);
    const credentialFile = path.join(dir, 'physics.json');
    await writeFile(credentialFile, issued.stdout);

    expect((await laurel(['verify', credentialFile, '--status-list', listFile])).code).toBe(0);
    expect((await laurel(['status-list', 'get', listFile, '--index', '1234'])).stdout).toContain('clear');

    expect((await laurel(['status-list', 'set', listFile, '--index', '1234', '--key', keyFile, '--out', listFile])).code).toBe(0);
    const got = await laurel(['status-list', 'get', listFile, '--index', '1234']);
    expect(got).toMatchObject({ code: 1, stdout: 'set (revocation)\n' });
    expect((await laurel(['status-list', 'get', listFile, '--index', '1235'])).code).toBe(0);

    const revoked = await laurel(['verify', credentialFile, '--status-list', listFile]);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toMatch(/✘ status\s+INVALID\s+The credential has been revoked/);

    const lift = await laurel(['status-list', 'set', listFile, '--index', '1234', '--clear', '--key', keyFile]);
    expect(lift.code).not.toBe(0);
    expect(lift.stderr).toMatch(/revoked credential cannot/i);
  });

  it('a lifecycle "message" list (Bitstring Status List §2.1, statusSize 2): 0 active verifies; pending is reported with its message, not valid and not an error', async () => {
    const listUrl = 'https://issuer.example/status/lifecycle';
    const listFile = path.join(dir, 'lifecycle.json');
    expect((await laurel(['status-list', 'new', '--id', listUrl, '--key', keyFile, '--purpose', 'message', '--out', listFile])).code).toBe(0);
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Music', '--recipient', 'did:example:m', '--status-list', listUrl, '--status-index', '300', '--status-purpose', 'message', '--status-reference', 'https://issuer.example/lifecycle']);
    expect(issued.stderr).toBe('');
    const entry = JSON.parse(issued.stdout).credentialStatus;
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2, statusReference: 'https://issuer.example/lifecycle' });
    expect(entry.statusMessage.map((row: { message: string }) => row.message)).toEqual(['active', 'pending', 'expired', 'suspended']);
    const credentialFile = path.join(dir, 'music.json');
    await writeFile(credentialFile, issued.stdout);

    const active = await laurel(['verify', credentialFile, '--status-list', listFile, '--json']);
    expect(active.code).toBe(0);
    expect(JSON.parse(active.stdout).checks.status).toMatchObject({ status: 'valid', reason: expect.stringContaining('"active"') });

    expect((await laurel(['status-list', 'set', listFile, '--index', '300', '--value', '1', '--key', keyFile, '--out', listFile])).code).toBe(0);
    expect(await laurel(['status-list', 'get', listFile, '--index', '300'])).toMatchObject({ code: 1, stdout: '0x1 (message)\n' });
    expect((await laurel(['status-list', 'get', listFile, '--index', '301'])).stdout).toBe('0x0 (message)\n');
    const pending = await laurel(['verify', credentialFile, '--status-list', listFile, '--json']);
    expect(pending.code).toBe(2);
    expect(JSON.parse(pending.stdout).checks.status).toMatchObject({ status: 'unknown', code: 'STATUS_MESSAGE', reason: expect.stringContaining('"pending"') });

    const noValue = await laurel(['status-list', 'set', listFile, '--index', '300', '--key', keyFile]);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('give --value');
  });

  it('reports a tampered status list as such', async () => {
    const listUrl = 'https://issuer.example/status/8';
    const listFile = path.join(dir, 'list8.json');
    await laurel(['status-list', 'new', '--id', listUrl, '--key', keyFile, '--out', listFile]);
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Art', '--recipient', 'did:example:z', '--status-list', listUrl, '--status-index', '5']);
    const credentialFile = path.join(dir, 'art.json');
    await writeFile(credentialFile, issued.stdout);
    const list = JSON.parse(await readFile(listFile, 'utf8'));
    const revokedCopy = JSON.parse((await laurel(['status-list', 'set', listFile, '--index', '5', '--key', keyFile])).stdout);
    // Splice the revoked bits into the old signature: the list no longer verifies.
    list.credentialSubject.encodedList = revokedCopy.credentialSubject.encodedList;
    await writeFile(listFile, JSON.stringify(list));
    const result = await laurel(['verify', credentialFile, '--status-list', listFile, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).checks.status).toMatchObject({ status: 'invalid', code: 'STATUS_LIST_BAD_SIGNATURE' });
  });
});

describe('usage errors', () => {
  it.each([
    [['issue', '--key', 'missing.json', '--achievement', 'X', '--recipient', 'did:example:1'], /No such file: missing.json/],
    [['issue'], /required option/],
    [['verify'], /missing required argument/],
    [['frobnicate'], /unknown command/],
    [['status-list', 'get', 'x.json'], /required option/],
  ])('%j exits 2 with a plain message', async (args, message) => {
    const result = await laurel(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('explains a malformed credential file', async () => {
    const result = await laurel(['verify', '-'], '{not json');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid JSON/);
  });

  it('prints help for each command', async () => {
    for (const command of [['keys', 'new'], ['did', 'web'], ['issue'], ['verify'], ['status-list', 'new']]) {
      const result = await laurel([...command, '--help']);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: laurel');
    }
  });
});

describe('laurel did web', () => {
  it('builds a did.json from key files', async () => {
    const result = await laurel(['did', 'web', 'credentials.example.edu', '--key', keyFile]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.id).toBe('did:web:credentials.example.edu');
    expect(document.assertionMethod).toHaveLength(1);
    expect(result.stdout).not.toContain('secretKeyMultibase');
  });
});

describe('laurel verify --online', () => {
  /** A free loopback port: the list must name the URL it is served at before it is served. */
  async function freePort(): Promise<number> {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('reads the status list over the network through the guarded fetcher', async () => {
    const url = `http://127.0.0.1:${await freePort()}/status/1`;
    const listFile = path.join(dir, 'online-list.json');
    expect((await laurel(['status-list', 'new', '--id', url, '--key', keyFile, '--out', listFile])).code).toBe(0);
    const issued = await laurel(['issue', '--key', keyFile, '--achievement', 'Geology', '--recipient', 'did:example:g', '--status-list', url, '--status-index', '77']);
    const { createServer } = await import('node:http');
    const body = await readFile(listFile, 'utf8');
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(Number(new URL(url).port), '127.0.0.1', resolve));
    try {
      // The default policy refuses plain http and loopback: could not check.
      const refused = await laurel(['verify', '-', '--online'], issued.stdout);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(/\? status\s+could not check/);
      expect(requests).toBe(0);

      vi.stubEnv('FETCH_ALLOW_HTTP', 'true');
      vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'true');
      const allowed = await laurel(['verify', '-', '--online'], issued.stdout);
      expect(allowed.stdout).toMatch(/✔ status\s+valid/);
      expect(allowed.code).toBe(0);
      expect(requests).toBeGreaterThan(0);
    } finally {
      vi.unstubAllEnvs();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
