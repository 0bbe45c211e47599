// Worker threads run the compiled pool (dist/worker.js): build it, incrementally, before a test starts one.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCryptoPool, type CryptoPool, type CryptoPoolOptions } from '@laurel/crypto-pool';

export function buildCryptoPool(): void {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-b', fileURLToPath(new URL('../../packages/crypto-pool/tsconfig.json', import.meta.url))], { stdio: 'inherit' });
}

export function builtCryptoPool(options: CryptoPoolOptions): CryptoPool {
  buildCryptoPool();
  return createCryptoPool(options);
}

/** A promise the test opens when it chooses, and a way to wait until `count` callers are held by it. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const waiters: (() => void)[] = [];
  return {
    open,
    /** Resolves once `count` callers wait at the gate. */
    holding: (count: number) => new Promise<void>((resolve) => {
      const check = () => (held >= count ? resolve() : waiters.push(check));
      check();
    }),
    /** Called by whoever must wait: counts itself, then waits for the gate to open. */
    pass: async () => {
      held++;
      waiters.splice(0).forEach((check) => check());
      await opened;
    },
  };
}
