// A load generator for a worker thread: posts workerData.bodies (JSON texts) to workerData.url over
// workerData.concurrency kept-alive connections, one request in flight on each, and posts back
// { done, elapsed } (seconds), or { error } at the first answer that is not 200 with one credential issued.
import { parentPort, workerData } from 'node:worker_threads';
import { HttpConnection } from './http-client.js';

const { url, token, bodies, concurrency } = workerData;
const target = new URL(url);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
let next = 0;

async function drive() {
  const connection = new HttpConnection(target.origin);
  try {
    while (next < bodies.length) {
      const { status, text } = await connection.request('POST', target.pathname, headers, bodies[next++]);
      if (status !== 200) throw new Error(`${status} ${text.slice(0, 300)}`);
      if (JSON.parse(text).issued.length !== 1) throw new Error(`expected one credential: ${text.slice(0, 300)}`);
    }
  } finally {
    connection.close();
  }
}

const start = process.hrtime.bigint();
Promise.all(Array.from({ length: concurrency }, drive)).then(
  () => parentPort.postMessage({ done: bodies.length, elapsed: Number(process.hrtime.bigint() - start) / 1e9 }),
  (error) => parentPort.postMessage({ error: String(error) }),
);
