import { LaurelError } from '@laurel/models';

/**
 * A VC-API exchange refusal. It carries its HTTP status because the codes
 * are the wallet protocol's own, answered by the wallet routes rather than
 * the service-wide problem table.
 */
export class ExchangeError extends LaurelError {
  constructor(
    code: string,
    readonly status: 400 | 404 | 409 | 410,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

/** The OAuth 2.0 / OpenID4VCI error codes Laurel answers with (RFC 6749 §5.2, OID4VCI §6.3, §8.3.1). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_token'
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'credential_request_denied';

/** An OID4VCI refusal, answered as `{"error": code, "error_description": …}` exactly as the spec names it. */
export class OAuthError extends LaurelError {
  constructor(
    readonly error: OAuthErrorCode,
    readonly status: 400 | 401,
    readonly description: string,
  ) {
    super(`OAUTH_${error.toUpperCase()}`, description, { error });
  }
}
