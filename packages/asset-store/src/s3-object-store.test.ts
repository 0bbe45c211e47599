import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeS3, type FakeS3 } from '../../../test/support/fake-s3.js';
import { AssetError } from './errors.js';
import { createS3ObjectStore, type S3Settings } from './s3-object-store.js';

const credentials = { bucket: 'laurel-assets', region: 'eu-central-1', accessKeyId: 'AKIDLAUREL', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, maxBytes: 8 * 1024 * 1024 });
let s3: FakeS3 | undefined;
afterEach(async () => {
  await s3?.close();
  s3 = undefined;
});

async function failure(promise: Promise<unknown>): Promise<AssetError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(AssetError);
  return error as AssetError;
}

describe('S3 object store', () => {
  it('stores, reads and deletes bytes with requests whose SigV4 signature an independent check accepts', async () => {
    s3 = await startFakeS3(credentials);
    const settings: S3Settings = { endpoint: `${s3.url}/`, ...credentials };
    const objects = createS3ObjectStore(settings, fetcher);
    const bytes = new Uint8Array(300_000).map((_, index) => (index * 31) % 256);
    const key = 'assets/issuer one/abc';
    await objects.put(key, bytes, 'image/png');
    expect(s3.objects.get(key)?.contentType).toBe('image/png');
    expect(Buffer.from((await objects.get(key))!).equals(Buffer.from(bytes))).toBe(true);
    expect(await objects.has(key)).toBe(true);
    await objects.delete(key);
    expect(await objects.get(key)).toBeUndefined();
    expect(await objects.has(key)).toBe(false);
    expect(s3.requests.map((request) => `${request.method} ${request.signature}`)).toEqual(['PUT valid', 'GET valid', 'HEAD valid', 'DELETE valid', 'GET valid', 'HEAD valid']);
  });

  it('fail with ASSET_STORE_FAILED when the signature is refused or the store does not answer', async () => {
    s3 = await startFakeS3(credentials);
    const wrongSecret = createS3ObjectStore({ endpoint: s3.url, ...credentials, secretAccessKey: 'not-the-secret' }, fetcher);
    const refused = await failure(wrongSecret.put('k', new Uint8Array([1]), 'image/png'));
    expect(refused.code).toBe('ASSET_STORE_FAILED');
    expect(refused.message).toContain('SignatureDoesNotMatch');
    expect(s3.requests.at(-1)?.signature).toBe('invalid');
    const url = s3.url;
    await s3.close();
    s3 = undefined;
    const gone = createS3ObjectStore({ endpoint: url, ...credentials }, fetcher);
    expect((await failure(gone.get('k'))).code).toBe('ASSET_STORE_FAILED');
    expect((await failure(gone.has('k'))).code).toBe('ASSET_STORE_FAILED');
  });

  it('is refused by the guarded fetcher for a loopback endpoint unless allowed', async () => {
    s3 = await startFakeS3(credentials);
    const strict = createS3ObjectStore({ endpoint: s3.url, ...credentials }, createGuardedFetcher({ allowHttp: true }));
    expect((await failure(strict.put('k', new Uint8Array([1]), 'image/png'))).code).toBe('ASSET_STORE_FAILED');
    expect(s3.requests).toHaveLength(0);
  });
});
