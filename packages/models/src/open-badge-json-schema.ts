import { z } from 'zod';
import { jsonSchemaRegistry } from './json-schema-registry.js';
import { openBadgeCredentialSchema } from './open-badge-credential.js';

/**
 * Laurel's JSON Schema (draft 2020-12) for Open Badges 3.0 credentials in VC
 * 2.0 form, generated from `openBadgeCredentialSchema` so the zod model stays
 * the one source of truth. Published as
 * `@laurel/models/schema/open-badge-credential.schema.json`; a test keeps that
 * file equal to this value.
 */
export const openBadgeCredentialJsonSchema: Record<string, unknown> = z.toJSONSchema(openBadgeCredentialSchema, {
  target: 'draft-2020-12',
  metadata: jsonSchemaRegistry,
  // Shared classes (Profile, Image, ...) go to $defs under their 1EdTech names; the rest is inlined.
  reused: 'inline',
});
