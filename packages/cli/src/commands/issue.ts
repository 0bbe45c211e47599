import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { buildOpenBadgeCredential, type OpenBadgeCredentialInput } from '@laurel/models';
import { LIFECYCLE_STATUS_MESSAGES, LIFECYCLE_STATUS_SIZE, createRevocationListEntry, createStatusEntry, type StatusPurpose } from '@laurel/status-list';
import { signCredential, SUITES, type SuiteName } from '@laurel/suites';
import { formatJson, readJsonInput, UsageError, writeOutput, type CliIo } from '../io.js';
import { loadKeyFile } from '../key-file.js';

interface IssueOptions {
  key: string;
  in?: string;
  achievement?: string;
  recipient?: string;
  recipientName?: string;
  issuerName?: string;
  description?: string;
  criteria?: string;
  id?: string;
  validFrom?: string;
  validUntil?: string;
  vcVersion: string;
  suite?: string;
  statusList?: string;
  statusIndex?: string;
  statusPurpose: string[];
  statusReference?: string;
  revocationList?: string;
  out?: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'achievement';
}

function statusEntries(options: IssueOptions): Record<string, unknown>[] | undefined {
  if (options.revocationList !== undefined) {
    if (options.statusList || options.statusIndex !== undefined) throw new UsageError('Use either --revocation-list or --status-list/--status-index, not both.');
    try {
      return [createRevocationListEntry(options.revocationList)];
    } catch {
      throw new UsageError(`--revocation-list must be an absolute URL, not "${options.revocationList}".`);
    }
  }
  if (!options.statusList && options.statusIndex === undefined) return undefined;
  if (!options.statusList || options.statusIndex === undefined) throw new UsageError('--status-list and --status-index go together.');
  const index = Number(options.statusIndex);
  if (!Number.isSafeInteger(index) || index < 0) throw new UsageError(`--status-index must be a whole number ≥ 0, not "${options.statusIndex}".`);
  const format = options.vcVersion === '1.1' ? 'StatusList2021' : 'BitstringStatusList';
  return options.statusPurpose.map((purpose) => {
    if (purpose !== 'revocation' && purpose !== 'suspension' && purpose !== 'message') throw new UsageError(`--status-purpose must be revocation, suspension or message, not "${purpose}".`);
    if (purpose === 'message' && format !== 'BitstringStatusList') throw new UsageError('--status-purpose message is a BitstringStatusList (VC 2.0) feature.');
    // One list per purpose: the list URL gets the purpose appended unless only one purpose is used.
    const url = options.statusPurpose.length === 1 ? options.statusList! : `${options.statusList}-${purpose}`;
    // A message entry is the credential's lifecycle: 2 bits, 0 = active (the only value verifiers call valid).
    const lifecycle = purpose === 'message' ? { statusSize: LIFECYCLE_STATUS_SIZE, statusMessage: LIFECYCLE_STATUS_MESSAGES } : {};
    const reference = options.statusReference !== undefined && purpose === 'message' ? { statusReference: options.statusReference } : {};
    try {
      return createStatusEntry({ statusListCredential: url, statusListIndex: index, statusPurpose: purpose as StatusPurpose | 'message', format, ...lifecycle, ...reference }) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
}

async function unsignedCredential(io: CliIo, options: IssueOptions, issuer: string): Promise<Record<string, unknown>> {
  if (options.in) {
    if (options.achievement || options.recipient) throw new UsageError('Use either --in (sign a credential you wrote) or --achievement/--recipient (build one), not both.');
    return readJsonInput(io, options.in, 'credential');
  }
  if (!options.achievement || !options.recipient) {
    throw new UsageError('Say what to sign: --in FILE (or - for standard input), or --achievement NAME --recipient ID.');
  }
  const version = options.vcVersion;
  if (version !== '1.1' && version !== '2.0') throw new UsageError(`--vc-version must be 2.0 or 1.1, not "${version}".`);
  const status = statusEntries(options);
  const input: OpenBadgeCredentialInput = {
    id: options.id ?? `urn:uuid:${randomUUID()}`,
    issuer: { id: issuer, name: options.issuerName ?? issuer },
    achievement: {
      id: `urn:laurel:achievement:${slug(options.achievement)}`,
      name: options.achievement,
      description: options.description ?? options.achievement,
      criteria: { narrative: options.criteria ?? `Earned ${options.achievement}.` },
    },
    recipient: /^[a-z][a-z0-9+.-]*:/i.test(options.recipient)
      ? { id: options.recipient, ...(options.recipientName ? { name: options.recipientName } : {}) }
      : { email: options.recipient, ...(options.recipientName ? { name: options.recipientName } : {}) },
    validFrom: options.validFrom ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(options.validUntil ? { validUntil: options.validUntil } : {}),
    ...(status ? { credentialStatus: status as OpenBadgeCredentialInput['credentialStatus'] } : {}),
  };
  return version === '1.1' ? buildOpenBadgeCredential(input, { version: '1.1' }) : buildOpenBadgeCredential(input);
}

export function registerIssueCommand(program: Command, io: CliIo): void {
  program
    .command('issue')
    .description('Sign a credential: one you wrote (--in), or an Open Badges 3.0 credential built from options')
    .requiredOption('-k, --key <file>', 'the issuer key file (from "laurel keys new")')
    .option('-i, --in <file>', 'an unsigned credential to sign, or - for standard input')
    .option('-a, --achievement <name>', 'build an OpenBadgeCredential for this achievement')
    .option('-r, --recipient <id>', "the learner: a DID or URL (credentialSubject.id), or an email address")
    .option('--recipient-name <name>', "the learner's name")
    .option('--issuer-name <name>', "the issuer's display name")
    .option('--description <text>', 'achievement description')
    .option('--criteria <text>', 'what the learner did to earn it')
    .option('--id <url>', 'credential id (default: a new urn:uuid)')
    .option('--valid-from <datetime>', 'default: now')
    .option('--valid-until <datetime>', 'expiry (default: none)')
    .option('--vc-version <version>', 'data model: 2.0, or 1.1 for older wallets', '2.0')
    .option('--suite <suite>', `proof suite: ${SUITES.join(' or ')} (default: by data model)`)
    .option('--status-list <url>', 'status list credential URL, to make the credential revocable')
    .option('--status-index <n>', 'this credential\'s index in the status list')
    .option('--status-reference <url>', 'with --status-purpose message: where you explain the lifecycle values')
    .option('--status-purpose <purpose>', 'revocation, suspension and/or message (a 2-bit lifecycle: 0 active, 1 pending, 2 expired, 3 suspended) (repeatable)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--revocation-list <url>', "a 1EdTech revocation list URL, the credential's one status entry (the form 1EdTech's VC 1.1 OB 3.0 schema accepts)")
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExamples:\n  laurel issue --key issuer.json --achievement "Data Science 101" --recipient did:key:z6Mk...\n  laurel issue --key issuer.json --vc-version 1.1 --achievement "Data Science 101" --recipient did:key:z6Mk... --revocation-list https://verify.example.edu/revocation-lists/ID\n  laurel issue --key issuer.json --in unsigned.json > signed.json')
    .action(async (options: IssueOptions) => {
      options.statusPurpose ??= ['revocation'];
      if (options.suite && !SUITES.includes(options.suite as SuiteName)) throw new UsageError(`--suite must be ${SUITES.join(' or ')}, not "${options.suite}".`);
      const key = await loadKeyFile(io, options.key, { needSecret: true });
      const credential = await unsignedCredential(io, options, key.controller);
      const signed = await signCredential(credential, { key, ...(options.suite ? { suite: options.suite as SuiteName } : {}) });
      await writeOutput(io, options.out, formatJson(signed));
    });
}
