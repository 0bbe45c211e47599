import type { Command } from 'commander';
import {
  MIN_STATUS_LIST_LENGTH,
  createStatusList,
  createStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  nextStatus,
  setStatusBit,
  type StatusListFormat,
  type StatusPurpose,
} from '@laurel/status-list';
import { signCredential } from '@laurel/suites';
import { formatJson, readJsonInput, UsageError, writeOutput, type CliIo } from '../io.js';
import { loadKeyFile } from '../key-file.js';

const FORMATS: readonly StatusListFormat[] = ['BitstringStatusList', 'StatusList2021'];
const PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

function nowStamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseIndex(text: string): number {
  const index = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(index)) throw new UsageError(`--index must be a whole number ≥ 0, not "${text}".`);
  return index;
}

interface ListParts {
  format: StatusListFormat;
  purpose: StatusPurpose;
  encodedList: string;
}

/** What a status list credential file says about its list, checked enough to edit it safely. */
function listParts(credential: Record<string, unknown>, file: string): ListParts {
  const types = ([] as unknown[]).concat(credential.type);
  const format: StatusListFormat | undefined = types.includes('BitstringStatusListCredential')
    ? 'BitstringStatusList'
    : types.includes('StatusList2021Credential') ? 'StatusList2021' : undefined;
  const subject = credential.credentialSubject as Record<string, unknown> | undefined;
  if (!format || !subject || typeof subject.encodedList !== 'string') throw new UsageError(`${file} is not a status list credential.`);
  const purpose = subject.statusPurpose;
  if (purpose !== 'revocation' && purpose !== 'suspension') throw new UsageError(`${file} has a status purpose Laurel does not manage: ${String(purpose)}.`);
  return { format, purpose, encodedList: subject.encodedList };
}

export function registerStatusListCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const statusList = program.command('status-list').description('Create and update status lists (revocation, suspension)');

  statusList
    .command('new')
    .description('Create a signed, empty status list credential')
    .requiredOption('--id <url>', 'the URL the list will be published at (credentials point here)')
    .requiredOption('-k, --key <file>', 'the issuer key file; the list is signed by the same issuer as its credentials')
    .option('--purpose <purpose>', `${PURPOSES.join(' or ')}`, 'revocation')
    .option('--format <format>', `${FORMATS.join(' (VC 2.0) or ')} (VC 1.1)`, 'BitstringStatusList')
    .option('--length <n>', 'number of entries (at least 131072, for privacy)', '131072')
    .option('--valid-until <datetime>', 'when verifiers must stop trusting this copy')
    .option('--ttl <ms>', 'how long verifiers may cache it, in milliseconds (BitstringStatusList)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (options: { id: string; key: string; purpose: string; format: string; length: string; validUntil?: string; ttl?: string; out?: string }) => {
      if (!PURPOSES.includes(options.purpose as StatusPurpose)) throw new UsageError(`--purpose must be ${PURPOSES.join(' or ')}.`);
      if (!FORMATS.includes(options.format as StatusListFormat)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}.`);
      const key = await loadKeyFile(io, options.key, { needSecret: true });
      const format = options.format as StatusListFormat;
      // Verifiers refuse shorter lists (herd privacy); only the issuer's tests make them.
      if (Number(options.length) < MIN_STATUS_LIST_LENGTH) throw new UsageError(`--length must be at least ${MIN_STATUS_LIST_LENGTH}, the spec's minimum.`);
      const list = createStatusList(Number(options.length));
      const unsigned = createStatusListCredential({
        id: options.id,
        issuer: key.controller,
        statusPurpose: options.purpose as StatusPurpose,
        encodedList: await encodeStatusList(list, { format }),
        format,
        validFrom: nowStamp(),
        ...(options.validUntil ? { validUntil: options.validUntil } : {}),
        ...(options.ttl ? { ttl: Number(options.ttl) } : {}),
      });
      await writeOutput(io, options.out, formatJson(await signCredential(unsigned, { key })));
    });

  statusList
    .command('set')
    .description('Revoke or suspend (or, with --clear, unsuspend) one index, and re-sign the list')
    .argument('<file>', 'the status list credential')
    .requiredOption('--index <n>', 'the credential\'s statusListIndex')
    .requiredOption('-k, --key <file>', 'the issuer key file, to re-sign the list')
    .option('--clear', 'clear the bit (lifts a suspension; a revocation cannot be lifted)')
    .option('-o, --out <file>', 'write to a file instead of standard output (may be the same file)')
    .action(async (file: string, options: { index: string; key: string; clear?: boolean; out?: string }) => {
      const credential = await readJsonInput(io, file, 'status list credential');
      const { format, purpose, encodedList } = listParts(credential, file);
      const index = parseIndex(options.index);
      const key = await loadKeyFile(io, options.key, { needSecret: true });
      const list = await decodeStatusList(encodedList, { format });
      const value = nextStatus({ purpose, current: getStatusBit(list, index), requested: !options.clear });
      const { proof: _oldProof, ...rest } = credential;
      const updated = {
        ...rest,
        credentialSubject: { ...(credential.credentialSubject as Record<string, unknown>), encodedList: await encodeStatusList(setStatusBit(list, index, value), { format }) },
      };
      await writeOutput(io, options.out, formatJson(await signCredential(updated, { key })));
    });

  statusList
    .command('get')
    .description('Print whether one index is set ("set") or not ("clear")')
    .argument('<file>', 'the status list credential')
    .requiredOption('--index <n>', 'the statusListIndex to read')
    .addHelpText('after', '\nExit codes: 0 clear, 1 set.')
    .action(async (file: string, options: { index: string }) => {
      const credential = await readJsonInput(io, file, 'status list credential');
      const { format, purpose } = listParts(credential, file);
      const set = getStatusBit(await decodeStatusList(listParts(credential, file).encodedList, { format }), parseIndex(options.index));
      io.stdout(`${set ? 'set' : 'clear'} (${purpose})\n`);
      setExitCode(set ? 1 : 0);
    });
}
