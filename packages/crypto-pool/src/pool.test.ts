import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential, buildPresentation } from '@laurel/models';
import { generateIssuerKey, signCredential, signPresentation, unknown, valid, verifyCredential, verifyPresentation, type CheckResult, type IssuerKey } from '@laurel/suites';
import { createCryptoPool, type CryptoPool } from '@laurel/crypto-pool';
import { namesDidWeb } from './pool.js';

type Json = Record<string, unknown>;
const NOW = new Date('2026-06-01T00:00:00Z');
const CREATED = '2026-05-01T10:00:00Z';

function badge(issuer: string, index: number, version: '1.1' | '2.0'): Json {
  const input = {
    id: `https://credentials.example.edu/credentials/${index}`,
    issuer: { id: issuer, name: 'Example University' },
    achievement: { id: 'https://credentials.example.edu/achievements/bio200', name: 'Cell Biology', description: 'Completed BIO200.', criteria: { narrative: 'Grade of 75% or more.' } },
    recipient: { id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', name: `Learner ${index}` },
    validFrom: '2026-01-01T00:00:00Z',
  };
  const credential = version === '2.0' ? buildOpenBadgeCredential(input) : buildOpenBadgeCredential(input, { version: '1.1' });
  if (version === '1.1') return credential;
  const list = 'https://status.example.edu/lists/1';
  return { ...credential, credentialStatus: { id: `${list}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: list } };
}

/** A status lookup on the caller's side: odd indexes revoked; counts its calls. */
function statusLookup() {
  const seen: string[] = [];
  const checkStatus = async (credential: Json): Promise<CheckResult> => {
    const entry = credential.credentialStatus as { statusListIndex: string };
    seen.push(entry.statusListIndex);
    return Number(entry.statusListIndex) % 2 === 1 ? { status: 'invalid', code: 'REVOKED', reason: 'Revoked.' } : valid('Not revoked.');
  };
  return { seen, checkStatus };
}

/**
 * A did:web lookup the test opens when it chooses (then refused), and a count of who waits on it:
 * the worker verifying a credential whose key is a did:web DID waits for it, so the test can
 * keep a worker busy. (Status lists cannot: they are consulted once the worker is done.)
 */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const state = { waiting: 0, open, arrivals: [] as (() => void)[] };
  const arrived = (count: number) => new Promise<void>((resolve) => {
    const check = () => (state.waiting >= count ? resolve() : state.arrivals.push(check));
    check();
  });
  const fetchDidWebDocument = async (url: URL): Promise<unknown> => {
    state.waiting++;
    state.arrivals.splice(0).forEach((check) => check());
    await opened;
    throw Object.assign(new Error(`refused ${url.href}`), { code: 'FETCH_REFUSED' });
  };
  return { state, arrived, fetchDidWebDocument };
}

/** The credential as if signed with a did:web key: verifying it needs the caller's did:web lookup. */
function withDidWebKey(credential: Json): Json {
  return { ...credential, proof: { ...(credential.proof as Json), verificationMethod: 'did:web:issuer.example.edu#key-1' } };
}

let key: IssuerKey;
let pool: CryptoPool;

beforeAll(async () => {
  // Workers run compiled JavaScript: build this package (and what it imports) first; incremental.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url)), '-b', fileURLToPath(new URL('../tsconfig.json', import.meta.url))], { stdio: 'inherit' });
  key = await generateIssuerKey();
  pool = createCryptoPool({ workers: 2, queueLimit: 100 });
}, 120_000);

afterAll(async () => {
  await pool?.close();
});

describe('a pooled signature is the in-process one', () => {
  it.each(['2.0', '1.1'] as const)('VC %s: byte-identical proofs (eddsa-rdfc-2022 / Ed25519Signature2020)', async (version) => {
    for (const index of [1, 2, 3]) {
      const credential = badge(key.controller, index, version);
      const pooled = await pool.signCredential(credential, { key, created: CREATED });
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(await signCredential(credential, { key, created: CREATED })));
    }
  });

  it('a key replaced under the same id signs with its new secret, not a copy the worker kept', async () => {
    const single = createCryptoPool({ workers: 1, queueLimit: 10 });
    try {
      const replacement = { ...(await generateIssuerKey({ controller: key.controller })), id: key.id };
      const credential = badge(key.controller, 11, '2.0');
      const proofs: unknown[] = [];
      for (const signer of [key, replacement, key]) {
        const pooled = await single.signCredential(credential, { key: signer, created: CREATED });
        expect(JSON.stringify(pooled)).toBe(JSON.stringify(await signCredential(credential, { key: signer, created: CREATED })));
        proofs.push((pooled.proof as { proofValue: string }).proofValue);
      }
      // Ed25519 is deterministic: the same secret gives the same signature, another secret another one.
      expect(proofs[0]).toBe(proofs[2]);
      expect(proofs[1]).not.toBe(proofs[0]);
    } finally {
      await single.close();
    }
  });

  it('refuses what in-process signing refuses, with the same code', async () => {
    const other = await generateIssuerKey();
    const credential = badge(other.controller, 4, '2.0');
    await expect(signCredential(credential, { key })).rejects.toMatchObject({ code: 'ISSUER_KEY_MISMATCH' });
    await expect(pool.signCredential(credential, { key })).rejects.toMatchObject({ code: 'ISSUER_KEY_MISMATCH', details: { issuer: other.controller, keyController: key.controller } });
  });
});

describe('a pooled verification reports what in-process verification does', () => {
  it('valid, revoked (status asked of the caller), tampered, re-issued under another DID, not an object', async () => {
    const signed = [await signCredential(badge(key.controller, 2, '2.0'), { key }), await signCredential(badge(key.controller, 3, '2.0'), { key }), await signCredential(badge(key.controller, 5, '1.1'), { key })];
    const tampered = { ...signed[0], name: 'Something else' };
    const didWeb = { ...signed[0], issuer: 'did:web:issuer.example.edu' };
    for (const credential of [...signed, tampered, didWeb, 'not a credential']) {
      const inProcess = statusLookup();
      const pooled = statusLookup();
      const fetched: string[] = [];
      const fetchDidWebDocument = async (url: URL) => {
        fetched.push(url.href);
        throw Object.assign(new Error(`refused ${url.href}`), { code: 'FETCH_REFUSED' });
      };
      const expected = await verifyCredential(credential, { now: NOW, checkStatus: inProcess.checkStatus });
      const actual = await pool.verifyCredential(credential, { now: NOW, checkStatus: pooled.checkStatus, fetchDidWebDocument });
      expect(actual).toEqual(expected);
      expect(pooled.seen).toEqual(inProcess.seen);
    }
    const results = await Promise.all(signed.map((credential) => pool.verifyCredential(credential, { now: NOW, checkStatus: statusLookup().checkStatus })));
    expect(results.map((result) => result.checks.status.status)).toEqual(['valid', 'invalid', 'valid']);
  });

  it('presentations: holder proof with challenge and domain, and each credential', async () => {
    const holder = await generateIssuerKey();
    const credential = await signCredential(badge(key.controller, 6, '2.0'), { key });
    const presentation = await signPresentation(buildPresentation({ holder: holder.controller, verifiableCredential: [credential as { '@context': unknown[]; type: string[] }] }), { key: holder, challenge: 'c-1', domain: 'verifier.example' });
    for (const challenge of ['c-1', 'c-2']) {
      const expected = await verifyPresentation(presentation, { challenge, domain: 'verifier.example', now: NOW, checkStatus: statusLookup().checkStatus });
      const actual = await pool.verifyPresentation(presentation, { challenge, domain: 'verifier.example', now: NOW, checkStatus: statusLookup().checkStatus });
      expect(actual).toEqual(expected);
    }
  });
});

describe('bounded', () => {
  it('refuses at once with WORKERS_SATURATED when the workers are busy and the queue is full', async () => {
    const small = createCryptoPool({ workers: 1, tasksPerWorker: 1, queueLimit: 1, retryAfterSeconds: 2 });
    try {
      const blocked = gate();
      const credential = await signCredential(badge(key.controller, 8, '2.0'), { key });
      const running = small.verifyCredential(withDidWebKey(credential), { now: NOW, fetchDidWebDocument: blocked.fetchDidWebDocument });
      await blocked.arrived(1);
      const queued = small.verifyCredential(credential, { now: NOW });
      await expect(small.verifyCredential(credential, { now: NOW })).rejects.toMatchObject({ code: 'WORKERS_SATURATED', details: { retryAfterSeconds: 2 } });
      blocked.state.open();
      // Its key could not be looked up: not checked, and never valid.
      expect((await running).checks.proof.status).toBe('unknown');
      expect((await queued).checks.proof.status).toBe('valid');
    } finally {
      await small.close();
    }
  });

  it('survives a worker that dies mid-task: that request fails cleanly, the next one gets a new worker', async () => {
    const small = createCryptoPool({ workers: 1, queueLimit: 10 });
    try {
      const blocked = gate();
      const credential = await signCredential(badge(key.controller, 10, '2.0'), { key });
      const doomed = small.verifyCredential(withDidWebKey(credential), { now: NOW, fetchDidWebDocument: blocked.fetchDidWebDocument });
      await blocked.arrived(1);
      const [worker] = small.threads();
      await worker!.terminate();
      await expect(doomed).rejects.toMatchObject({ code: 'CRYPTO_WORKER_FAILED' });
      blocked.state.open();
      const after = await small.verifyCredential(credential, { now: NOW, checkStatus: async () => unknown('X', 'Not consulted.') });
      expect(after.checks.proof.status).toBe('valid');
      expect(small.threads()).toHaveLength(1);
      expect(small.threads()[0]).not.toBe(worker);
    } finally {
      await small.close();
    }
  });
});

describe('namesDidWeb: whether a worker may need the caller for a key', () => {
  it('finds a did:web DID wherever it is, and nothing in a did:key credential', async () => {
    const credential = await signCredential(badge(key.controller, 12, '2.0'), { key });
    expect(namesDidWeb(credential)).toBe(false);
    expect(namesDidWeb(withDidWebKey(credential))).toBe(true);
    expect(namesDidWeb({ verifiableCredential: [credential, { proof: [{ verificationMethod: { id: 'did:web:a.example#k' } }] }] })).toBe(true);
    expect(namesDidWeb({ note: 'see did:web:a.example' })).toBe(false);
    // Too deep to look through: assumed to need it.
    let deep: unknown = 'plain';
    for (let i = 0; i < 100; i++) deep = { deep };
    expect(namesDidWeb(deep)).toBe(true);
  });
});
