import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { signSuppliedCredential, updateCredentialStatus, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { tenantOf, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, issuesUnder, json, security, signingUnavailableResponse } from './common.js';

const tags = ['VC-API'];

/**
 * Our contexts are bundled, so a JSON-LD error while signing comes from the
 * caller's document (typically a term its @context does not define): a 400
 * naming the credential, not a 500.
 */
async function rejectingBadJsonLd<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const cause = error instanceof LaurelError && error.code === 'SIGNING_FAILED' ? (error.cause as { name?: unknown; details?: { event?: { message?: unknown; details?: { property?: unknown } } } } | undefined) : undefined;
    if (typeof cause?.name !== 'string' || !cause.name.startsWith('jsonld.')) throw error;
    const event = cause.details?.event;
    const property = typeof event?.details?.property === 'string' ? event.details.property : undefined;
    const message = property !== undefined ? `"${property}" is not defined by the credential's @context` : typeof event?.message === 'string' ? event.message : 'is not valid JSON-LD for its @context';
    throw new LaurelError('INVALID_CREDENTIAL', `The credential cannot be signed: ${message}.`, { issues: [{ path: 'credential', message }] }, { cause: error });
  }
}

/**
 * What the route checks before the domain sees the credential: the shape VC
 * Data Model 2.0 requires of `issuer` (§4.7: REQUIRED, a URL or an object with
 * an id) and `id` (§4.4: a single URL), so a missing or null issuer and a
 * non-string id are a 400 naming the field, never silently replaced. The rest
 * of the data model is checked when signing.
 */
const suppliedCredential = z
  .object({
    issuer: z
      .union([z.string().min(1), z.looseObject({ id: z.string().min(1).optional() })])
      .openapi({ description: "REQUIRED: the tenant's DID, or an issuer object with it as `id`. An issuer object without `id` gets the tenant's DID; a missing or null issuer is refused." }),
    id: z.string().min(1).optional().openapi({ description: 'A URL; when absent, a `urn:uuid:` is generated.' }),
    credentialStatus: z
      .union([anyObject, z.array(anyObject).min(1)])
      .optional()
      .openapi({
        description:
          "Your own status entries (BitstringStatusListEntry or StatusList2021Entry on http(s) lists you publish): each is validated against its data model and kept. Laurel's revocation and suspension entries are added next to them.",
      }),
  })
  .passthrough();

export function registerVcApiRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/credentials/issue', tags, security, summary: 'Sign a credential with the issuer’s key (VC-API)',
      description:
        "Signs with the tenant's configured suite (eddsa-rdfc-2022 unless the tenant was created for VC 1.1, which signs with Ed25519Signature2020), whatever the credential's data model version. Adds the tenant's revocation and suspension entries in its status list format (BitstringStatusList, or StatusList2021 for a VC 1.1 tenant) and the one context that format needs if the credential lacks it, nothing else. Exception: a VC 1.1 tenant's Open Badge in the VC 1.1 form, sent without status entries, gets the one entry 1EdTech's draft-04 schema allows, a 1EdTechRevocationList naming the tenant's list (GET /revocation-lists/{issuerId} on the verifier); such a credential can be revoked, not suspended (409). The credential must name the tenant as issuer; an issuer object without `id` gets the tenant's DID. `options.issuerId` picks the issuer for tokens that may act for several.",
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ credential: suppliedCredential, options: z.object({ issuerId: z.string().optional() }).passthrough().optional() }) } } } },
      responses: { 201: json(z.object({ verifiableCredential: anyObject }), 'The signed credential'), ...errorResponses, ...signingUnavailableResponse },
    }),
    async (c) => {
      const { credential, options } = c.req.valid('json');
      const { principal, issuerId } = tenantOf(c, 'issue', options?.issuerId, 'options.issuerId');
      const signed = await rejectingBadJsonLd(() => issuesUnder('credential', ['INVALID_CREDENTIAL'], () => signSuppliedCredential(deps, principal.actor, issuerId, credential)));
      return c.json({ verifiableCredential: signed }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/credentials/status', tags, security, summary: 'Revoke, suspend or reinstate a credential (VC-API)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                credentialId: z.string().min(1),
                credentialStatus: z.array(z.object({ type: z.string(), status: z.enum(['revoked', 'suspended', 'active']) })).min(1).max(1),
                issuerId: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: { 200: json(z.object({ credentialId: z.string(), status: z.string() }), 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { principal, issuerId } = tenantOf(c, 'issue', body.issuerId);
      const status = body.credentialStatus[0]!.status;
      await updateCredentialStatus(deps, principal.actor, issuerId, body.credentialId, status);
      return c.json({ credentialId: body.credentialId, status }, 200);
    },
  );
}
