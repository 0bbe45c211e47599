import type { Command } from 'commander';
import { didWebFromDomain } from '@laurel/contexts';
import { buildDidWebDocument, publicIssuerKey, type PublicIssuerKey } from '@laurel/suites';
import { formatJson, UsageError, writeOutput, type CliIo } from '../io.js';
import { loadKeyFile } from '../key-file.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerDidCommands(program: Command, io: CliIo): void {
  const did = program.command('did').description('Work with issuer DIDs');
  did
    .command('web')
    .description('Print the did.json to publish for a did:web issuer')
    .argument('<domain>', 'the domain (and optional port) that serves the DID document, e.g. credentials.example.edu')
    .requiredOption('-k, --key <file>', 'a key file; repeat for several keys (old ones keep verifying)', collect)
    .option('--path <segments>', 'colon-separated path, for did:web:<domain>:<path> (served at /<path>/did.json)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (domain: string, options: { key: string[]; path?: string; out?: string }) => {
      if (domain.includes('/')) throw new UsageError(`"${domain}" should be a domain name like credentials.example.edu, not a URL.`);
      const identifier = didWebFromDomain(domain, options.path ? options.path.split(':').filter(Boolean) : []);
      const keys: PublicIssuerKey[] = [];
      for (const file of options.key) {
        const key = publicIssuerKey(await loadKeyFile(io, file, { needSecret: false }));
        // A key made for did:key is re-homed under the did:web DID; the key material is the same.
        keys.push(key.controller === identifier ? key : { ...key, controller: identifier, id: `${identifier}#${key.publicKeyMultibase}` });
      }
      await writeOutput(io, options.out, formatJson(buildDidWebDocument(identifier, keys)));
    });
}
