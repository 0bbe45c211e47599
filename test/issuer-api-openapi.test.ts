// GET /openapi.json: a well-formed OpenAPI 3.1 document (checked structurally,
// with every schema compiled as JSON Schema 2020-12, the 3.1 dialect) that
// lists every route the service answers, with its request schema.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { send } from './issuer-api-support.js';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `$ref` in the document, with where it was found. */
function refsOf(value: unknown, at = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]): [string, string][] => (key === '$ref' && typeof item === 'string' ? [[at, item]] : refsOf(item, `${at}/${key}`)));
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Json)[part] : undefined), document);
}

/** The media type schemas of a request body or response. */
function contentSchemas(content: Json | undefined): Json[] {
  return Object.values(content ?? {}).map((media: Json) => media.schema as Json);
}

describeEachDatabase('issuer API: the OpenAPI document', (database) => {
  let issuer: TestIssuer;
  let document: Json;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    const response = await send(issuer, 'GET', '/openapi.json', { token: null });
    expect(response.status, response.text).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
    document = JSON.parse(response.text) as Json;
  });
  afterAll(() => issuer.close());

  it('is served without a token and is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.servers).toEqual([{ url: TEST_URLS.issuerBaseUrl }]);
    expect(Object.keys(document).every((key) => ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'].includes(key) || key.startsWith('x-'))).toBe(true);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('is well formed: operations, parameters, responses and references', () => {
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries(document.paths as Json)) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(item as Json)) {
        expect(METHODS, `${path}: ${method}`).toContain(method);
        const where = `${method.toUpperCase()} ${path}`;
        if (operation.operationId) {
          expect(operationIds.has(operation.operationId), where).toBe(false);
          operationIds.add(operation.operationId);
        }
        const parameters = (operation.parameters ?? []) as Json[];
        for (const parameter of parameters) {
          expect(['path', 'query', 'header', 'cookie'], where).toContain(parameter.in);
          expect(parameter.schema ?? parameter.content, where).toBeDefined();
          if (parameter.in === 'path') expect(parameter.required, `${where} ${parameter.name}`).toBe(true);
        }
        // Every {param} of the path is declared as a path parameter, and only those.
        expect(parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name).sort(), where).toEqual([...templated].sort());
        expect(Object.keys(operation.responses ?? {}).length, where).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect((response as Json).description ?? (response as Json).$ref, `${where} ${status}`).toEqual(expect.any(String));
        }
        if (operation.requestBody) expect(Object.keys(operation.requestBody.content ?? {}).length, where).toBeGreaterThan(0);
        for (const requirement of (operation.security ?? []) as Json[]) {
          for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes, where).toHaveProperty(scheme);
        }
      }
    }
    for (const [at, ref] of refsOf(document)) expect(resolvePointer(document, ref), `${ref} at ${at}`).toBeDefined();
  });

  it('every schema in it is valid JSON Schema 2020-12 (the OpenAPI 3.1 dialect)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addKeyword('example');
    ajv.addSchema({ $id: 'openapi.json', components: document.components }, 'openapi.json');
    const schemas: [string, Json][] = [];
    for (const [name, schema] of Object.entries((document.components?.schemas ?? {}) as Json)) schemas.push([`components.schemas.${name}`, schema]);
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const parameter of (operation.parameters ?? []) as Json[]) if (parameter.schema) schemas.push([`${where} parameter ${parameter.name}`, parameter.schema]);
        for (const schema of contentSchemas(operation.requestBody?.content)) schemas.push([`${where} request body`, schema]);
        for (const [status, response] of Object.entries(operation.responses as Json)) for (const schema of contentSchemas((response as Json).content)) schemas.push([`${where} ${status}`, schema]);
      }
    }
    expect(schemas.length).toBeGreaterThan(30);
    for (const [where, schema] of schemas) {
      const withRefsRebased = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/')) as Json;
      expect(() => ajv.compile(withRefsRebased), where).not.toThrow();
    }
  });

  it('lists every route the service answers (the public documents too)', () => {
    const documented = new Set(Object.entries(document.paths as Json).flatMap(([path, item]) => Object.keys(item as Json).map((method) => `${method.toUpperCase()} ${path}`)));
    const served = new Set(
      issuer.app.routes.filter((route) => route.method !== 'ALL' && route.path !== '/openapi.json').map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`),
    );
    expect(served.size).toBeGreaterThan(15);
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    for (const route of ['POST /v1/issuers', 'POST /v1/completions', 'PATCH /v1/learners/{learnerId}', 'POST /v1/credentials/{credentialId}/revoke', 'POST /credentials/issue', 'POST /credentials/status', 'GET /issuers/{slug}/did.json', 'PUT /v1/issuers/{issuerId}/badge-platforms/{platform}', 'GET /v1/credentials/{credentialId}/badges', 'POST /webhooks/credly/{issuerId}']) {
      expect(documented, route).toContain(route);
    }
  });

  it('every route that takes a body documents its request schema, and every authenticated one its security and problem answers', () => {
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const where = `${method.toUpperCase()} ${path}`;
        // Uploaded assets are read by anyone (certificate pages load logos and fonts from them): public, security [].
        const publicRead = where === 'GET /v1/issuers/{issuerId}/assets/{assetId}';
        if (publicRead) expect(operation.security, where).toEqual([]);
        const authenticated = !publicRead && (path.startsWith('/v1/') || path === '/credentials/issue' || path === '/credentials/status');
        if (authenticated) {
          expect(operation.security, where).toEqual([{ bearer: [] }]);
          for (const status of ['400', '401', '403']) expect(operation.responses[status]?.content?.['application/problem+json']?.schema, `${where} ${status}`).toBeDefined();
        }
        // OAuth fixes these two: /token takes a form, /nonce no body at all. Key rotation, template sync, archiving, erasure and token revocation are bare actions.
        const bare = ['/keys', '/templates/sync', '/archive', '/erase'].some((end) => path.endsWith(end)) || path === '/v1/tokens/{tokenId}/revoke';
        if (['post', 'patch', 'put'].includes(method) && !bare && path !== '/token' && path !== '/nonce') {
          // The CSV import takes text/csv; the admin console's pages take forms (the upload multipart); everything else JSON.
          // An asset upload is the file itself.
          const type = path === '/v1/issuers/{issuerId}/assets' ? 'application/octet-stream' : path === '/v1/imports' ? 'text/csv' : path === '/admin/imports' ? 'multipart/form-data' : path.startsWith('/admin') ? 'application/x-www-form-urlencoded' : 'application/json';
          expect(operation.requestBody?.content?.[type]?.schema, where).toBeDefined();
        }
      }
    }
  });

  it('documents the completions body: one record or { records: [...] }, with every field and its limits', () => {
    const schema = document.paths['/v1/completions'].post.requestBody.content['application/json'].schema as Json;
    expect(document.paths['/v1/completions'].post.requestBody.required).toBe(true);
    const variants = (schema.anyOf ?? schema.oneOf) as Json[];
    expect(variants).toHaveLength(2);
    const batch = variants.find((variant) => variant.properties?.records) as Json;
    const single = variants.find((variant) => variant.properties?.learner) as Json;
    expect(batch.required).toEqual(['records']);
    expect(batch.properties.records).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000 });
    for (const record of [single, batch.properties.records.items as Json]) {
      expect(record.required.sort()).toEqual(['courseId', 'learner', 'sourceEventId']);
      expect(record.additionalProperties).toBe(false);
      expect(Object.keys(record.properties)).toEqual(expect.arrayContaining(['learner', 'courseId', 'completionPercent', 'gradePercent', 'assignmentGrades', 'passed', 'completedAt', 'sourceEventId']));
      expect(record.properties.gradePercent).toMatchObject({ type: 'number', minimum: 0, maximum: 100 });
      expect(record.properties.completedAt).toMatchObject({ type: 'string', format: 'date-time' });
      expect(record.properties.learner.required).toEqual(['lmsUserId']);
      expect(record.properties.learner.properties.did).toMatchObject({ type: 'string', maxLength: 2048 });
    }
    expect(single.properties.issuerId).toMatchObject({ type: 'string' });

    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate({ learner: { lmsUserId: 'u-1' }, courseId: 'c', sourceEventId: 'e' })).toBe(true);
    expect(validate({ records: [{ learner: { lmsUserId: 'u-1' }, courseId: 'c', sourceEventId: 'e', gradePercent: 50 }] })).toBe(true);
    expect(validate({ learner: { lmsUserId: 'u-1' }, courseId: 'c' })).toBe(false);
    expect(validate({ records: [{ learner: { lmsUserId: 'u-1' }, courseId: 'c', sourceEventId: 'e', gradePercent: 101 }] })).toBe(false);
  });

  it('documents the other request schemas: issuers, achievements, learners, credential actions and the VC-API', () => {
    const body = (method: string, path: string) => document.paths[path][method].requestBody.content['application/json'].schema as Json;
    expect(body('post', '/v1/issuers')).toMatchObject({ type: 'object', required: expect.arrayContaining(['slug', 'name']), properties: { didMethod: { enum: ['key', 'web'] } } });
    expect(body('post', '/v1/issuers/{issuerId}/achievements')).toMatchObject({ type: 'object', required: expect.arrayContaining(['externalId', 'name']), properties: { rules: { type: 'object' } } });
    expect(Object.keys(body('patch', '/v1/learners/{learnerId}').properties)).toEqual(expect.arrayContaining(['name', 'email', 'did']));
    expect(body('post', '/v1/credentials/{credentialId}/suspend').properties.reason).toMatchObject({ type: 'string', maxLength: 500 });
    expect(body('post', '/credentials/issue')).toMatchObject({ required: ['credential'], properties: { credential: { type: 'object' } } });
    expect(body('post', '/credentials/status').properties.credentialStatus).toMatchObject({ type: 'array', minItems: 1, maxItems: 1 });
  });
});
