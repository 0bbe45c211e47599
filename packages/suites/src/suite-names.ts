import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsa2022 } from '@digitalbazaar/eddsa-2022-cryptosuite';
import type { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { CONTEXT_URLS } from '@laurel/contexts';
import { SigningError } from './errors.js';
import {
  ed25519Signature2020SigningSuite,
  ed25519Signature2020VerifyingSuite,
  rdfc2022SigningSuite,
  rdfc2022VerifyingSuite,
} from './fast-suites.js';
import type { Signer } from './key-objects.js';
import { valuesOf } from './json.js';

/** The proof suites Laurel signs with (and verifies). */
export const SUITES = ['eddsa-rdfc-2022', 'Ed25519Signature2020'] as const;
export type SuiteName = (typeof SUITES)[number];

/**
 * Suites Laurel verifies but never signs with: `eddsa-2022` is the name the
 * cryptosuite had before the W3C spec renamed it eddsa-rdfc-2022 (2023). OB 3.0
 * issuers of that year used it, so their badges should still verify; a new
 * signature under the old name would only make more credentials others reject.
 */
export const VERIFY_ONLY_SUITES = ['eddsa-2022'] as const;
export type VerifiableSuiteName = SuiteName | (typeof VERIFY_ONLY_SUITES)[number];

/** A stock suite instance; kept opaque so stock types do not leak into our API. */
export type StockSuite = DataIntegrityProof | Ed25519Signature2020;

export function signingSuite(name: SuiteName, signer: Signer, created?: string): StockSuite {
  // Callers in plain JavaScript (or with a name from a config file) get past the type.
  if (!(SUITES as readonly string[]).includes(name)) {
    const why = (VERIFY_ONLY_SUITES as readonly string[]).includes(name)
      ? `"${name}" is a pre-standard cryptosuite name Laurel only verifies; sign with eddsa-rdfc-2022`
      : `"${String(name)}" is not a suite Laurel signs with (${SUITES.join(', ')})`;
    throw new SigningError('UNSUPPORTED_SUITE', `Cannot sign: ${why}.`, { suite: name });
  }
  if (name === 'eddsa-rdfc-2022') return rdfc2022SigningSuite(signer, created);
  return ed25519Signature2020SigningSuite(signer, created);
}

/** Which suite made a proof, or undefined when Laurel cannot verify that kind of proof. */
export function suiteOfProof(proof: Record<string, unknown>): VerifiableSuiteName | undefined {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') return 'eddsa-rdfc-2022';
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022') return 'eddsa-2022';
  if (proof.type === 'Ed25519Signature2020') return 'Ed25519Signature2020';
  return undefined;
}

/** A note for a proof that verifies under a name other verifiers may not accept; undefined for current names. */
export function suiteWarning(name: VerifiableSuiteName): string | undefined {
  if (name !== 'eddsa-2022') return undefined;
  return 'The credential uses the legacy "eddsa-2022" cryptosuite name (renamed eddsa-rdfc-2022 in the W3C standard); current verifiers may reject it.';
}

// The stock class takes `legacyContext`; the shared vendor typings do not declare it.
const LegacyCapableDataIntegrityProof = DataIntegrityProof as unknown as new (options: {
  cryptosuite: unknown;
  legacyContext: boolean;
}) => DataIntegrityProof;

/**
 * eddsa-2022 proofs come from data-integrity 1.x signers, which canonicalized the
 * proof options under the data-integrity v1 context. The stock verifier adds its
 * own context to the proof options when the document has neither it nor VC 2.0:
 * adding v2 next to a document's v1 redefines protected terms and fails, so v2 is
 * used only when the document itself carries it. The legacy canonize (URDNA2015,
 * its own jsonld 8) is not memoized: the memo is keyed by input, not by algorithm,
 * and would hand one suite's output to the other.
 */
function verifyingEddsa2022(context: unknown): DataIntegrityProof {
  const legacyContext = !valuesOf(context).includes(CONTEXT_URLS.DATA_INTEGRITY_V2);
  return new LegacyCapableDataIntegrityProof({ cryptosuite: eddsa2022, legacyContext });
}

/**
 * A fresh verifying instance per proof: the stock classes cache the document hash
 * per instance. `context` is the secured document's `@context`.
 */
export function verifyingSuite(name: VerifiableSuiteName, context: unknown): StockSuite {
  if (name === 'eddsa-rdfc-2022') return rdfc2022VerifyingSuite();
  if (name === 'eddsa-2022') return verifyingEddsa2022(context);
  return ed25519Signature2020VerifyingSuite();
}
