import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = ['models', 'contexts', 'suites', 'crypto-pool', 'status-list', 'criteria', 'store', 'http-kit', 'issuance', 'cli', 'guarded-fetch', 'trust', 'pdf-fonts', 'render', 'wallet', 'event-bus', 'badge-platforms', 'openedx-client', 'learner-mail', 'lti', 'asset-store'];
const services = ['issuer', 'verifier'];

export default defineConfig({
  resolve: {
    // Tests run against package sources, so `npm test` needs no build first.
    alias: Object.fromEntries([
      ...packages.map((name) => [`@laurel/${name}`, fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))]),
      ...services.map((name) => [`@laurel/${name}-service`, fileURLToPath(new URL(`./services/${name}/src/index.ts`, import.meta.url))]),
    ]),
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup/block-network.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
