// The Accredible client checked against Accredible's published OpenAPI
// (../shared/conformance/accredible/openapi.json), not only against our own
// fake (issue 15 item 7): every request it sends is validated with ajv against
// the documented operation, and it is answered with the documented example
// responses, which it must read. The fake's answers are checked against the
// documented response schemas too, so the fake cannot drift from the API.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createAccredibleClient } from '@laurel/badge-platforms';
import { FakeServer, type RecordedRequest } from '../packages/badge-platforms/src/testing/fake-server.js';
import { FakeAccredible } from '../packages/badge-platforms/src/testing/fake-accredible.js';
import { conformanceMissing, readConformanceJson } from './support/conformance.js';

type Schema = Record<string, unknown>;
interface Operation {
  requestBody?: { content: { 'application/json': { schema?: Schema; example?: unknown } } };
  responses: Record<string, { content?: { 'application/json'?: { schema?: Schema; example?: unknown } } }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: { ApiKeyAuth: { name: string } } };
}

/**
 * The credential operations document the fields of `credential` flat, with
 * dotted names (`recipient.email`), while their examples (and the API) nest
 * them under `{ "credential": { "recipient": { "email" … } } }`: the schema in
 * the shape the examples show.
 */
function nestDotted(schema: Schema): Schema {
  const properties: Record<string, Schema> = {};
  const required: Record<string, string[]> = { '': [] };
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const [head, ...rest] = name.split('.');
    if (rest.length === 0) properties[head!] = property;
    else {
      const parent = (properties[head!] ??= { type: 'object', properties: {} }) as { properties: Record<string, Schema> };
      parent.properties[rest.join('.')] = property;
    }
  }
  for (const name of (schema.required ?? []) as string[]) {
    const [head, ...rest] = name.split('.');
    if (rest.length === 0) required['']!.push(head!);
    else (required[head!] ??= []).push(rest.join('.'));
  }
  for (const [head, names] of Object.entries(required)) if (head !== '') (properties[head] as Schema).required = names;
  return { ...schema, properties, required: required['']! };
}

/** OpenAPI 3.0's `nullable` as JSON Schema: `type: [t, 'null']`; without a type it adds nothing. */
function jsonSchemaOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonSchemaOf);
  if (typeof value !== 'object' || value === null) return value;
  const { nullable, ...rest } = value as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, inner]) => [key, key === 'example' || key === 'examples' ? inner : jsonSchemaOf(inner)]));
  if (nullable === true && typeof converted.type === 'string') converted.type = [converted.type, 'null'];
  return converted;
}

const KEY = 'accredible-conformance-key';

describe.skipIf(conformanceMissing)('Accredible client against Accredible\'s published OpenAPI', () => {
  let spec: OpenApi;
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
  const problems: string[] = [];
  let server: FakeServer;

  /** The documented operation for a request: method, and a path matching the template. */
  function operationOf(method: string, pathname: string): { template: string; operation: Operation } | undefined {
    for (const [template, operations] of Object.entries(spec.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const operation = operations[method.toLowerCase()];
      if (operation && pattern.test(pathname)) return { template, operation };
    }
    return undefined;
  }

  function requestSchema(template: string, operation: Operation): Schema | undefined {
    const body = operation.requestBody?.content['application/json'];
    if (!body?.schema) return undefined;
    // The credential operations: documented flat, sent nested under "credential" (see nestDotted).
    const wrapped = template.startsWith('/v1/credentials');
    return wrapped ? { type: 'object', required: ['credential'], properties: { credential: nestDotted(body.schema) } } : body.schema;
  }

  const describeErrors = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message}`).join('; ');

  function check(request: RecordedRequest, headers: Record<string, string | string[] | undefined>): Operation | undefined {
    const url = new URL(request.path, 'http://accredible.test');
    const found = operationOf(request.method, url.pathname);
    if (!found) {
      problems.push(`${request.method} ${url.pathname}: not an operation of the published API`);
      return undefined;
    }
    const auth = headers[spec.components.securitySchemes.ApiKeyAuth.name.toLowerCase()];
    if (auth !== `Token token=${KEY}`) problems.push(`${request.method} ${found.template}: Authorization is not "Token token=<key>"`);
    const schema = requestSchema(found.template, found.operation);
    if (schema && !ajv.validate(schema, request.body)) problems.push(`${request.method} ${found.template}: ${describeErrors(ajv.errors)}`);
    return found.operation;
  }

  const example = (operation: Operation) => operation.responses['200']?.content?.['application/json']?.example;

  beforeAll(async () => {
    spec = jsonSchemaOf(await readConformanceJson('accredible/openapi.json')) as OpenApi;
    server = await new FakeServer((request, _url, headers) => {
      const operation = check(request, headers);
      if (!operation) return { status: 404, body: { errors: 'not found' } };
      // The documented search answer is one page; past it, an empty page (as the API pages by `from`).
      const from = (request.body as { page?: { from?: number } } | undefined)?.page?.from ?? 0;
      const answer = example(operation) as { credentials?: unknown[] } | undefined;
      return { status: 200, body: answer?.credentials && from > 0 ? { ...answer, credentials: [] } : answer ?? {} };
    }).start();
  });
  afterAll(() => server?.close());

  const client = () => createAccredibleClient({ fetcher: createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 2000 }), baseUrl: server.url, apiKey: KEY });

  it('creates a credential with a documented request, and reads the documented answer', async () => {
    problems.length = 0;
    const created = await client().createCredential({ name: 'Ada Lovelace', email: 'ada@example.org', groupId: '9549', issuedOn: '2026-03-01', expiredOn: '2031-03-01' });
    expect(problems).toEqual([]);
    expect(created).toEqual({ id: '10000005' });
  });

  it('searches credentials (v2) with a documented request, and reads the documented answer', async () => {
    problems.length = 0;
    const found = await client().findCredentials({ email: 'john.doe@mailinator.test', groupId: '1234', issuedOn: '2025-10-31' });
    expect(problems).toEqual([]);
    const documented = (example(spec.paths['/v2/credentials/search']!.post!) as { credentials: { id: number; recipient_email: string; issued_on: string }[] }).credentials;
    expect(found.map((credential) => [credential.id, credential.email, credential.issuedOn])).toEqual(documented.map((entry) => [String(entry.id), entry.recipient_email, entry.issued_on]));
  });

  it('expires a credential with a documented update', async () => {
    problems.length = 0;
    await client().expireCredential('10000005', '2026-04-01');
    expect(problems).toEqual([]);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/v1/credentials/10000005' });
  });

  it('lists groups with a documented search, and reads the documented answer', async () => {
    problems.length = 0;
    const groups = await client().listGroups();
    expect(problems).toEqual([]);
    expect(groups[0]).toEqual({ id: '12472', name: 'new group' });
  });

  it('the validator is not vacuous: an undocumented body is caught', () => {
    problems.length = 0;
    check({ method: 'POST', path: '/v1/credentials', body: { credential: { recipient: { name: 'Ada' } } } }, { authorization: `Token token=${KEY}` });
    check({ method: 'POST', path: '/v1/credentials/batch-of-nothing/extra', body: {} }, { authorization: `Token token=${KEY}` });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/recipient.*email|group_id/);
  });

  it('our fake answers in the documented shapes', async () => {
    const fake = await new FakeAccredible(KEY, [{ id: 9549, name: 'Data Science' }]).start();
    try {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Token token=${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return response.json();
      };
      const answers = {
        '/v1/credentials': await post('/v1/credentials', { credential: { recipient: { name: 'Ada', email: 'ada@example.org' }, group_id: 9549, issued_on: '2026-03-01' } }),
        '/v2/credentials/search': await post('/v2/credentials/search', { query: { recipient_email: 'ada@example.org' }, page: { from: 0, size: 50 } }),
        '/v1/issuer/groups/search': await post('/v1/issuer/groups/search', { page: 1, page_size: 50 }),
      };
      for (const [path, answer] of Object.entries(answers)) {
        const schema = spec.paths[path]!.post!.responses['200']!.content!['application/json']!.schema!;
        expect([path, ajv.validate(schema, answer) ? 'documented' : describeErrors(ajv.errors)]).toEqual([path, 'documented']);
      }
    } finally {
      await fake.close();
    }
  });
});
