import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as base58 from 'base58-universal';
import type { DocumentLoader } from '@laurel/contexts';
import { fastCanonize } from './canonical/index.js';
import { memoizeCanonize } from './canonical-memo.js';
import { cachedVerifier, type Signer } from './key-objects.js';

type Canonize = (input: unknown, options: Record<string, unknown>) => Promise<string>;

/**
 * The compiled canonical path first; the stock canonicalization for whatever
 * it refuses (and for any option other than the suites' own: base null, safe).
 */
function fastFirst(stock: Canonize): Canonize {
  return async (input, options) => {
    if (options.base != null || options.safe === false || typeof options.documentLoader !== 'function') return stock(input, options);
    return (await fastCanonize(input, options.documentLoader as DocumentLoader)) ?? stock(input, options);
  };
}

const stockRdfc2022 = eddsaRdfc2022 as { canonize: Canonize; createVerifier: unknown };

/** eddsa-rdfc-2022 for signing: same suite, compiled canonicalization. */
const signingRdfc2022 = { ...stockRdfc2022, canonize: fastFirst(stockRdfc2022.canonize) };

/**
 * eddsa-rdfc-2022 for verifying: compiled canonicalization, the stock one
 * remembered per input for documents the compiled path refuses (see
 * canonical-memo.ts), and public keys imported once.
 */
const verifyingRdfc2022 = {
  ...stockRdfc2022,
  canonize: fastFirst(memoizeCanonize(stockRdfc2022.canonize)),
  createVerifier: ({ verificationMethod }: { verificationMethod: Record<string, unknown> }) => cachedVerifier(verificationMethod),
};

export function rdfc2022SigningSuite(signer: Signer, created?: string): DataIntegrityProof {
  return new DataIntegrityProof({ signer, cryptosuite: signingRdfc2022, ...(created ? { date: created } : {}) });
}

export function rdfc2022VerifyingSuite(): DataIntegrityProof {
  return new DataIntegrityProof({ cryptosuite: verifyingRdfc2022 });
}

interface LinkedDataSignatureInternals {
  canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
  verifySignature(options: { verifyData: Uint8Array; verificationMethod: Record<string, unknown>; proof: Record<string, unknown> }): Promise<boolean>;
}

const stockEd2020Canonize = (Ed25519Signature2020.prototype as unknown as LinkedDataSignatureInternals).canonize;
const stockEd2020VerifySignature = (Ed25519Signature2020.prototype as unknown as LinkedDataSignatureInternals).verifySignature;

/** Ed25519Signature2020 with compiled canonicalization and cached public keys; otherwise the stock class. */
class FastEd25519Signature2020 extends Ed25519Signature2020 {
  canonize(input: unknown, options: Record<string, unknown>): Promise<string> {
    return fastFirst((value, opts) => stockEd2020Canonize.call(this, value, opts))(input, options);
  }

  async verifySignature(options: Parameters<LinkedDataSignatureInternals['verifySignature']>[0]): Promise<boolean> {
    const { proofValue } = options.proof;
    // Anything but the usual base58btc proofValue gets the stock checks and errors.
    if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) return stockEd2020VerifySignature.call(this, options);
    const verifier = await cachedVerifier(options.verificationMethod);
    return verifier.verify({ data: options.verifyData, signature: base58.decode(proofValue.slice(1)) });
  }
}

/** Given a signer and no key: the stock class would otherwise take the key's own (uncached) signer. */
export function ed25519Signature2020SigningSuite(signer: Signer, created?: string): Ed25519Signature2020 {
  return new FastEd25519Signature2020({ signer, ...(created ? { date: created } : {}) });
}

export function ed25519Signature2020VerifyingSuite(): Ed25519Signature2020 {
  return new FastEd25519Signature2020();
}
