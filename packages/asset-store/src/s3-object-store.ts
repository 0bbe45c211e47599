import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import type { BytesResponse, GuardedFetcher } from '@laurel/guarded-fetch';
import { AssetError } from './errors.js';

export interface S3Settings {
  /** Base URL of the S3-compatible service (https://s3.eu-west-1.amazonaws.com, a MinIO, R2, ...). Path-style requests. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where an object store keeps bytes by key. */
export interface ObjectStore {
  put(key: string, bytes: Uint8Array, mediaType: string): Promise<void>;
  /** undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Whether the object is there (S3: HEAD, no bytes sent). */
  has(key: string): Promise<boolean>;
  /** Deleting what is not there is fine (S3 answers 204 either way). */
  delete(key: string): Promise<void>;
}

function failed(operation: string, key: string, detail: string, cause?: unknown): AssetError {
  return new AssetError('ASSET_STORE_FAILED', `The object store failed to ${operation} ${key}: ${detail}`, { operation }, cause === undefined ? undefined : { cause });
}

/** S3's error answers are XML with a <Code>; the code is all that is worth repeating. */
function s3Code(response: BytesResponse): string {
  const code = /<Code>([^<]{1,64})<\/Code>/.exec(response.body.toString('utf8'))?.[1];
  return `HTTP ${response.status}${code ? ` ${code}` : ''}`;
}

/**
 * An S3-compatible object store spoken to with SigV4-signed requests
 * (aws4fetch signs; the guarded fetcher sends, so the endpoint obeys the same
 * address rules as every other outbound call). The payload hash is signed
 * too (X-Amz-Content-Sha256), so a body changed on the way is refused.
 */
export function createS3ObjectStore(settings: S3Settings, fetcher: GuardedFetcher): ObjectStore {
  const client = new AwsClient({ accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, region: settings.region, service: 's3' });
  const base = settings.endpoint.replace(/\/+$/, '');
  const urlOf = (key: string) => `${base}/${encodeURIComponent(settings.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;

  const send = async (operation: string, key: string, method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', body?: Uint8Array, headers: Record<string, string> = {}): Promise<BytesResponse> => {
    const payloadHash = createHash('sha256').update(body ?? new Uint8Array()).digest('hex');
    const signed = await client.sign(urlOf(key), { method, headers: { ...headers, 'x-amz-content-sha256': payloadHash } });
    const signedHeaders: Record<string, string> = {};
    signed.headers.forEach((value, name) => {
      signedHeaders[name] = value;
    });
    try {
      return await fetcher.requestBytes({ method, url: signed.url, headers: signedHeaders, body });
    } catch (cause) {
      throw failed(operation, key, cause instanceof Error ? cause.message : String(cause), cause);
    }
  };

  return {
    async put(key, bytes, mediaType) {
      const response = await send('store', key, 'PUT', bytes, { 'content-type': mediaType });
      if (response.status < 200 || response.status > 299) throw failed('store', key, s3Code(response));
    },
    async get(key) {
      const response = await send('read', key, 'GET');
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw failed('read', key, s3Code(response));
      return new Uint8Array(response.body);
    },
    async has(key) {
      const response = await send('check', key, 'HEAD');
      if (response.status === 404) return false;
      if (response.status !== 200) throw failed('check', key, `HTTP ${response.status}`);
      return true;
    },
    async delete(key) {
      const response = await send('delete', key, 'DELETE');
      if (response.status !== 404 && (response.status < 200 || response.status > 299)) throw failed('delete', key, s3Code(response));
    },
  };
}
