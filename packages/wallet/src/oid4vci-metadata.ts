import { CONTEXT_URLS } from '@laurel/contexts';
import { CREDENTIAL_CONFIGURATION_ID, PRE_AUTHORIZED_GRANT, type WalletDeps } from './deps.js';
import { credentialIssuerId } from './urls.js';

/** Where the logo named in the metadata is served. */
export function logoUrl(deps: Pick<WalletDeps, 'urls'>): string {
  return `${credentialIssuerId(deps)}/wallet/logo.svg`;
}

/**
 * `/.well-known/openid-credential-issuer` (OpenID4VCI 1.0 §12.2): one
 * configuration, an Open Badges 3.0 credential as a JSON-LD VC with a Data
 * Integrity proof, bound to a did:key or JWK proven by an
 * `openid4vci-proof+jwt`. Display data sits both where 1.0 puts it
 * (`credential_metadata`) and where earlier drafts did, for older wallets.
 */
export function credentialIssuerMetadata(deps: Pick<WalletDeps, 'urls'>): Record<string, unknown> {
  const issuer = credentialIssuerId(deps);
  const display = [{ name: 'Open Badge', locale: 'en', description: 'A verifiable Open Badges 3.0 achievement credential', logo: { uri: logoUrl(deps), alt_text: 'Laurel badge' }, background_color: '#1f4e3d', text_color: '#ffffff' }];
  return {
    credential_issuer: issuer,
    authorization_servers: [issuer],
    credential_endpoint: `${issuer}/credential`,
    nonce_endpoint: `${issuer}/nonce`,
    display: [{ name: new URL(issuer).host, locale: 'en', logo: { uri: logoUrl(deps), alt_text: 'Issuer logo' } }],
    credential_configurations_supported: {
      [CREDENTIAL_CONFIGURATION_ID]: {
        format: 'ldp_vc',
        cryptographic_binding_methods_supported: ['did:key', 'jwk'],
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022', 'Ed25519Signature2020'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
        credential_definition: {
          '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0],
          type: ['VerifiableCredential', 'OpenBadgeCredential'],
        },
        credential_metadata: { display },
        display,
      },
    },
  };
}

/** `/.well-known/oauth-authorization-server` (RFC 8414): the token endpoint for pre-authorized codes only. */
export function authorizationServerMetadata(deps: Pick<WalletDeps, 'urls'>): Record<string, unknown> {
  const issuer = credentialIssuerId(deps);
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}
