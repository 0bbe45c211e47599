// Every 1EdTech Open Badges 3.0 sample through POST /credentials/verify: a
// complete per-check report, never a 5xx. The verifier has no network here
// (no DNS), so did:web keys and remote status lists are "could not check".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceDir, conformanceMissing, readConformanceJson } from './support/conformance.js';
import { createTestVerifier } from './support/verifier.js';

const CHECKS = ['proof', 'validity', 'status', 'issuer', 'schema'];
const samplesDir = conformanceMissing ? undefined : path.join(conformanceDir()!, 'ob3/samples');
const samples = samplesDir ? readdirSync(samplesDir).filter((file) => file.endsWith('.json')) : [];

describe.skipIf(conformanceMissing)('verifier: 1EdTech samples', () => {
  const verifier = createTestVerifier({ now: () => new Date('2026-06-01T00:00:00Z') });
  afterAll(() => verifier.close());

  it('there are samples to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(samples)('%s gets a full report', async (file) => {
    const result = await verifier.verify(await readConformanceJson(`ob3/samples/${file}`));
    expect([200, 400]).toContain(result.status);
    expect(result.body.checks.map((check: { check: string }) => check.check)).toEqual(CHECKS);
    for (const check of result.body.checks) {
      expect(['valid', 'invalid', 'unknown'], check.check).toContain(check.status);
      expect(check.reason.length, check.check).toBeGreaterThan(10);
      if (check.status !== 'valid') expect(check.code, `${check.check}: ${check.reason}`).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
    expect(result.body.errors).toEqual(result.body.checks.filter((check: { status: string }) => check.status !== 'valid'));
    // None of the samples can be fully checked offline; "unknown" never adds up to verified.
    expect(result.body.verified).toBe(false);
    expect(result.status).toBe(400);
  });

  it('the did:key sample: the signature checks out, its urn:uuid issuer cannot own the key', async () => {
    const result = await verifier.verify(await readConformanceJson('ob3/samples/simple-did-key-method.json'));
    expect(result.body.checks.find((check: { check: string }) => check.check === 'proof').status).toBe('valid');
    expect(result.body.checks.find((check: { check: string }) => check.check === 'issuer').status).toBe('invalid');
  });

  it('the eddsa-2022 sample: the API and the page warn about the legacy cryptosuite name; the did:key sample does not', async () => {
    const legacy = /legacy ("|&quot;)eddsa-2022("|&quot;) cryptosuite name/;
    const legacySample = await readConformanceJson('ob3/samples/simple-eddsa-2022.json');
    const api = await verifier.verify(legacySample);
    expect(api.body.warnings.filter((warning: string) => legacy.test(warning))).toHaveLength(1);
    // Recognised as eddsa-2022; offline its https key cannot be looked up.
    expect(api.body.checks.find((check: { check: string }) => check.check === 'proof')).toMatchObject({ status: 'unknown', code: 'KEY_NOT_RESOLVED' });
    const current = await verifier.verify(await readConformanceJson('ob3/samples/simple-did-key-method.json'));
    expect(current.body.warnings.filter((warning: string) => legacy.test(warning))).toEqual([]);

    const page = await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(legacySample) }) });
    const warnings = [...(await page.text()).matchAll(/<p class="warning">(.*?)<\/p>/g)].map((match) => match[1]!);
    expect(warnings.filter((warning) => legacy.test(warning))).toHaveLength(1);
  });

  it('the verify page renders every sample', async () => {
    for (const file of samples) {
      const credential = await readConformanceJson(`ob3/samples/${file}`);
      const response = await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(credential) }) });
      expect(response.status, file).toBe(200);
      expect(await response.text(), file).toMatch(/This credential (is NOT valid|could not be fully checked)\./);
    }
  });
});
