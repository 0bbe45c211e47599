/**
 * JSON-LD context and schema URLs the models write or check. They are this
 * package's own constants because models sits below @laurel/contexts (which
 * bundles the documents behind these URLs) and may not import it.
 */

/** Verifiable Credentials Data Model 1.1; the first context of a VC 1.1 credential. */
export const VC_V1_CONTEXT_URL = 'https://www.w3.org/2018/credentials/v1';

/** Verifiable Credentials Data Model 2.0; the first context of a VC 2.0 credential. */
export const VC_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2';

/** Open Badges 3.0 context, revision 3.0.3 (the one written for VC 2.0). */
export const OB_V3P0_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/**
 * Defines `1EdTechJsonSchemaValidator2019`, the credentialSchema type; without
 * it that type is an undefined term and JSON-LD signing (safe mode) refuses it.
 */
export const OB_V3P0_EXTENSIONS_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';

/** Ed25519Signature2020 suite context (VC 1.1 credentials signed with that suite). */
export const ED25519_2020_CONTEXT_URL = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** Data Integrity v2 context: VC 1.1 credentials signed with DataIntegrityProof / eddsa-rdfc-2022. */
export const DATA_INTEGRITY_V2_CONTEXT_URL = 'https://w3id.org/security/data-integrity/v2';

/** 1EdTech's JSON Schema for AchievementCredential / OpenBadgeCredential. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** The `credentialSchema.type` 1EdTech defines for its JSON Schemas. */
export const OB_CREDENTIAL_SCHEMA_TYPE = '1EdTechJsonSchemaValidator2019';
