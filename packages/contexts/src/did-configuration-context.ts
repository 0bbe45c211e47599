/**
 * The DIF Well Known DID Configuration context, as identity.foundation serves it at
 * https://identity.foundation/.well-known/did-configuration/v1 (the published document,
 * which maps its terms under .../resources/did-configuration/). No npm package carries
 * it, so it lives here: Domain Linkage Credentials use it, and the loader never fetches.
 */
export const DID_CONFIGURATION_V1_URL = 'https://identity.foundation/.well-known/did-configuration/v1';

export const didConfigurationV1 = {
  '@context': [
    {
      '@version': 1.1,
      '@protected': true,
      LinkedDomains: 'https://identity.foundation/.well-known/resources/did-configuration/#LinkedDomains',
      DomainLinkageCredential: 'https://identity.foundation/.well-known/resources/did-configuration/#DomainLinkageCredential',
      origin: 'https://identity.foundation/.well-known/resources/did-configuration/#origin',
      linked_dids: 'https://identity.foundation/.well-known/resources/did-configuration/#linked_dids',
    },
  ],
} as const;
