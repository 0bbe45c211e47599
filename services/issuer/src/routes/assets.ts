import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AssetService } from '@laurel/asset-store';
import { LaurelError } from '@laurel/models';
import { authorize, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';

const tags = ['Assets and designs'];

export const assetSchema = z
  .object({
    id: z.string().openapi({ description: 'Hex SHA-256 of the bytes: the same file uploaded again is the same asset.' }),
    issuerId: z.string(),
    kind: z.enum(['image', 'font']),
    mediaType: z.string(),
    byteLength: z.number().int(),
    name: z.string().nullable(),
    storage: z.enum(['database', 's3']),
    createdAt: z.string(),
    url: z.string().openapi({ description: 'Where anyone may fetch it (public, cached for a year: the bytes never change).' }),
  })
  .openapi('Asset');

const problemContent = { 'application/problem+json': { schema: z.object({ code: z.string(), detail: z.string() }).passthrough() } };

export const ASSET_UPLOAD_PATH = /^\/v1\/issuers\/[^/]+\/assets\/?$/;

export function assetPath(issuerId: string, assetId: string): string {
  return `/v1/issuers/${encodeURIComponent(issuerId)}/assets/${assetId}`;
}

const withUrl = <T extends { issuerId: string; id: string }>(asset: T) => ({ ...asset, url: assetPath(asset.issuerId, asset.id) });

/**
 * The public read of an asset, registered before the API's authentication:
 * certificate pages and PDFs of any visitor load logos and fonts from it.
 * Content-addressed, so cached for good; an SVG is served under a policy
 * that runs nothing even when opened on its own.
 */
export function registerPublicAssetRoute(app: OpenAPIHono, assets: AssetService): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/assets/{assetId}', operationId: 'getAsset', tags, security: [],
      summary: 'An uploaded image or font (public)',
      request: { params: idParam('issuerId').extend(idParam('assetId').shape) },
      responses: {
        200: { description: 'The bytes as uploaded', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: { description: 'No such asset', content: problemContent },
        502: { description: 'The object store failed (`ASSET_STORE_FAILED`)', content: problemContent },
      },
    }),
    async (c) => {
      const { issuerId, assetId } = c.req.valid('param');
      const stored = await assets.read(issuerId, assetId);
      if (!stored) throw new LaurelError('NOT_FOUND', `No asset ${assetId} for issuer ${issuerId}.`);
      const etag = `"${stored.asset.id}"`;
      const headers: Record<string, string> = {
        'content-type': stored.asset.mediaType,
        'cache-control': 'public, max-age=31536000, immutable',
        etag,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        // Fonts are fetched in CORS mode; they may be used from any page.
        'access-control-allow-origin': '*',
      };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, headers);
    },
  );
}

export function registerAssetRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, assets: AssetService): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/assets', operationId: 'uploadAsset', tags, security,
      summary: 'Upload an image (PNG, JPEG, SVG) or a font (TTF, OTF, WOFF2)',
      description:
        'The body is the file itself; Content-Type names its type (or application/octet-stream: the bytes decide). SVG is accepted only when it just draws (no scripts, event handlers, styles or outside references); fonts must parse as one face. Uploading the same bytes again answers 200 with the same asset.',
      request: {
        params: idParam('issuerId'),
        query: z.object({ name: z.string().trim().max(200).optional().openapi({ description: 'A label for people, e.g. the file name.' }) }),
        body: {
          required: true,
          content: Object.fromEntries(['image/png', 'image/jpeg', 'image/svg+xml', 'font/ttf', 'font/otf', 'font/woff', 'font/woff2', 'application/octet-stream'].map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])),
        },
      },
      responses: {
        201: json(assetSchema.extend({ fontFamily: z.string().optional() }), 'Stored'),
        200: json(assetSchema.extend({ fontFamily: z.string().optional() }), 'Already stored (same bytes)'),
        ...errorResponses,
        413: { description: 'Larger than the limit for its kind (`ASSET_TOO_LARGE`)', content: problemContent },
        415: { description: 'Not an accepted format, or not what Content-Type says (`ASSET_TYPE_UNSUPPORTED`)', content: problemContent },
        502: { description: 'The object store failed (`ASSET_STORE_FAILED`); nothing was recorded', content: problemContent },
      },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await assets.upload({ issuerId, bytes, contentType: c.req.header('content-type'), name: c.req.valid('query').name });
      return c.json({ ...withUrl(result.asset), ...(result.fontFamily ? { fontFamily: result.fontFamily } : {}) }, result.created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/assets', operationId: 'listAssets', tags, security, summary: "The issuer's uploaded images and fonts, oldest first",
      request: { params: idParam('issuerId') },
      responses: { 200: json(z.object({ items: z.array(assetSchema) }).openapi('AssetList'), 'The assets'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      return c.json({ items: (await assets.list(issuerId)).map(withUrl) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/v1/issuers/{issuerId}/assets/{assetId}', operationId: 'deleteAsset', tags, security,
      summary: 'Delete an asset no design places',
      request: { params: idParam('issuerId').extend(idParam('assetId').shape) },
      responses: {
        200: json(assetSchema, 'Deleted'),
        ...errorResponses,
        502: { description: 'The object store failed (`ASSET_STORE_FAILED`)', content: problemContent },
      },
    }),
    async (c) => {
      const { issuerId, assetId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      return c.json(withUrl(await assets.remove(issuerId, assetId)), 200);
    },
  );
}
