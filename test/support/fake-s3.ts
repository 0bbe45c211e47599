// A small local server speaking the S3 REST API, the parts Laurel uses
// (path-style PUT, GET and DELETE of objects), which checks every request's
// AWS Signature Version 4 the way S3 documents it, recomputed here with
// node:crypto alone: an implementation independent of the client's signer.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Options {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface FakeS3 {
  url: string;
  objects: Map<string, { bytes: Buffer; contentType: string | undefined }>;
  /** Every request: method, key, and whether its signature verified. */
  requests: { method: string; key: string; signature: 'valid' | 'invalid' | 'missing' }[];
  /**
   * Holds the next `method` request for `key`: `before` it takes effect, or
   * `after` (it took effect, the answer waits). `reached` resolves when the
   * request is being held; `release` lets it go. For tests of interleavings.
   */
  hold(method: string, key: string, stage: 'before' | 'after'): { reached: Promise<void>; release(): void };
  close(): Promise<void>;
}

interface Hold {
  method: string;
  key: string;
  stage: 'before' | 'after';
  arrived(): void;
  released: Promise<void>;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

// RFC 3986 unreserved characters stay; everything else is %XX (upper case), as SigV4 canonical URIs require.
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

function verifySignature(request: http.IncomingMessage, body: Buffer, options: FakeS3Options): 'valid' | 'invalid' | 'missing' {
  const authorization = request.headers.authorization;
  if (!authorization) return 'missing';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return 'invalid';
  const [, accessKeyId, date, region, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string];
  if (accessKeyId !== options.accessKeyId || region !== options.region) return 'invalid';
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date)) return 'invalid';
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
  // The signed payload hash must be the body's: a body changed on the way is refused.
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'invalid';
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return 'invalid';
  const url = new URL(request.url ?? '/', 'http://local');
  const canonicalUri = url.pathname.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
  const canonicalQuery = [...url.searchParams].map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).sort().join('&');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex') === signature ? 'valid' : 'invalid';
}

function xmlError(response: http.ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

export async function startFakeS3(options: FakeS3Options): Promise<FakeS3> {
  const objects: FakeS3['objects'] = new Map();
  const requests: FakeS3['requests'] = [];
  const holds: Hold[] = [];
  /** Waits while a hold for this request at this stage is set (and uses it up). */
  const held = async (method: string, key: string, stage: Hold['stage']) => {
    const at = holds.findIndex((hold) => hold.method === method && hold.key === key && hold.stage === stage);
    if (at < 0) return;
    const [hold] = holds.splice(at, 1);
    hold!.arrived();
    await hold!.released;
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void answer(request, Buffer.concat(chunks), response));
  });
  const answer = async (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const [, bucket, ...rest] = path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const signature = verifySignature(request, body, options);
    requests.push({ method: request.method ?? '', key, signature });
    if (signature === 'missing') return xmlError(response, 403, 'AccessDenied');
    if (signature === 'invalid') return xmlError(response, 403, 'SignatureDoesNotMatch');
    if (bucket !== options.bucket) return xmlError(response, 404, 'NoSuchBucket');
    const method = request.method ?? '';
    await held(method, key, 'before');
    if (method === 'PUT') {
      objects.set(key, { bytes: body, contentType: request.headers['content-type'] });
      await held(method, key, 'after');
      return response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
    }
    if (method === 'GET' || method === 'HEAD') {
      const object = objects.get(key);
      await held(method, key, 'after');
      // A HEAD's error has no body (S3 answers it with the status alone).
      if (!object) return method === 'HEAD' ? response.writeHead(404).end() : xmlError(response, 404, 'NoSuchKey');
      const headers = { 'content-type': object.contentType ?? 'binary/octet-stream', 'content-length': object.bytes.length };
      return method === 'HEAD' ? response.writeHead(200, headers).end() : response.writeHead(200, headers).end(object.bytes);
    }
    if (method === 'DELETE') {
      objects.delete(key);
      await held(method, key, 'after');
      return response.writeHead(204).end();
    }
    return xmlError(response, 405, 'MethodNotAllowed');
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    hold(method, key, stage) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ method, key, stage, arrived, released });
      return { reached, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
