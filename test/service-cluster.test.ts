// `laurel-issuer` and `laurel-verifier` with ISSUER_PROCESSES / VERIFIER_PROCESSES > 1: real child
// processes (node:cluster) serving one port, on one SQLite database. They must share the port, issue
// and verify as one service, replace a copy that dies, stop cleanly on SIGTERM, and stop (not respawn)
// when a copy cannot start.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/wait.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = `lrl_${'c'.repeat(32)}`;

interface Served {
  child: ChildProcess;
  /** Every JSON log line so far, and raw stderr text. */
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exit: Promise<number | null>;
}

function serve(service: 'issuer' | 'verifier', env: Record<string, string>): Served {
  const bin = path.join(root, `services/${service}/bin/laurel-${service}.js`);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` (npm test does) first.`);
  const child = spawn(process.execPath, [bin], {
    cwd: root,
    // NODE_OPTIONS carries the test network guard into the primary and, through it, every copy.
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const served: Served = { child, lines: [], stderr: () => stderr, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) served.lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return served;
}

const logged = (served: Served, message: string) => served.lines.filter((line) => line.msg === message);

/** The URL once every copy listens, and the pids of the copies that said so. */
async function listening(served: Served, service: string, processes: number) {
  const ready = await waitFor(`${service} with ${processes} processes`, () => logged(served, `${service} listening with ${processes} processes`)[0], 60_000);
  return { url: String(ready.url).replace('localhost', '127.0.0.1'), pids: logged(served, `${service} process listening`).map((line) => Number(line.worker)) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Instance ids answering /health over fresh connections (Node hands each new connection to the next copy). */
async function instances(url: string, requests = 8): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < requests; i += 1) {
    const response = await fetch(`${url}/health`, { headers: { connection: 'close' } });
    expect(response.status).toBe(200);
    seen.add(response.headers.get('laurel-instance') ?? '');
  }
  return seen;
}

describe('laurel-issuer and laurel-verifier with several processes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-cluster-'));
  const database = `sqlite:${path.join(dir, 'laurel.db')}`;
  const running: Served[] = [];
  afterAll(async () => {
    for (const served of running) if (served.child.exitCode === null) served.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves one port from two processes each, issues and verifies, replaces a copy that dies and stops on SIGTERM', async () => {
    const common = { DATABASE_URL: database, FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', STATUS_LIST_LENGTH: '8192' };
    const issuer = serve('issuer', { ...common, ISSUER_PORT: '0', ISSUER_PROCESSES: '2', ISSUER_PUBLIC_URL_CHECK: 'false', LAUREL_KEYS_DIR: path.join(dir, 'keys'), LAUREL_BOOTSTRAP_TOKEN: TOKEN });
    running.push(issuer);
    const issuing = await listening(issuer, 'laurel-issuer', 2);
    expect(new Set(issuing.pids).size).toBe(2);
    // Once, from the first process: two issuer processes on SQLite take turns at its write lock.
    expect(issuer.lines.filter((line) => line.level === 40 && String(line.msg).startsWith('ISSUER_PROCESSES > 1 on SQLite'))).toHaveLength(1);
    expect(await instances(issuing.url)).toHaveProperty('size', 2);

    const post = async (pathname: string, body: unknown) => {
      const response = await fetch(`${issuing.url}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown>;
    };
    const { id: issuerId } = await post('/v1/issuers', { slug: 'cluster', name: 'Cluster University', didMethod: 'key' });
    await post(`/v1/issuers/${String(issuerId)}/achievements`, { externalId: 'course-v1:C+C+1', name: 'Clustering', rules: { minGradePercent: 50 } });
    // The same completion through fresh connections (so through both copies): one credential.
    const completion = { issuerId, learner: { lmsUserId: '1', name: 'Ada' }, courseId: 'course-v1:C+C+1', gradePercent: 90, sourceEventId: 'cluster-1' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => post('/v1/completions', completion)));
    const ids = new Set(answers.flatMap((answer) => (answer.issued as Array<{ credentialId: string }>).map((issued) => issued.credentialId)));
    expect(ids.size).toBe(1);

    const verifier = serve('verifier', { ...common, VERIFIER_PORT: '0', VERIFIER_PROCESSES: '2', VERIFIER_PUBLIC_URL_CHECK: 'false', ISSUER_DOMAIN_LINKAGE: 'false' });
    running.push(verifier);
    const verifying = await listening(verifier, 'laurel-verifier', 2);
    expect(await instances(verifying.url)).toHaveProperty('size', 2);
    const stored = (await (await fetch(`${issuing.url}/v1/credentials/${[...ids][0]}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { document: unknown };
    const report = await fetch(`${verifying.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: stored.document }) });
    expect(report.status, await report.clone().text()).toBe(200);
    expect(await report.json()).toMatchObject({ verified: true });

    // A copy killed outright is replaced; the port keeps answering meanwhile.
    const [victim] = verifying.pids;
    process.kill(victim!, 'SIGKILL');
    await waitFor('a replacement verifier process', () => logged(verifier, 'laurel-verifier process listening').find((line) => !verifying.pids.includes(Number(line.worker))));
    expect(logged(verifier, 'laurel-verifier process exited; starting another')).toHaveLength(1);
    expect(await instances(verifying.url)).toHaveProperty('size', 2);

    // SIGTERM to the primary: every copy closes and the primary exits 0.
    for (const served of [verifier, issuer]) {
      const pids = logged(served, `${served === verifier ? 'laurel-verifier' : 'laurel-issuer'} process listening`).map((line) => Number(line.worker));
      served.child.kill('SIGTERM');
      expect(await served.exit, served.stderr()).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
    }
  });

  it('stops every copy, exit code 0, when one copy is stopped cleanly (Ctrl+C reaches each process)', async () => {
    const verifier = serve('verifier', { DATABASE_URL: database, VERIFIER_PORT: '0', VERIFIER_PROCESSES: '2', VERIFIER_PUBLIC_URL_CHECK: 'false' });
    running.push(verifier);
    const { pids } = await listening(verifier, 'laurel-verifier', 2);
    process.kill(pids[0]!, 'SIGTERM');
    expect(await verifier.exit, verifier.stderr()).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(logged(verifier, 'laurel-verifier process exited; starting another')).toEqual([]);
  });

  it('stops with exit code 1, without respawning, when its copies cannot start', async () => {
    // Read-only on a database that does not exist: every copy fails at start-up.
    const verifier = serve('verifier', { DATABASE_URL: `sqlite:${path.join(dir, 'missing', 'laurel.db')}`, VERIFIER_PORT: '0', VERIFIER_PROCESSES: '2' });
    running.push(verifier);
    expect(await verifier.exit).toBe(1);
    expect(logged(verifier, 'laurel-verifier process failed to start; stopping').length).toBeGreaterThanOrEqual(1);
    expect(logged(verifier, 'laurel-verifier process listening')).toEqual([]);
  });

  it('refuses a bad process count before forking anything, naming the variable', async () => {
    const verifier = serve('verifier', { DATABASE_URL: database, VERIFIER_PORT: '0', VERIFIER_PROCESSES: '0' });
    running.push(verifier);
    expect(await verifier.exit).toBe(1);
    expect(verifier.stderr()).toMatch(/^laurel-verifier: .*VERIFIER_PROCESSES/s);
    expect(verifier.lines).toEqual([]);
  });
});
