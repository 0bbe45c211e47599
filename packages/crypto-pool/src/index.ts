export { createCryptoPool, WORKER_FILE, type CryptoPool, type CryptoPoolOptions, type PooledVerifyOptions } from './pool.js';
export { WorkersSaturatedError, CryptoWorkerFailedError } from './errors.js';
