import { z } from 'zod';
import { withJsonSchema } from './json-schema-registry.js';

/**
 * An absolute URL in the VC sense: any scheme (https:, did:, urn:, data:, ...).
 * http(s) URLs must name a host; other schemes only need a non-empty rest.
 * A regular expression rather than `new URL()` so the same rule can be written
 * into the JSON Schema as a `pattern`.
 */
export const URL_PATTERN = /^(?:[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\s/?#]+\S*|(?![Hh][Tt][Tt][Pp][Ss]?:)[A-Za-z][A-Za-z0-9+.-]*:\S+)$/;

export const urlSchema = withJsonSchema(z.string().regex(URL_PATTERN, { error: 'must be an absolute URL (https:, did:, urn:, ...)' }), {
  id: 'URL',
});

/**
 * A URL the services call or send people to over the web: http: or https:
 * with a host. Anything else (file:, ftp:, javascript:, data:, ...) is bad
 * input, refused where it enters rather than failing later at the first call.
 */
export const webUrlSchema = z.url({ protocol: /^https?$/, hostname: /^[^\s]+$/, error: 'must be an http(s) URL' });
