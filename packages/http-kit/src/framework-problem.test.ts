// Issue 15 item 6: each framework 400 says what really went wrong (it used to
// say "not valid JSON" for all of them). Real Hono and @hono/zod-openapi
// validators, as the services use them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { problemErrorHandler, validationProblemHook } from './hono.js';
import { createLogger } from './logger.js';

function app(): OpenAPIHono {
  const api = new OpenAPIHono({ defaultHook: validationProblemHook });
  api.onError(problemErrorHandler(createLogger({ name: 'test', level: 'silent' })));
  const body = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
  api.openapi(createRoute({ method: 'post', path: '/json', request: { body: { required: true, content: { 'application/json': { schema: body } } } }, responses: { 200: { description: 'ok' } } }), (c) => c.json({ ok: true }, 200));
  api.openapi(
    createRoute({ method: 'post', path: '/form', request: { body: { required: true, content: { 'multipart/form-data': { schema: z.object({ name: z.string() }) } } } }, responses: { 200: { description: 'ok' } } }),
    (c) => c.json({ ok: true }, 200),
  );
  api.get('/refused', () => {
    throw new HTTPException(400, { message: 'Invalid Connection header value: x' });
  });
  return api;
}

// Bytes, not a string: a string body would get fetch's default text/plain type.
const post = (path: string, body: string, contentType?: string) => app().request(path, { method: 'POST', body: new TextEncoder().encode(body), headers: contentType ? { 'content-type': contentType } : {} });
const problemOf = async (response: Response) => [response.status, response.headers.get('content-type'), ((await response.json()) as { code: string }).code];

describe('framework refusals, each by its cause', () => {
  it('malformed JSON is MALFORMED_JSON', async () => {
    expect(await problemOf(await post('/json', '{"name": ', 'application/json'))).toEqual([400, 'application/problem+json', 'MALFORMED_JSON']);
  });

  it('a broken multipart body is MALFORMED_FORM, not "not valid JSON"', async () => {
    const response = await post('/form', 'no boundary here', 'multipart/form-data; boundary=----x');
    const body = (await response.json()) as { code: string; detail: string };
    expect([response.status, body.code]).toEqual([400, 'MALFORMED_FORM']);
    expect(body.detail).not.toMatch(/JSON/);
  });

  it('a JSON route sent something else is 415 naming the Content-Type (the body was never read)', async () => {
    const text = await post('/json', '{"name": "Ada"}', 'text/plain');
    expect([text.status, ((await text.clone().json()) as { code: string }).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(((await text.json()) as { detail: string }).detail).toContain('text/plain');
    expect(((await (await post('/json', '{"name": "Ada"}')).json()) as { detail: string }).detail).toContain('no Content-Type');
  });

  it('JSON with a wrong field stays INVALID_INPUT naming the field; a JSON type with parameters is JSON', async () => {
    const response = await post('/json', '{"name": "Ada", "tags": ["a", 7]}', 'application/json; charset=utf-8');
    expect(await response.json()).toMatchObject({ status: 400, code: 'INVALID_INPUT', errors: [{ path: 'tags[1]' }] });
    expect((await post('/json', '{"name": "Ada"}', 'application/merge-patch+json')).status).toBe(200);
  });

  it('any other 400 from the framework keeps its own message as BAD_REQUEST', async () => {
    const response = await app().request('/refused');
    expect(await response.json()).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: 'Invalid Connection header value: x' });
  });
});
