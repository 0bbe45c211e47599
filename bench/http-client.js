// The benches' HTTP client: HTTP/1.1 written and read as bytes over kept-alive TCP connections, one
// request in flight on each. The load runs on the bench machine's cores, often on the service's own
// thread, so the client's CPU is taken from what is measured. fetch() cost a completion an eighth of its
// CPU; node:http with a keep-alive agent still about 0.6 ms per request on a 2-core VM (a third of the
// issuer's own cost); this client, about half that. It does what a lean LMS-side poster does and no more:
// no redirects, no compression, no pipelining; answers framed by Content-Length or chunked.
import { Buffer } from 'node:buffer';
import net from 'node:net';

const CRLF_CRLF = Buffer.from('\r\n\r\n');

/** The answer at the start of `buffer` once it is whole: { status, headers, body, rest }; else undefined. */
export function answerIn(buffer) {
  const end = buffer.indexOf(CRLF_CRLF);
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  let at = end + 4;
  if (headers['content-length'] !== undefined) {
    const stop = at + Number(headers['content-length']);
    return buffer.length < stop ? undefined : { status, headers, body: buffer.subarray(at, stop), rest: buffer.subarray(stop) };
  }
  if (headers['transfer-encoding']?.toLowerCase() !== 'chunked') throw new Error(`an answer without a length: ${statusLine}`);
  const chunks = [];
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    if (size === 0) return { status, headers, body: Buffer.concat(chunks), rest: buffer.subarray(lineEnd + 4) };
    chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** One kept-alive connection to `baseUrl`: `request(method, path, headers, body)` one at a time. */
export class HttpConnection {
  #base;
  #socket;
  #buffered = Buffer.alloc(0);
  #wake;
  #failure;
  /** Whether an answer has come on the current socket (a failure then may be a stale keep-alive). */
  used = false;

  constructor(baseUrl) {
    this.#base = new URL(baseUrl);
  }

  async #connect() {
    // The socket given up on says nothing more: its late 'error' or 'close' must not fail the next one.
    this.#socket?.removeAllListeners().on('error', () => undefined).destroy();
    this.#socket = undefined;
    this.#buffered = Buffer.alloc(0);
    this.#failure = undefined;
    this.used = false;
    const socket = net.connect({ host: this.#base.hostname, port: Number(this.#base.port), noDelay: true });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const fail = (error) => {
      this.#failure ??= error;
      this.#wake?.();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' })));
    socket.on('data', (chunk) => {
      this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
      this.#wake?.();
    });
    this.#socket = socket;
  }

  /** Resolves to { status, headers, text }. */
  async request(method, pathname, headers, body = '') {
    if (!this.#socket || this.#failure) await this.#connect();
    const payload = Buffer.from(body);
    let head = `${method} ${pathname} HTTP/1.1\r\nhost: ${this.#base.host}\r\ncontent-length: ${payload.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    this.#socket.write(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]));
    let answer;
    while (!(answer = answerIn(this.#buffered))) {
      if (this.#failure) throw this.#failure;
      await new Promise((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    this.#buffered = answer.rest;
    this.used = true;
    return { status: answer.status, headers: answer.headers, text: answer.body.toString('utf8') };
  }

  close() {
    this.#socket?.removeAllListeners().on('error', () => undefined).destroy();
    this.#socket = undefined;
  }
}

/**
 * A poster of JSON to `baseUrl` with `headers` on every request. `post(path, body)` resolves to
 * `{ status, body }` (the body parsed as JSON when it is JSON, else the text).
 */
export function jsonPoster(baseUrl, headers = {}) {
  const idle = [];
  const all = [];
  const post = async (pathname, body) => {
    const connection = idle.pop() ?? new HttpConnection(baseUrl);
    if (!all.includes(connection)) all.push(connection);
    const send = () => connection.request('POST', pathname, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));
    let answer;
    try {
      answer = await send();
    } catch (error) {
      // A kept-alive connection the server closed while it sat idle (its keep-alive timeout, 5 s): sent
      // again once on a new connection, as clients do. Any other failure is the bench's.
      if (!(connection.used && (error.code === 'ECONNRESET' || error.code === 'EPIPE'))) throw error;
      answer = await send();
    }
    idle.push(connection);
    return { status: answer.status, body: (answer.headers['content-type'] ?? '').includes('json') ? JSON.parse(answer.text) : answer.text };
  };
  return { post, close: () => all.forEach((connection) => connection.close()) };
}
