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
