// Reproduces the W3C Data Integrity EdDSA test vectors and the 1EdTech Open
// Badges 3.0 Linked Data Proof vector step by step. Signing is deterministic,
// so every intermediate value and the final proofValue must match exactly.
import { createHash, createPublicKey, verify as verifyEd25519 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import * as base58 from 'base58-universal';
import { importIssuerKey, signCredential, verifyCredential } from '@laurel/suites';
import { conformanceMissing, readConformanceJson, readConformanceText } from '../../../test/support/conformance.js';
import { testDocumentLoader } from '../../../test/support/loaders.js';

type Json = Record<string, unknown>;
const VECTORS = 'w3c-vc-di-eddsa/TestVectors';
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const loader = testDocumentLoader();

async function canonize(document: unknown): Promise<string> {
  return jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader: loader, safe: true });
}

/** Ed25519 verification with Node's own crypto: independent of the stock suites. */
function nodeVerify(publicKeyMultibase: string, data: Buffer, signature: Uint8Array): boolean {
  const raw = base58.decode(publicKeyMultibase.slice(1)).slice(2); // strip multicodec 0xed01
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(raw)]);
  return verifyEd25519(null, data, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

const suites = [
  { name: 'eddsa-rdfc-2022' as const, folder: 'eddsa-rdfc-2022', tag: 'DataInt' },
  { name: 'Ed25519Signature2020' as const, folder: 'Ed25519Signature2020', tag: 'EdSig' },
];

describe.skipIf(conformanceMissing)('W3C vc-di-eddsa test vectors', () => {
  for (const suite of suites) {
    describe(suite.name, () => {
      const file = (step: string) => `${VECTORS}/${suite.folder}/${step}${suite.tag}`;

      it('canonicalizes the document and the proof options to the published N-Quads and hashes', async () => {
        const unsigned = await readConformanceJson(`${VECTORS}/unsigned.json`);
        const proofConfig = await readConformanceJson(`${file('proofConfig')}.json`);
        const canonicalDocument = await canonize(unsigned);
        const canonicalProof = await canonize(proofConfig);
        expect(canonicalDocument).toBe(await readConformanceText(`${file('canonDoc')}.txt`));
        expect(canonicalProof).toBe(await readConformanceText(`${file('proofCanon')}.txt`));
        expect(sha256Hex(canonicalDocument)).toBe((await readConformanceText(`${file('docHash')}.txt`)).trim());
        expect(sha256Hex(canonicalProof)).toBe((await readConformanceText(`${file('proofHash')}.txt`)).trim());
      });

      it('signs to exactly the published proofValue and signed credential', async () => {
        const unsigned = await readConformanceJson(`${VECTORS}/unsigned.json`);
        const keyPair = await readConformanceJson(`${VECTORS}/keyPair.json`);
        const proofConfig = await readConformanceJson(`${file('proofConfig')}.json`);
        const expected = await readConformanceJson(`${file('signed')}.json`);
        // The vector's issuer is an https URL that we treat as the controller of the did:key method.
        const key = await importIssuerKey({ ...keyPair, id: proofConfig.verificationMethod, controller: unsigned.issuer });
        const signed = await signCredential(unsigned, { key, suite: suite.name, created: String(proofConfig.created), documentLoader: loader });
        expect(signed).toEqual(expected);

        const combinedHash = (await readConformanceText(`${file('combinedHash')}.txt`)).trim();
        const signature = base58.decode(String((signed.proof as Json).proofValue).slice(1));
        expect(Buffer.from(signature).toString('hex')).toBe((await readConformanceText(`${file('sigHex')}.txt`)).trim());
        expect(nodeVerify(String(keyPair.publicKeyMultibase), Buffer.from(combinedHash, 'hex'), signature)).toBe(true);
      });

      it('verifies the published signed credential, and names the issuer problem', async () => {
        const signed = await readConformanceJson(`${file('signed')}.json`);
        const result = await verifyCredential(signed, { documentLoader: loader, now: new Date('2024-01-01T00:00:00Z') });
        expect(result.checks.proof.status).toBe('valid');
        expect(result.checks.validity.status).toBe('valid');
        // The vector's issuer (an https URL) does not control the did:key that signed it.
        expect(result.checks.issuer).toMatchObject({ status: 'invalid', code: 'ISSUER_DID_NOT_SIGN' });
        expect(result.verified).toBe(false);
      });
    });
  }
});

describe.skipIf(conformanceMissing)('W3C proof sets and proof chains', () => {
  const folder = `${VECTORS}/proof-set-chain`;
  const now = new Date('2024-01-01T00:00:00Z');

  for (const name of ['signedProofSet1', 'signedProofSet2', 'signedProofChain1', 'signedProofChain2']) {
    it(`verifies every proof of ${name}`, async () => {
      const signed = await readConformanceJson(`${folder}/${name}.json`);
      const result = await verifyCredential(signed, { documentLoader: loader, now });
      const proofCount = Array.isArray(signed.proof) ? signed.proof.length : 1;
      expect(result.proofs).toHaveLength(proofCount);
      expect(result.proofs.map((proof) => proof.status)).toEqual(Array(proofCount).fill('valid'));
      expect(result.checks.proof.status).toBe('valid');
    });
  }

  it('rejects a chained proof whose previous proof was altered', async () => {
    const signed = await readConformanceJson(`${folder}/signedProofChain2.json`);
    const proofs = signed.proof as Json[];
    const tampered = { ...signed, proof: proofs.map((proof, i) => (i === 2 ? { ...proof, created: '2023-02-27T22:06:38Z' } : proof)) };
    const result = await verifyCredential(tampered, { documentLoader: loader, now });
    // Proof 2 itself is now wrong, and proof 3 covered proof 2, so both fail.
    expect(result.proofs.map((proof) => proof.status)).toEqual(['valid', 'valid', 'invalid', 'invalid']);
    expect(result.checks.proof.status).toBe('invalid');
  });

  it('rejects a chain that names a previous proof that is not there', async () => {
    const signed = await readConformanceJson(`${folder}/signedProofChain2.json`);
    const proofs = (signed.proof as Json[]).filter((proof) => proof.id !== 'urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23');
    const result = await verifyCredential({ ...signed, proof: proofs }, { documentLoader: loader, now });
    expect(result.proofs.at(-1)).toMatchObject({ status: 'invalid', code: 'BROKEN_PROOF_CHAIN' });
  });
});

describe.skipIf(conformanceMissing)('1EdTech Open Badges 3.0 Linked Data Proof vector', () => {
  const folder = 'ob3/ldp-test-vector';

  it('reproduces the canonical document, hashes, signature and proofValue', async () => {
    const vector = await readConformanceJson(`${folder}/vector.json`);
    const unsigned = await readConformanceJson(`${folder}/unsigned.json`);
    const options = vector.proofOptions as Json;
    expect(await canonize(unsigned)).toBe(await readConformanceText(`${folder}/document-canon.txt`));
    expect(sha256Hex(await readConformanceText(`${folder}/document-canon.txt`))).toBe(vector.documentHashHex);
    expect(sha256Hex(await readConformanceText(`${folder}/proof-canon.txt`))).toBe(vector.proofHashHex);

    const key = await importIssuerKey({
      id: vector.verificationMethod,
      controller: vector.controller,
      publicKeyMultibase: vector.publicKeyMultibase,
      secretKeyMultibase: vector.secretKeyMultibase,
    });
    const signed = await signCredential(unsigned, { key, created: String(options.created), documentLoader: loader });
    const proof = signed.proof as Json;
    expect(proof).toMatchObject({ ...options, proofValue: vector.proofValue });
    const signature = Buffer.from(base58.decode(String(proof.proofValue).slice(1))).toString('hex');
    expect(signature).toBe(vector.signatureHex);

    // With the issuer's documents supplied (they live at https URLs we never fetch), everything checks out.
    const method = { '@context': 'https://w3id.org/security/multikey/v1', id: vector.verificationMethod, type: 'Multikey', controller: vector.controller, publicKeyMultibase: vector.publicKeyMultibase };
    const controllerDocument = { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: vector.controller, assertionMethod: [method] };
    const withIssuerDocuments = testDocumentLoader({ [String(vector.verificationMethod)]: method, [String(vector.controller)]: controllerDocument });
    const result = await verifyCredential(signed, { documentLoader: withIssuerDocuments, now: new Date('2024-01-01T00:00:00Z') });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.checks.issuer.status).toBe('valid');

    // Offline, the issuer's https key cannot be looked up: "could not check", never "valid".
    const offline = await verifyCredential(signed, { documentLoader: loader, now: new Date('2024-01-01T00:00:00Z') });
    expect(offline.checks.proof).toMatchObject({ status: 'unknown', code: 'KEY_NOT_RESOLVED' });
    expect(offline.checks.issuer.status).toBe('unknown');
    expect(offline.verified).toBe(false);
  });
});
