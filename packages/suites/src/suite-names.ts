import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { Ed25519MultikeyPair } from '@digitalbazaar/ed25519-multikey';
import { memoizeCanonize } from './canonical-memo.js';

/** The proof suites Laurel signs and verifies with. */
export const SUITES = ['eddsa-rdfc-2022', 'Ed25519Signature2020'] as const;
export type SuiteName = (typeof SUITES)[number];

/** A stock suite instance; kept opaque so stock types do not leak into our API. */
export type StockSuite = DataIntegrityProof | Ed25519Signature2020;

export function signingSuite(name: SuiteName, keyPair: Ed25519MultikeyPair, created?: string): StockSuite {
  if (name === 'eddsa-rdfc-2022') {
    return new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, ...(created ? { date: created } : {}) });
  }
  return new Ed25519Signature2020({ key: keyPair, ...(created ? { date: created } : {}) });
}

/** Which suite made a proof, or undefined when Laurel cannot verify that kind of proof. */
export function suiteOfProof(proof: Record<string, unknown>): SuiteName | undefined {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') return 'eddsa-rdfc-2022';
  if (proof.type === 'Ed25519Signature2020') return 'Ed25519Signature2020';
  return undefined;
}

/** The stock cryptosuite with canonicalization remembered (see canonical-memo.ts); verification only. */
const verifyingEddsaRdfc2022 = {
  ...(eddsaRdfc2022 as Record<string, unknown>),
  canonize: memoizeCanonize((eddsaRdfc2022 as { canonize: Parameters<typeof memoizeCanonize>[0] }).canonize),
};

/** A fresh verifying instance per proof: the stock classes cache the document hash per instance. */
export function verifyingSuite(name: SuiteName): StockSuite {
  return name === 'eddsa-rdfc-2022' ? new DataIntegrityProof({ cryptosuite: verifyingEddsaRdfc2022 }) : new Ed25519Signature2020();
}
