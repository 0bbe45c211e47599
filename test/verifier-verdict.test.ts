// The VC-API's top-level verdict (issue 13): trusted, unrecognized-issuer, invalid and
// indeterminate, each reached by a real credential; recognition from the trusted-issuers
// list, DCC registries (files and URLs, through the guarded fetcher) and combinations.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sendJson, startServer, type LocalServer } from '../packages/guarded-fetch/src/testing/local-server.js';
import { generateIssuerKey, signPresentation } from '@laurel/suites';
import { createIssuerRecognizer, loadIssuerRecognizer, loadVerifierConfig, urlIssuerRegistry, type KnownIssuer } from '@laurel/verifier-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIssuingFixture,
  createSelfIssuer,
  createTestVerifier,
  FORGED_ISSUER_NAME,
  signSelfProclaimedHarvard,
  type IssuingFixture,
  type TestVerifierOptions,
} from './support/verifier.js';

describe('verifier: the verdict', () => {
  let fixture: IssuingFixture;
  let credential: Record<string, any>;
  let dir: string;
  beforeAll(async () => {
    fixture = await createIssuingFixture();
    credential = await fixture.issue();
    dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-verdict-'));
  });
  afterAll(async () => {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function verifyWith(options: TestVerifierOptions, document: unknown = credential) {
    const verifier = createTestVerifier({ store: fixture.issuer.store, ...options });
    try {
      return await verifier.verify(document);
    } finally {
      await verifier.close();
    }
  }

  function file(name: string, json: unknown): string {
    const target = path.join(dir, name);
    writeFileSync(target, JSON.stringify(json));
    return target;
  }

  /** A registry.json as the DCC publishes it. */
  const dccRegistry = (entries: Record<string, { name: string; url?: string; location?: string }>, key: 'registry' | 'entries' = 'registry') => ({
    meta: { created: '2026-01-01T00:00:00+00:00', updated: '2026-02-01T00:00:00+00:00' },
    [key]: entries,
  });

  describe('each verdict', () => {
    it('trusted: every check passed and the issuer is on the trusted-issuers list', async () => {
      const known: KnownIssuer = { id: fixture.did, name: 'Example University (as listed)', url: 'https://example.edu' };
      const { status, body } = await verifyWith({ trustedIssuers: new Map([[known.id, known]]) });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        verdict: 'trusted',
        verified: true,
        recognition: { checked: true, recognized: true, id: fixture.did, name: known.name, url: known.url, sources: [{ type: 'trusted-issuers' }] },
      });
    });

    it('unrecognized-issuer: a self-signed did:key calling itself Harvard is authentic, but nobody here knows it', async () => {
      const forged = await signSelfProclaimedHarvard();
      const { status, body } = await verifyWith({}, forged.credential);
      // Authentic (every check passed), so still 200 and verified; the verdict says what that is worth.
      expect(status).toBe(200);
      expect(body.verified).toBe(true);
      expect(body.verdict).toBe('unrecognized-issuer');
      expect(body.recognition).toEqual({ checked: true, recognized: false, id: forged.did, claimedName: FORGED_ISSUER_NAME, domains: [], sources: [], notes: [] });
      // The claimed name never becomes the recognised one.
      expect(body.recognition).not.toHaveProperty('name');
    });

    it('invalid: a credential changed after signing; its issuer is not looked up', async () => {
      const tampered = structuredClone(credential);
      tampered.credentialSubject.achievement.name = 'Doctor of Medicine';
      const known: KnownIssuer = { id: fixture.did, name: 'Example University' };
      const { status, body } = await verifyWith({ trustedIssuers: new Map([[known.id, known]]) }, tampered);
      expect(status).toBe(400);
      expect(body.verdict).toBe('invalid');
      expect(body.checks.find((check: { check: string }) => check.check === 'proof').status).toBe('invalid');
      // Even though the DID it names is listed: that DID did not sign this.
      expect(body.recognition).toMatchObject({ checked: false, recognized: false, id: fixture.did });
    });

    it('invalid wins over recognition: a revoked credential from a listed issuer', async () => {
      const revoked = await fixture.issue();
      await fixture.setStatus(revoked.id, 'revoked');
      const known: KnownIssuer = { id: fixture.did, name: 'Example University' };
      const { status, body } = await verifyWith({ trustedIssuers: new Map([[known.id, known]]) }, revoked);
      expect(status).toBe(400);
      expect(body.verdict).toBe('invalid');
      expect(body.recognition).toMatchObject({ checked: true, recognized: true });
    });

    it('indeterminate: nothing failed, but its remote status list could not be read', async () => {
      const self = await createSelfIssuer();
      const badge = await self.signBadge([{ url: 'https://lists.unreachable.test/1', purpose: 'revocation' }]);
      const { status, body } = await verifyWith({ trustedIssuers: new Map([[self.did, { id: self.did, name: 'Known but unreachable' }]]) }, badge);
      expect(status).toBe(400);
      expect(body.checks.every((check: { status: string }) => check.status !== 'invalid')).toBe(true);
      expect(body.checks.find((check: { check: string }) => check.check === 'status').status).toBe('unknown');
      expect(body.verdict).toBe('indeterminate');
    });
  });

  it('a presentation: each credential gets its verdict and issuer; the top-level verdict is the worst, and a bad presentation proof is invalid', async () => {
    const holder = await generateIssuerKey();
    const forged = await signSelfProclaimedHarvard();
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [credential, forged.credential] },
      { key: holder, challenge: 'c-13', domain: 'verdict.test' },
    );
    const known: KnownIssuer = { id: fixture.did, name: 'Example University' };
    const verifier = createTestVerifier({ store: fixture.issuer.store, trustedIssuers: new Map([[known.id, known]]) });
    const post = async (challenge: string) => {
      const response = await verifier.app.request('/presentations/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiablePresentation: presentation, options: { challenge, domain: 'verdict.test' } }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    try {
      const good = await post('c-13');
      expect(good.status).toBe(200);
      expect(good.body.verdict).toBe('unrecognized-issuer');
      expect(good.body.credentials).toEqual([
        { verdict: 'trusted', recognition: expect.objectContaining({ recognized: true, name: 'Example University' }) },
        { verdict: 'unrecognized-issuer', recognition: expect.objectContaining({ recognized: false, claimedName: FORGED_ISSUER_NAME }) },
      ]);
      const replayed = await post('another-challenge');
      expect(replayed.status).toBe(400);
      expect(replayed.body.verdict).toBe('invalid');
    } finally {
      await verifier.close();
    }
  });

  describe('DCC issuer registries', () => {
    it('a registry file (the "registry" map the Learner Credential Wallet reads) recognises the DID, with its name and location', async () => {
      const registryFile = file('dcc.json', dccRegistry({ [fixture.did]: { name: 'Example University (DCC)', url: 'https://example.edu', location: 'Cambridge, MA, USA' } }));
      const issuerRecognizer = await loadIssuerRecognizer(
        loadVerifierConfig({ ISSUER_REGISTRIES: JSON.stringify([{ name: 'DCC Test Registry', file: registryFile }]), ISSUER_DOMAIN_LINKAGE: 'false' }),
        async () => {
          throw new Error('no fetch expected');
        },
      );
      const { status, body } = await verifyWith({ issuerRecognizer });
      expect(status).toBe(200);
      expect(body.verdict).toBe('trusted');
      expect(body.recognition).toMatchObject({
        recognized: true,
        name: 'Example University (DCC)',
        url: 'https://example.edu',
        location: 'Cambridge, MA, USA',
        sources: [{ type: 'registry', name: 'DCC Test Registry' }],
      });
    });

    it('the older "entries" form reads the same; a DID on no registry stays unrecognised', async () => {
      const registryFile = file('dcc-old.json', dccRegistry({ 'did:web:elsewhere.example': { name: 'Elsewhere' } }, 'entries'));
      const config = loadVerifierConfig({ ISSUER_REGISTRIES: JSON.stringify([{ name: 'Old', file: registryFile }]), ISSUER_DOMAIN_LINKAGE: 'false' });
      const issuerRecognizer = await loadIssuerRecognizer(config, async () => ({}));
      const { body } = await verifyWith({ issuerRecognizer });
      expect(body.verdict).toBe('unrecognized-issuer');
      await expect(issuerRecognizer.recognize('did:web:elsewhere.example', { documentLoader: async () => ({}) as never, now: new Date() })).resolves.toMatchObject({ recognized: true, name: 'Elsewhere' });
    });

    it('sources combine: the trusted-issuers list names the issuer first, and every source that knows it is reported', async () => {
      const registryFile = file('both.json', dccRegistry({ [fixture.did]: { name: 'Name in the registry' } }));
      const trustedFile = file('trusted.json', [{ id: fixture.did, name: 'Name in our own list' }]);
      const config = loadVerifierConfig({ TRUSTED_ISSUERS_FILE: trustedFile, ISSUER_REGISTRIES: JSON.stringify([{ name: 'Registry A', file: registryFile }]), ISSUER_DOMAIN_LINKAGE: 'false' });
      const { body } = await verifyWith({ issuerRecognizer: await loadIssuerRecognizer(config, async () => ({})) });
      expect(body.recognition).toMatchObject({
        name: 'Name in our own list',
        sources: [
          { type: 'trusted-issuers', name: "this verifier's list of trusted issuers" },
          { type: 'registry', name: 'Registry A' },
        ],
      });
    });

    it('a malformed registry file stops start-up, naming the file; so does ISSUER_REGISTRIES that is not JSON', async () => {
      const bad = file('bad.json', { registry: { 'did:key:z6Mk': { url: 'https://no-name.example' } } });
      await expect(loadIssuerRecognizer(loadVerifierConfig({ ISSUER_REGISTRIES: JSON.stringify([{ name: 'Bad', file: bad }]) }), async () => ({}))).rejects.toThrow(bad);
      expect(() => loadVerifierConfig({ ISSUER_REGISTRIES: '[{"name": "x"' })).toThrow(/ISSUER_REGISTRIES/);
      expect(() => loadVerifierConfig({ ISSUER_REGISTRIES: JSON.stringify([{ name: 'No source' }]) })).toThrow(/ISSUER_REGISTRIES/);
    });

    describe('from a URL, through the guarded fetcher', () => {
      let server: LocalServer;
      let served: unknown;
      beforeAll(async () => {
        server = await startServer((request, response) => {
          if (served === undefined) {
            response.writeHead(503).end();
            return;
          }
          sendJson(response, served);
        });
      });
      afterAll(() => server.close());

      it('is fetched once, used until the refresh period ends, and kept through a failed refresh', async () => {
        served = dccRegistry({ [fixture.did]: { name: 'Example University (remote registry)' } });
        let clock = 0;
        const verifier = createTestVerifier({ store: fixture.issuer.store, fetch: { allowHttp: true, allowLoopback: true } });
        const fetchJson = verifier.fetcher.asJsonFetcher();
        const registry = urlIssuerRegistry('Remote', server.url('/registry.json'), { fetchJson, refreshMs: 60_000, now: () => clock });
        const recognizer = createIssuerRecognizer({ registries: [registry] });
        const lookup = () => recognizer.recognize(fixture.did, { documentLoader: async () => ({}) as never, now: new Date() });
        try {
          const before = server.requests.length;
          await expect(Promise.all([lookup(), lookup()])).resolves.toEqual([
            expect.objectContaining({ recognized: true, name: 'Example University (remote registry)' }),
            expect.objectContaining({ recognized: true }),
          ]);
          clock = 59_999;
          await lookup();
          expect(server.requests.length - before).toBe(1);
          // Past the period, fetched again; the registry now fails, so the last good copy stays.
          served = undefined;
          clock = 60_000;
          await expect(lookup()).resolves.toMatchObject({ recognized: true, notes: [] });
          expect(server.requests.length - before).toBe(2);
        } finally {
          await verifier.close();
        }
      });

      it('end to end: the verify route recognises the issuer from a registry URL', async () => {
        served = dccRegistry({ [fixture.did]: { name: 'Example University (remote registry)' } });
        const verifier = createTestVerifier({ store: fixture.issuer.store, fetch: { allowHttp: true, allowLoopback: true } });
        const registry = urlIssuerRegistry('Remote', server.url('/registry.json'), { fetchJson: verifier.fetcher.asJsonFetcher(), refreshMs: 60_000 });
        const withRegistry = createTestVerifier({ store: fixture.issuer.store, issuerRecognizer: createIssuerRecognizer({ registries: [registry] }) });
        try {
          const { status, body } = await withRegistry.verify(credential);
          expect(status).toBe(200);
          expect(body).toMatchObject({ verdict: 'trusted', recognition: { name: 'Example University (remote registry)', sources: [{ type: 'registry', name: 'Remote' }] } });
        } finally {
          await withRegistry.close();
          await verifier.close();
        }
      });

      it('never loaded: the issuer is not recognised, the report says the registry could not be consulted, and it is not refetched at once', async () => {
        served = undefined;
        let clock = 0;
        const verifier = createTestVerifier({ store: fixture.issuer.store, fetch: { allowHttp: true, allowLoopback: true } });
        const registry = urlIssuerRegistry('Down', server.url('/down.json'), { fetchJson: verifier.fetcher.asJsonFetcher(), refreshMs: 60_000, now: () => clock });
        const withRegistry = createTestVerifier({ store: fixture.issuer.store, issuerRecognizer: createIssuerRecognizer({ registries: [registry] }) });
        try {
          const before = server.requests.length;
          const { status, body } = await withRegistry.verify(credential);
          expect(status).toBe(200);
          expect(body.verdict).toBe('unrecognized-issuer');
          expect(body.recognition.notes).toEqual([expect.stringContaining('Could not load the issuer registry "Down"')]);
          clock = 1_000;
          expect((await withRegistry.verify(credential)).body.recognition.notes).toEqual([expect.stringContaining('"Down"')]);
          expect(server.requests.length - before).toBe(1);
        } finally {
          await withRegistry.close();
          await verifier.close();
        }
      });
    });
  });

  it('/openapi.json documents the verdict and the issuer recognition', async () => {
    const verifier = createTestVerifier();
    try {
      const document = (await (await verifier.app.request('/openapi.json')).json()) as any;
      const result = document.components.schemas.VerificationResult;
      expect(result.required).toContain('verdict');
      expect(document.components.schemas.Verdict).toMatchObject({ enum: ['trusted', 'unrecognized-issuer', 'invalid', 'indeterminate'], description: expect.stringContaining('unrecognized-issuer') });
      expect(document.components.schemas.IssuerRecognition.properties.claimedName.description).toMatch(/never verified/);
    } finally {
      await verifier.close();
    }
  });
});
