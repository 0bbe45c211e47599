import { z } from 'zod';
import { countOrAuto } from './count-setting.js';

/**
 * The worker pool settings both services read (docs/operators.md, "Both cores: the crypto worker
 * pool"). The pool itself (@laurel/crypto-pool, piscina) is loaded only when CRYPTO_WORKERS > 0.
 */
export const cryptoPoolEnvShape = {
  /** Worker threads that sign and verify; 0 signs and verifies on the request thread; `auto`: one per core. */
  CRYPTO_WORKERS: countOrAuto(0, 256, 0),
  /** Requests allowed to wait for a busy worker; past it, 503 WORKERS_SATURATED with Retry-After. */
  CRYPTO_QUEUE_LIMIT: z.coerce.number().int().min(1).default(256),
};

export type CryptoPoolEnv = z.infer<z.ZodObject<typeof cryptoPoolEnvShape>>;
