import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createAchievement, createIssuer, getAchievement, getIssuer, listAchievements, listIssuers, newAchievementSchema, newIssuerSchema, rotateIssuerKey, type IssuanceDeps } from '@laurel/issuance';
import { authorize, forbidden, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, idParam, issuesUnder, json, security } from './common.js';

const tags = ['Issuers and achievements'];

const vaultKeyBody = z
  .strictObject({ keyName: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, _ . - (a Vault transit key name)').describe('Name of an ed25519 key in Vault\'s transit engine') })
  .openapi('VaultTransitKeyInput');

export function registerIssuerRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers', tags, security, summary: 'Create an issuer (tenant) with its first signing key',
      request: { body: { required: true, content: { 'application/json': { schema: newIssuerSchema } } } },
      responses: { 201: json(anyObject, 'The issuer'), ...errorResponses },
    }),
    async (c) => {
      const principal = authorize(c, 'admin');
      if (principal.issuerId !== null) throw forbidden('Only a global admin token can create issuers.');
      return c.json(await createIssuer(deps, principal.actor, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/issuers', tags, security, summary: 'List the issuers this token may act for', responses: { 200: json(z.array(anyObject), 'Issuers'), ...errorResponses } }),
    async (c) => {
      const principal = authorize(c, 'read');
      return c.json(await listIssuers(deps, principal.issuerId), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/issuers/{issuerId}', tags, security, summary: 'Get an issuer', request: { params: idParam('issuerId') }, responses: { 200: json(anyObject, 'The issuer'), ...errorResponses } }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json(await getIssuer(deps.store, issuerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/keys', tags, security, summary: 'Rotate the signing key (did:web issuers)',
      description: 'A new key signs from now on; earlier keys stay in the DID document so credentials they signed keep verifying.',
      request: { params: idParam('issuerId') }, responses: { 201: json(z.object({ keyId: z.string() }), 'The new key'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await rotateIssuerKey(deps, principal.actor, issuerId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/keys/vault-transit', tags, security, summary: 'Rotate to a signing key held in Vault transit (did:web issuers)',
      description: 'Like a rotation, but the new key is an ed25519 key of Vault\'s transit engine (VAULT_ADDR, VAULT_TOKEN): its public half is read from Vault and only a reference to it is stored, never a private key. Vault signs from now on.',
      request: { params: idParam('issuerId'), body: { required: true, content: { 'application/json': { schema: vaultKeyBody } } } },
      responses: { 201: json(z.object({ keyId: z.string() }), 'The new key'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await rotateIssuerKey(deps, principal.actor, issuerId, { vaultTransitKey: c.req.valid('json').keyName }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/achievements', tags, security, summary: 'Create an achievement (course or program) with its rules',
      request: { params: idParam('issuerId'), body: { required: true, content: { 'application/json': { schema: newAchievementSchema } } } },
      responses: { 201: json(anyObject, 'The achievement'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await issuesUnder('rules', ['INVALID_RULES'], () => createAchievement(deps, principal.actor, issuerId, c.req.valid('json'))), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/issuers/{issuerId}/achievements', tags, security, summary: 'List achievements', request: { params: idParam('issuerId') }, responses: { 200: json(z.array(anyObject), 'Achievements'), ...errorResponses } }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json(await listAchievements(deps, issuerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/achievements/{achievementId}', tags, security, summary: 'Get an achievement',
      request: { params: idParam('issuerId').extend(idParam('achievementId').shape) }, responses: { 200: json(anyObject, 'The achievement'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json(await getAchievement(deps, issuerId, achievementId), 200);
    },
  );
}
