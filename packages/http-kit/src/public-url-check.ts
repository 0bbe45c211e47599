import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';

/** The header /health carries so a service can recognise itself at its public URL. */
export const INSTANCE_HEADER = 'laurel-instance';

/** What answered at a service's public URL, as seen from the service itself. */
export type PublicUrlCheck =
  | { outcome: 'this-instance' }
  /** Another process of the same service (replicas behind one URL): fine. */
  | { outcome: 'another-instance' }
  /** Something else, or nothing: credentials and links built from this URL point elsewhere. */
  | { outcome: 'not-this-service'; reason: string };

export interface PublicUrlCheckOptions {
  /** `laurel-issuer` or `laurel-verifier`: /health answers with it in `service`. */
  service: string;
  /** This process's id, sent by /health in the laurel-instance header. */
  instanceId: string;
  publicUrl: string;
  /** One GET, its headers and JSON body (the services pass their guarded fetcher, loopback and private allowed). */
  get: (url: string) => Promise<{ status: number; headers: Readonly<Record<string, string>>; json: unknown }>;
}

/** A fresh id for this process: in /health's laurel-instance header, compared by checkPublicUrl. */
export function newInstanceId(): string {
  return randomUUID();
}

/**
 * Asks the public URL's /health who answers there. A misconfigured public URL
 * (a port changed but not the URL, a proxy pointing elsewhere) otherwise shows
 * only later, as credentials whose links and status lists are another server's.
 */
export async function checkPublicUrl(options: PublicUrlCheckOptions): Promise<PublicUrlCheck> {
  const url = new URL('health', options.publicUrl.endsWith('/') ? options.publicUrl : `${options.publicUrl}/`).href;
  let answer: Awaited<ReturnType<PublicUrlCheckOptions['get']>>;
  try {
    answer = await options.get(url);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { outcome: 'not-this-service', reason: `${url} did not answer (${typeof code === 'string' ? code : String(error)})` };
  }
  if (answer.headers[INSTANCE_HEADER] === options.instanceId) return { outcome: 'this-instance' };
  const service = (answer.json as { service?: unknown } | undefined)?.service;
  if (answer.status === 200 && service === options.service) return { outcome: 'another-instance' };
  return { outcome: 'not-this-service', reason: `${url} answered ${answer.status}${typeof service === 'string' ? ` as ${service}` : ''}, not as ${options.service}` };
}

/** Runs the check and logs its outcome: a warning when the URL does not answer as this service. */
export async function checkPublicUrlAndLog(options: PublicUrlCheckOptions & { logger: Logger; setting: string }): Promise<PublicUrlCheck> {
  const result = await checkPublicUrl(options);
  const { logger, setting, publicUrl } = options;
  if (result.outcome === 'not-this-service') {
    logger.warn({ setting, publicUrl, reason: result.reason }, `${setting} does not answer as this service: links and credentials built from it will point elsewhere (set ${setting} to the URL people reach this service at, or turn the check off with ${setting}_CHECK=false)`);
  } else {
    logger.info({ setting, publicUrl, outcome: result.outcome }, `${setting} answers as this service`);
  }
  return result;
}

/** Fetcher settings for the check: the operator's own URL, often on this machine or a private network. */
export const PUBLIC_URL_CHECK_FETCH = { timeoutMs: 3000, allowHttp: true, allowLoopback: true, allowPrivate: true } as const;

interface CheckFetcher {
  requestJson(request: { method: 'GET'; url: string }): Promise<{ status: number; headers: Readonly<Record<string, string>>; json: unknown }>;
  close(): Promise<void>;
}

/**
 * Starts the check in the background, so start-up is not delayed, with a
 * fetcher of its own (a guarded fetcher made with PUBLIC_URL_CHECK_FETCH) that
 * it closes when done. Callers await the result before closing the service.
 */
export function startPublicUrlCheck(options: Omit<PublicUrlCheckOptions, 'get'> & { logger: Logger; setting: string; fetcher: CheckFetcher }): Promise<PublicUrlCheck> {
  const { fetcher, ...rest } = options;
  return checkPublicUrlAndLog({ ...rest, get: (url) => fetcher.requestJson({ method: 'GET', url }) }).finally(() => fetcher.close());
}

/** The URL this process reaches a server at: localhost when it listens on every interface. */
export function listeningUrl(host: string | undefined, port: number): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
