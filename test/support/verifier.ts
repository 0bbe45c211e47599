// The verifier service wired as main.ts wires it (real guarded fetcher, status
// lists from a store), plus an issuer to make real credentials for it.
import { afterAll, beforeAll } from 'vitest';
import { createGuardedFetcher, type GuardedFetchOptions, type GuardedFetcher, type LookupFunction } from '@laurel/guarded-fetch';
import { createLogger } from '@laurel/http-kit';
import { buildOpenBadgeCredential, type OpenBadgeCredentialInput } from '@laurel/models';
import { createStatusEntry, createStatusList, createStatusListCredential, encodeStatusList, setStatusBit, type VerifiedStatusLists } from '@laurel/status-list';
import type { Store } from '@laurel/store';
import type { CryptoPool } from '@laurel/crypto-pool';
import { generateIssuerKey, signCredential, type IssuerKey } from '@laurel/suites';
import { createVerifierApp, documentFetcher, storeStatusListSources, type IssuerRecognizer, type TrustedIssuers } from '@laurel/verifier-service';
import { freshDatabaseUrl, type FreshDatabase } from './databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './issuer.js';

/** A resolver that knows no name: the verifier under test never reaches the real DNS (or the internet). */
export const noDns = ((hostname: string, _options: unknown, callback: (error: Error) => void) => {
  process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })));
}) as unknown as LookupFunction;

export interface TestVerifierOptions {
  /** Where hosted and local status lists come from (an issuer's store). */
  store?: Store;
  /** Guarded fetcher policy; the default one (https, public addresses only) unless given. */
  fetch?: GuardedFetchOptions;
  trustedIssuers?: TrustedIssuers;
  /** Issuer recognition sources; the default: `trustedIssuers` and did:web domain linkage through the fetcher. */
  issuerRecognizer?: IssuerRecognizer;
  /** Wraps the guarded fetcher's JSON fetch (to send https://issuer.test/… to a loopback server, say). */
  wrapFetch?: (fetchJson: (url: URL) => Promise<unknown>) => (url: URL) => Promise<unknown>;
  now?: () => Date;
  maxBodyBytes?: number;
  /** STATUS_LIST_MAX_STALENESS_MS. */
  maxStalenessMs?: number;
  /** VERIFIER_MAX_REMOTE_FETCHES. */
  maxRemoteFetches?: number;
  /** Stands in front of the guarded fetcher's fetchJson (to count or redirect what goes out). */
  fetchJson?: (url: URL, guarded: (url: URL) => Promise<unknown>) => Promise<unknown>;
  /** Status list verifications reused across requests (main.ts: verifiedStatusListCache). */
  verifiedStatusLists?: VerifiedStatusLists;
  /** Proofs checked on these worker threads (main.ts: CRYPTO_WORKERS > 0). */
  cryptoPool?: CryptoPool;
}

export interface TestVerifier {
  app: ReturnType<typeof createVerifierApp>;
  fetcher: GuardedFetcher;
  /** POST /credentials/verify; the body parsed as JSON. */
  verify(credential: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export function createTestVerifier(options: TestVerifierOptions = {}): TestVerifier {
  const fetcher = createGuardedFetcher({ lookup: noDns, ...options.fetch });
  const store = options.store;
  const app = createVerifierApp({
    config: { VERIFIER_MAX_BODY_BYTES: options.maxBodyBytes ?? 1_048_576, VERIFIER_PUBLIC_URL: TEST_URLS.statusBaseUrl },
    logger: createLogger({ name: 'test-verifier', level: 'silent' }),
    fetchJson: options.fetchJson ? (url) => options.fetchJson!(url, fetcher.asJsonFetcher()) : options.wrapFetch ? options.wrapFetch(fetcher.asJsonFetcher()) : fetcher.asJsonFetcher(),
    fetchDocument: documentFetcher(fetcher),
    ...(options.maxRemoteFetches !== undefined ? { maxRemoteFetches: options.maxRemoteFetches } : {}),
    ...(options.verifiedStatusLists ? { verifiedStatusLists: options.verifiedStatusLists } : {}),
    ...(options.cryptoPool ? { cryptoPool: options.cryptoPool } : {}),
    ...(store ? storeStatusListSources(store, TEST_URLS, options.maxStalenessMs ?? 10_000) : {}),
    trustedIssuers: options.trustedIssuers ?? new Map(),
    ...(options.issuerRecognizer ? { issuerRecognizer: options.issuerRecognizer } : {}),
    now: options.now ?? (() => new Date()),
  });
  return {
    app,
    fetcher,
    verify: async (credential) => {
      const response = await app.request('/credentials/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: credential }),
      });
      return { status: response.status, body: await response.json() };
    },
    close: () => fetcher.close(),
  };
}

/** The check named `name` from a report. */
export function checkOf(report: { checks: { check: string; status: string; code?: string; reason: string }[] }, name: string) {
  const found = report.checks.find((check) => check.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(report)}`);
  return found;
}

// The achievement and the credential are named differently on purpose: pages must show what was earned.
export const ACHIEVEMENT_NAME = 'Data Literacy Foundations';
export const CREDENTIAL_NAME = 'Spring 2026 cohort certificate';
export const RECIPIENT_NAME = 'Ada Lovelace';
export const ISSUER_NAME = 'Example University';

export interface IssueOptions {
  validFrom?: string;
  validUntil?: string;
}

export interface IssuingFixture {
  issuer: TestIssuer;
  issuerId: string;
  /** The issuer's DID (a did:key unless the fixture was made with did:web). */
  did: string;
  /** Signs a fresh Open Badge through the issuer's VC-API (VC 2.0: revocation and suspension entries; VC 1.1: the issuer's revocation list). */
  issue(options?: IssueOptions): Promise<Record<string, any>>;
  /** VC-API POST /credentials/status. */
  setStatus(credentialId: string, status: 'revoked' | 'suspended' | 'active'): Promise<void>;
  close(): Promise<void>;
}

let slugs = 0;

/** An issuer service on a fresh SQLite database with one did:key (or did:web, on https://issuer.test) issuer. */
export async function createIssuingFixture(options: { vcVersion?: '2.0' | '1.1'; didMethod?: 'key' | 'web' } = {}): Promise<IssuingFixture> {
  const database: FreshDatabase = await freshDatabaseUrl('sqlite');
  const issuer = await createTestIssuer(database.url);
  const vcVersion = options.vcVersion ?? '2.0';
  const created = await issuer.call('POST', '/v1/issuers', { slug: `verifier-test-${++slugs}`, name: ISSUER_NAME, didMethod: options.didMethod ?? 'key', vcVersion });
  if (created.status !== 201) throw new Error(`could not create an issuer: ${JSON.stringify(created.body)}`);
  const issuerId = created.body.id as string;
  const did = created.body.did as string;
  let serial = 0;
  return {
    issuer,
    issuerId,
    did,
    async issue({ validFrom = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'), validUntil } = {}) {
      const input: OpenBadgeCredentialInput = {
        id: `urn:uuid:00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
        name: CREDENTIAL_NAME,
        issuer: { id: did, name: ISSUER_NAME },
        achievement: {
          id: 'https://issuer.test/achievements/data-literacy',
          name: ACHIEVEMENT_NAME,
          description: 'Reading, cleaning and charting data.',
          criteria: { narrative: 'Pass the final project.' },
        },
        recipient: { id: 'did:example:ada', name: RECIPIENT_NAME },
        validFrom,
        ...(validUntil ? { validUntil } : {}),
      };
      // A VC 1.1 tenant's VC 1.1 Open Badge gets its 1EdTech revocation list entry from the issuer.
      const credential = vcVersion === '1.1' ? buildOpenBadgeCredential(input, { version: '1.1' }) : buildOpenBadgeCredential(input);
      const signed = await issuer.call('POST', '/credentials/issue', { credential, options: { issuerId } });
      if (signed.status !== 201) throw new Error(`could not issue: ${JSON.stringify(signed.body)}`);
      return signed.body.verifiableCredential;
    },
    async setStatus(credentialId, status) {
      const type = vcVersion === '1.1' ? '1EdTechRevocationList' : 'BitstringStatusListEntry';
      const changed = await issuer.call('POST', '/credentials/status', { credentialId, credentialStatus: [{ type, status }], issuerId });
      if (changed.status !== 200) throw new Error(`could not set status ${status}: ${JSON.stringify(changed.body)}`);
    },
    async close() {
      await issuer.close();
      await database.drop();
    },
  };
}

export interface ListOptions {
  /** Indexes whose bit is set. */
  set?: number[];
  validFrom?: string;
  validUntil?: string;
  /** Changes the unsigned list just before signing (a correctly signed but odd list). */
  beforeSigning?: (list: Record<string, any>) => void;
}

export interface SelfIssuer {
  did: string;
  /** Its key (public half for a did:web document: buildDidWebDocument(did, [key])). */
  key: IssuerKey;
  /** A signed BitstringStatusListCredential published at `url`. */
  signList(url: string, purpose: 'revocation' | 'suspension', options?: ListOptions): Promise<Record<string, any>>;
  /** A signed Open Badge whose status entries point at the given lists, at index STATUS_INDEX. */
  signBadge(lists: { url: string; purpose: 'revocation' | 'suspension' }[], dates?: IssueOptions): Promise<Record<string, any>>;
}

export const STATUS_INDEX = 4242;

/**
 * An issuer with its own DID (did:key, or `controller`, e.g. a did:web DID) that signs credentials
 * and lists directly, for lists hosted elsewhere.
 */
export async function createSelfIssuer(options: { controller?: string } = {}): Promise<SelfIssuer> {
  const key = await generateIssuerKey(options);
  const did = key.controller;
  return {
    did,
    key,
    async signList(url, purpose, { set = [], validFrom = '2026-01-01T00:00:00Z', validUntil, beforeSigning } = {}) {
      let bits = createStatusList();
      for (const index of set) bits = setStatusBit(bits, index, true);
      const list: Record<string, any> = createStatusListCredential({
        id: url,
        issuer: did,
        statusPurpose: purpose,
        encodedList: await encodeStatusList(bits),
        validFrom,
        ...(validUntil ? { validUntil } : {}),
      });
      beforeSigning?.(list);
      return signCredential(list, { key });
    },
    async signBadge(lists, { validFrom = '2026-01-01T00:00:00Z', validUntil } = {}) {
      const credential = buildOpenBadgeCredential({
        id: 'urn:uuid:11111111-2222-4333-8444-555555555555',
        name: CREDENTIAL_NAME,
        issuer: { id: did, name: ISSUER_NAME },
        achievement: { id: 'https://remote.test/achievements/1', name: ACHIEVEMENT_NAME, description: 'Remote list test.', criteria: { narrative: 'Any.' } },
        recipient: { id: 'did:example:ada', name: RECIPIENT_NAME },
        validFrom,
        ...(validUntil ? { validUntil } : {}),
        credentialStatus: lists.map(({ url, purpose }) => createStatusEntry({ statusListCredential: url, statusListIndex: STATUS_INDEX, statusPurpose: purpose })),
      });
      return signCredential(credential, { key });
    },
  };
}

/**
 * A suite-wide issuing fixture and a verifier reading its store, created
 * before the suite and closed after it. Read them inside tests and hooks.
 */
export function useIssuingVerifier(): { readonly fixture: IssuingFixture; readonly verifier: TestVerifier } {
  let fixture: IssuingFixture | undefined;
  let verifier: TestVerifier | undefined;
  beforeAll(async () => {
    fixture = await createIssuingFixture();
    verifier = createTestVerifier({ store: fixture.issuer.store });
  });
  afterAll(async () => {
    await verifier?.close();
    await fixture?.close();
  });
  return {
    get fixture() {
      return fixture!;
    },
    get verifier() {
      return verifier!;
    },
  };
}

// Issue 13's forgery: anyone can make a did:key and sign a credential naming any institution.
export const FORGED_ISSUER_NAME = 'Harvard University';
export const FORGED_ACHIEVEMENT = 'Doctor of Medicine';
export const FORGED_GRADE = 'Summa cum laude';
export const FORGED_RECIPIENT = 'Mallory Forger';

/** A correctly signed credential by a fresh did:key that calls itself Harvard University. */
export async function signSelfProclaimedHarvard(): Promise<{ did: string; credential: Record<string, any> }> {
  const key = await generateIssuerKey();
  const credential = buildOpenBadgeCredential({
    id: 'urn:uuid:0badc0de-0000-4000-8000-000000000013',
    name: 'Doctor of Medicine diploma',
    issuer: { id: key.controller, name: FORGED_ISSUER_NAME, url: 'https://www.harvard.edu' },
    achievement: { id: 'https://www.harvard.edu/md', name: FORGED_ACHIEVEMENT, description: 'Medical degree.', criteria: { narrative: 'Medical school.' } },
    recipient: { id: 'did:example:mallory', name: FORGED_RECIPIENT },
    results: [{ value: FORGED_GRADE }],
    validFrom: '2026-01-01T00:00:00Z',
  });
  return { did: key.controller, credential: await signCredential(credential, { key }) };
}

/** A credential's status entry of `purpose`: its list id, its path on the verifier, and its index. */
export function statusEntryOf(credential: Record<string, any>, purpose: 'revocation' | 'suspension' = 'revocation'): { id: string; path: string; index: number } {
  const entry = (credential.credentialStatus as Record<string, string>[]).find((status) => status.statusPurpose === purpose)!;
  const url = new URL(entry.statusListCredential!);
  return { id: url.pathname.split('/').pop()!, path: url.pathname, index: Number(entry.statusListIndex) };
}
