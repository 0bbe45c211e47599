import type { Command } from 'commander';
import { DATABASE_OPTION_HELP, openExistingStore } from '../database.js';
import { formatJson, type CliIo } from '../io.js';

const ACTOR = 'cli';

interface AddOptions {
  issuer: string;
  name: string;
  platformIssuer: string;
  clientId: string;
  deployment: string[];
  authLoginUrl: string;
  jwksUrl: string;
  accessTokenUrl?: string;
  learnerClaim?: string;
  allowHttp?: boolean;
  database?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `laurel admin lti platforms add|list|remove`: the learning platforms that launch Laurel as an LTI 1.3 tool. */
export function registerLtiCommands(admin: Command, io: CliIo): void {
  const platforms = admin.command('lti').description('LTI 1.3: the learning platforms that launch Laurel as a tool').command('platforms').description('Platform registrations');
  platforms
    .command('add')
    .description("Register a platform (the values its tool registration shows); give it Laurel's /lti/login, /lti/launch and /lti/jwks.json")
    .requiredOption('--issuer <id>', 'the issuer whose learners and achievements launches show')
    .requiredOption('--name <name>', 'a label for people')
    .requiredOption('--platform-issuer <iss>', "the platform's issuer (iss of its id_tokens)")
    .requiredOption('--client-id <id>', 'the client id the platform gave Laurel')
    .requiredOption('--deployment <id>', 'a deployment id launches may name (repeat for several)', collect)
    .requiredOption('--auth-login-url <url>', "the platform's OIDC authorization endpoint")
    .requiredOption('--jwks-url <url>', "the platform's public keys (JWKS)")
    .option('--access-token-url <url>', "the platform's OAuth 2.0 token endpoint (LTI services)")
    .option('--learner-claim <claim>', 'what names the learner: sub (default), username or email')
    .option('--allow-http', 'accept http URLs (local test platforms only)')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: AddOptions) => {
      const store = await openExistingStore(options.database);
      try {
        const { registerLtiPlatform } = await import('@laurel/lti');
        const platform = await registerLtiPlatform({ store, ...(options.allowHttp ? { allowHttp: true } : {}) }, ACTOR, {
          issuerId: options.issuer,
          name: options.name,
          platformIssuer: options.platformIssuer,
          clientId: options.clientId,
          deploymentIds: options.deployment,
          authLoginUrl: options.authLoginUrl,
          jwksUrl: options.jwksUrl,
          ...(options.accessTokenUrl ? { accessTokenUrl: options.accessTokenUrl } : {}),
          ...(options.learnerClaim ? { learnerClaim: options.learnerClaim as 'sub' } : {}),
        });
        io.stdout(formatJson(platform));
        io.stderr(`Registered LTI platform ${platform.id} (${platform.platformIssuer}, client ${platform.clientId}).\n`);
      } finally {
        await store.close();
      }
    });
  platforms
    .command('list')
    .description('The registered platforms, oldest first')
    .option('--issuer <id>', "only this issuer's")
    .option('--json', 'print JSON')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: { issuer?: string; json?: boolean; database?: string }) => {
      const store = await openExistingStore(options.database);
      try {
        const { listLtiPlatforms } = await import('@laurel/lti');
        const list = await listLtiPlatforms({ store }, options.issuer ?? null);
        if (options.json) io.stdout(formatJson(list));
        else for (const platform of list) io.stdout(`${platform.id}\t${platform.issuerId}\t${platform.platformIssuer}\t${platform.clientId}\t${platform.deploymentIds.join(',')}\t${platform.name}\n`);
      } finally {
        await store.close();
      }
    });
  platforms
    .command('remove')
    .description('Remove a platform: its launches are refused from now on')
    .argument('<platform>', 'platform id')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (platformId: string, options: { database?: string }) => {
      const store = await openExistingStore(options.database);
      try {
        const { getLtiPlatform, removeLtiPlatform } = await import('@laurel/lti');
        await removeLtiPlatform({ store }, ACTOR, await getLtiPlatform({ store }, platformId));
        io.stderr(`Removed LTI platform ${platformId}.\n`);
      } finally {
        await store.close();
      }
    });
}
