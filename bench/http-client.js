// The benches' HTTP client: node:http with a keep-alive agent. The load runs in the bench's own
// process, often on the service's thread, and fetch() (undici's web streams, abort signals,
// transferables) cost that thread about an eighth of a completion's CPU: the figures measured the
// client. This client does what a lean LMS-side poster does and nothing more.
import { Buffer } from 'node:buffer';
import http from 'node:http';

/**
 * A poster of JSON to `baseUrl` with `headers` on every request. `post(path, body)` resolves to
 * `{ status, body }` (the body parsed as JSON when it is JSON, else the text).
 */
export function jsonPoster(baseUrl, headers = {}) {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (pathname, body, retried = false) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: pathname,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const json = (response.headers['content-type'] ?? '').includes('json');
            try {
              resolve({ status: response.statusCode, body: json ? JSON.parse(text) : text });
            } catch (error) {
              reject(error);
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', (error) => {
        // A kept-alive socket the server closed while it sat idle (its keep-alive timeout, 5 s): sent
        // again once on a new socket, as Node's documentation advises. Any other failure is the bench's.
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') post(pathname, body, true).then(resolve, reject);
        else reject(error);
      });
      request.end(payload);
    });
  return { post, close: () => agent.destroy() };
}
