/**
 * The claims of an LTI 1.3 launch (1EdTech LTI Core 1.3, §5.3–5.4) and of the
 * Assignment and Grade Services endpoint (LTI AGS 2.0). Names are URIs, as the
 * specification writes them.
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const LTI_CLAIMS = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
} as const;

/** The only message this tool answers: deep linking is not offered. */
export const RESOURCE_LINK_REQUEST = 'LtiResourceLinkRequest';
export const LTI_VERSION = '1.3.0';

/** What a verified launch tells Laurel, read from the id_token's claims. */
export interface LaunchClaims {
  /** The platform's id for the user (absent only in anonymous launches, which are refused). */
  sub: string;
  deploymentId: string;
  resourceLinkId: string;
  /** The course (context) id the platform launched from; Open edX sends the course key. */
  contextId: string | null;
  contextTitle: string | null;
  /** Custom parameters the platform was told to send (e.g. course_id). */
  custom: Record<string, string>;
  preferredUsername: string | null;
  email: string | null;
  name: string | null;
  roles: string[];
  /** The Assignment and Grade Services endpoint claim (scopes, line items URL), when the platform offers it. */
  agsEndpoint: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The launch's claims, already verified (signature, audience, nonce, deployment, message type). */
export function launchClaimsOf(payload: Record<string, unknown>): Omit<LaunchClaims, 'sub' | 'deploymentId' | 'resourceLinkId'> {
  const context = record(payload[LTI_CLAIMS.context]);
  const custom = Object.fromEntries(Object.entries(record(payload[LTI_CLAIMS.custom])).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const roles = payload[LTI_CLAIMS.roles];
  return {
    contextId: text(context.id),
    contextTitle: text(context.title) ?? text(context.label),
    custom,
    preferredUsername: text(payload.preferred_username),
    email: text(payload.email),
    name: text(payload.name),
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
    agsEndpoint: payload[LTI_CLAIMS.agsEndpoint],
  };
}

/**
 * The course the launch is about: the `course_id` custom parameter when the
 * platform was configured to send one (a course key Laurel's achievements
 * name), else the context id (Open edX's context id is the course key).
 */
export function courseOfLaunch(claims: Pick<LaunchClaims, 'custom' | 'contextId'>): string | null {
  return claims.custom.course_id ?? claims.contextId;
}
