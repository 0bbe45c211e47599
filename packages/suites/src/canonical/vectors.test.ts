// The published canonical N-Quads of the W3C vc-di-eddsa vectors (§A, "Test
// Vectors") and the 1EdTech Open Badges 3.0 proof vector, reproduced by the
// compiled path itself (not by a fallback: a refusal fails the test).
import { describe, expect, it } from 'vitest';
import { conformanceMissing, readConformanceJson, readConformanceText } from '../../../../test/support/conformance.js';
import { testDocumentLoader } from '../../../../test/support/loaders.js';
import { fastCanonize, lastRefusalReason } from './canonize.js';

type Json = Record<string, unknown>;
const loader = testDocumentLoader();
const VECTORS = 'w3c-vc-di-eddsa/TestVectors';

async function compiled(document: Json): Promise<string | undefined> {
  const canonical = await fastCanonize(document, loader);
  expect(canonical, `refused: ${lastRefusalReason()}`).toBeDefined();
  return canonical;
}

describe.skipIf(conformanceMissing)('compiled canonical path on the published vectors', () => {
  it.each([
    ['eddsa-rdfc-2022', 'DataInt'],
    ['Ed25519Signature2020', 'EdSig'],
  ])('W3C vc-di-eddsa %s: document and proof options', async (folder, tag) => {
    const unsigned = await readConformanceJson(`${VECTORS}/unsigned.json`);
    const proofConfig = await readConformanceJson(`${VECTORS}/${folder}/proofConfig${tag}.json`);
    expect(await compiled(unsigned)).toBe(await readConformanceText(`${VECTORS}/${folder}/canonDoc${tag}.txt`));
    expect(await compiled(proofConfig)).toBe(await readConformanceText(`${VECTORS}/${folder}/proofCanon${tag}.txt`));
  });

  it('1EdTech Open Badges 3.0 Linked Data Proof vector: document and proof options', async () => {
    const folder = 'ob3/ldp-test-vector';
    const vector = await readConformanceJson(`${folder}/vector.json`);
    const unsigned = await readConformanceJson(`${folder}/unsigned.json`);
    expect(await compiled(unsigned)).toBe(await readConformanceText(`${folder}/document-canon.txt`));
    const proofOptions = { '@context': unsigned['@context'], ...(vector.proofOptions as Json) };
    expect(await compiled(proofOptions)).toBe(await readConformanceText(`${folder}/proof-canon.txt`));
  });
});
