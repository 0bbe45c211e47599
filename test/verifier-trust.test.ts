// The known-issuers registry: naming a listed issuer, and a warning (never a
// failure) for one that is not listed; the verdict says which (issue 13).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustedIssuers } from '@laurel/verifier-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuingFixture, createTestVerifier, ISSUER_NAME, type IssuingFixture } from './support/verifier.js';

const NOT_KNOWN = "not in this verifier's list of known issuers";

describe('verifier: known issuers', () => {
  let fixture: IssuingFixture;
  let credential: Record<string, any>;
  let dir: string;
  beforeAll(async () => {
    fixture = await createIssuingFixture();
    credential = await fixture.issue();
    dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-trust-'));
  });
  afterAll(async () => {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The registry is read the way main.ts reads it: from the TRUSTED_ISSUERS_FILE JSON.
  async function registry(entries: unknown[]) {
    const file = path.join(dir, `issuers-${entries.length}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(entries));
    return loadTrustedIssuers(file);
  }

  async function verifyWith(entries: unknown[]) {
    const verifier = createTestVerifier({ store: fixture.issuer.store, trustedIssuers: await registry(entries) });
    try {
      return await verifier.verify(credential);
    } finally {
      await verifier.close();
    }
  }

  it('a listed issuer is named in the report, with no warning', async () => {
    const known = { id: fixture.did, name: 'Example University (registry name)', url: 'https://example.edu' };
    const result = await verifyWith([known, { id: 'did:web:other.example', name: 'Other' }]);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ verified: true, verdict: 'trusted', issuer: known, warnings: [] });

    // The page names the registry's entry, which (unlike the credential's own issuer name) nobody can self-assert.
    const verifier = createTestVerifier({ store: fixture.issuer.store, trustedIssuers: await registry([known]) });
    const page = await (await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(credential) }) })).text();
    await verifier.close();
    expect(page).toContain('This credential is authentic and its issuer is recognised.');
    expect(page).toContain(`Issued by ${known.name} (source: this verifier&#39;s list of trusted issuers).`);
    expect(page).not.toContain('Warning:');
  });

  it('an unlisted issuer gets a warning, and is still verified', async () => {
    const result = await verifyWith([{ id: 'did:web:other.example', name: 'Other' }]);
    expect(result.status).toBe(200);
    expect(result.body.verified).toBe(true);
    expect(result.body.verdict).toBe('unrecognized-issuer');
    expect(result.body.errors).toEqual([]);
    expect(result.body).not.toHaveProperty('issuer');
    expect(result.body.warnings).toEqual([expect.stringContaining(NOT_KNOWN)]);
    expect(result.body.warnings[0]).toContain(fixture.did);
  });

  it('with no registry configured there is nothing to warn about', async () => {
    const result = await verifyWith([]);
    // Nothing to warn about, but nothing recognises the issuer either.
    expect(result.body).toMatchObject({ verified: true, verdict: 'unrecognized-issuer', warnings: [] });
  });

  it('the verify page says the same', async () => {
    const verifier = createTestVerifier({ store: fixture.issuer.store, trustedIssuers: await registry([{ id: 'did:web:other.example', name: 'Other' }]) });
    try {
      const response = await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(credential) }) });
      const page = await response.text();
      expect(page).toContain('This credential is authentic, but its issuer is NOT recognised.');
      expect(page).toContain(NOT_KNOWN.replace("'", '&#39;'));
      // The credential's own issuer name only as a claim.
      expect(page).toContain(`who claims to be <span class="claim-mark">claimed, not verified</span><q>${ISSUER_NAME}</q>`);
    } finally {
      await verifier.close();
    }
  });
});
