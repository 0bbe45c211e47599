// Every 1EdTech sample credential gets a complete per-check report. Samples
// whose keys live at https URLs cannot be checked offline: those must say
// "could not check", never "valid".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_CHECKS, verifyCredential } from '@laurel/suites';
import { conformanceDir, conformanceMissing, readConformanceJson } from './support/conformance.js';

const now = new Date('2026-06-01T00:00:00Z');
const samplesDir = conformanceMissing ? undefined : path.join(conformanceDir()!, 'ob3/samples');
const samples = samplesDir ? readdirSync(samplesDir).filter((file) => file.endsWith('.json')) : [];

// What an offline verifier can honestly say about each sample.
const expected: Record<string, Partial<Record<(typeof CREDENTIAL_CHECKS)[number], string>>> = {
  'complete.json': { proof: 'unknown', issuer: 'unknown', status: 'unknown', schema: 'valid', validity: 'valid' },
  'endorsement-valid.json': { proof: 'unknown', issuer: 'unknown', status: 'valid', validity: 'valid' },
  // Signed with a did:key, but the issuer is a urn:uuid that cannot control that key.
  'simple-did-key-method.json': { proof: 'valid', issuer: 'invalid', schema: 'valid', validity: 'valid' },
  'simple-did-web-method.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
  // The pre-standard "eddsa-2022" cryptosuite name is not one Laurel verifies.
  'simple-eddsa-2022.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
  'simple-multiple-proofs.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
  'simple-noproof.json': { proof: 'invalid', issuer: 'invalid' },
  'simple.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
};

describe.skipIf(conformanceMissing)('1EdTech Open Badges 3.0 samples', () => {
  it('are all known to this test', () => {
    expect(samples.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(samples)('%s gets a full report', async (file) => {
    const credential = await readConformanceJson(`ob3/samples/${file}`);
    const result = await verifyCredential(credential, { now });
    for (const name of CREDENTIAL_CHECKS) {
      expect(['valid', 'invalid', 'unknown'], name).toContain(result.checks[name].status);
      expect(result.checks[name].reason.length, name).toBeGreaterThan(10);
    }
    expect(Object.fromEntries(Object.entries(result.checks).map(([name, check]) => [name, check.status]))).toMatchObject(expected[file]!);
    // Nothing that could not be checked may add up to "verified".
    expect(result.verified).toBe(false);
  });

  it('the did:key sample is good cryptography: change one value and the proof fails', async () => {
    const credential = await readConformanceJson('ob3/samples/simple-did-key-method.json');
    const subject = credential.credentialSubject as Record<string, Record<string, unknown>>;
    subject.achievement!.name = 'Something else';
    expect((await verifyCredential(credential, { now })).checks.proof.status).toBe('invalid');
  });
});
