import type { Command } from 'commander';
import {
  MIN_STATUS_LIST_LENGTH,
  createStatusList,
  createStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  getStatusValue,
  LIFECYCLE_STATUS_MESSAGES,
  LIFECYCLE_STATUS_SIZE,
  nextStatus,
  setStatusBit,
  setStatusValue,
  type StatusListFormat,
  type StatusPurpose,
} from '@laurel/status-list';
import { signCredential } from '@laurel/suites';
import { formatJson, readJsonInput, UsageError, writeOutput, type CliIo } from '../io.js';
import { loadKeyFile } from '../key-file.js';

const FORMATS: readonly StatusListFormat[] = ['BitstringStatusList', 'StatusList2021'];
const PURPOSES: readonly (StatusPurpose | 'message')[] = ['revocation', 'suspension', 'message'];
type ListPurpose = StatusPurpose | 'message';

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
  purpose: ListPurpose;
  encodedList: string;
}

/** Bits per entry of a message list: the list does not say (its entries do), so the caller may. */
function statusSizeOf(text: string | undefined): number {
  const size = Number(text ?? LIFECYCLE_STATUS_SIZE);
  if (!Number.isSafeInteger(size) || size < 1 || size > 16) throw new UsageError(`--status-size must be a whole number from 1 to 16, not "${text}".`);
  return size;
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
  if (!PURPOSES.includes(purpose as ListPurpose)) throw new UsageError(`${file} has a status purpose Laurel does not manage: ${String(purpose)}.`);
  return { format, purpose: purpose as ListPurpose, encodedList: subject.encodedList };
}

export function registerStatusListCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const statusList = program.command('status-list').description('Create and update status lists (revocation, suspension)');

  statusList
    .command('new')
    .description('Create a signed, empty status list credential')
    .requiredOption('--id <url>', 'the URL the list will be published at (credentials point here)')
    .requiredOption('-k, --key <file>', 'the issuer key file; the list is signed by the same issuer as its credentials')
    .option('--purpose <purpose>', `${PURPOSES.join(', ')} (message: a multi-bit lifecycle list, BitstringStatusList only)`, 'revocation')
    .option('--status-size <bits>', `bits per entry of a message list (default ${LIFECYCLE_STATUS_SIZE})`)
    .option('--format <format>', `${FORMATS.join(' (VC 2.0) or ')} (VC 1.1)`, 'BitstringStatusList')
    .option('--length <n>', 'number of entries (at least 131072, for privacy)', '131072')
    .option('--valid-until <datetime>', 'when verifiers must stop trusting this copy')
    .option('--ttl <ms>', 'how long verifiers may cache it, in milliseconds (BitstringStatusList)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (options: { id: string; key: string; purpose: string; format: string; length: string; statusSize?: string; validUntil?: string; ttl?: string; out?: string }) => {
      if (!PURPOSES.includes(options.purpose as ListPurpose)) throw new UsageError(`--purpose must be ${PURPOSES.join(', ')}.`);
      if (options.purpose === 'message' && options.format !== 'BitstringStatusList') throw new UsageError('--purpose message is a BitstringStatusList feature.');
      if (!FORMATS.includes(options.format as StatusListFormat)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}.`);
      const key = await loadKeyFile(io, options.key, { needSecret: true });
      const format = options.format as StatusListFormat;
      // Verifiers refuse shorter lists (herd privacy); only the issuer's tests make them.
      if (Number(options.length) < MIN_STATUS_LIST_LENGTH) throw new UsageError(`--length must be at least ${MIN_STATUS_LIST_LENGTH}, the spec's minimum.`);
      // §3.2 step 9: a list's length in entries is its bits divided by statusSize, so each entry gets its bits.
      const size = options.purpose === 'message' ? statusSizeOf(options.statusSize) : 1;
      const list = createStatusList(Number(options.length) * size);
      const unsigned = createStatusListCredential({
        id: options.id,
        issuer: key.controller,
        statusPurpose: options.purpose as ListPurpose,
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
    .description('Revoke or suspend (or, with --clear, unsuspend) one index, or set a message list entry\'s --value, and re-sign the list')
    .argument('<file>', 'the status list credential')
    .requiredOption('--index <n>', 'the credential\'s statusListIndex')
    .requiredOption('-k, --key <file>', 'the issuer key file, to re-sign the list')
    .option('--clear', 'clear the bit (lifts a suspension; a revocation cannot be lifted)')
    .option('--value <n>', `a message list's new value for the entry (lifecycle: ${LIFECYCLE_STATUS_MESSAGES.map((row, value) => `${value} ${row.message}`).join(', ')})`)
    .option('--status-size <bits>', `bits per entry of a message list (default ${LIFECYCLE_STATUS_SIZE})`)
    .option('-o, --out <file>', 'write to a file instead of standard output (may be the same file)')
    .action(async (file: string, options: { index: string; key: string; clear?: boolean; value?: string; statusSize?: string; out?: string }) => {
      const credential = await readJsonInput(io, file, 'status list credential');
      const { format, purpose, encodedList } = listParts(credential, file);
      const index = parseIndex(options.index);
      if ((purpose === 'message') !== (options.value !== undefined)) throw new UsageError(purpose === 'message' ? `${file} is a message list: give --value.` : '--value is for message lists.');
      const key = await loadKeyFile(io, options.key, { needSecret: true });
      const list = await decodeStatusList(encodedList, { format });
      let changed;
      if (purpose === 'message') {
        const value = Number(options.value);
        const size = statusSizeOf(options.statusSize);
        if (!/^\d+$/.test(options.value ?? '') || value >= 2 ** size) throw new UsageError(`--value must be a whole number from 0 to ${2 ** size - 1}, not "${options.value}".`);
        changed = setStatusValue(list, index, size, value);
      } else {
        changed = setStatusBit(list, index, nextStatus({ purpose, current: getStatusBit(list, index), requested: !options.clear }));
      }
      const { proof: _oldProof, ...rest } = credential;
      const updated = {
        ...rest,
        credentialSubject: { ...(credential.credentialSubject as Record<string, unknown>), encodedList: await encodeStatusList(changed, { format }) },
      };
      await writeOutput(io, options.out, formatJson(await signCredential(updated, { key })));
    });

  statusList
    .command('get')
    .description('Print whether one index is set ("set") or not ("clear"); for a message list, its value')
    .argument('<file>', 'the status list credential')
    .requiredOption('--index <n>', 'the statusListIndex to read')
    .option('--status-size <bits>', `bits per entry of a message list (default ${LIFECYCLE_STATUS_SIZE})`)
    .addHelpText('after', '\nExit codes: 0 clear (a message list: value 0), 1 set (any other value).')
    .action(async (file: string, options: { index: string; statusSize?: string }) => {
      const credential = await readJsonInput(io, file, 'status list credential');
      const { format, purpose, encodedList } = listParts(credential, file);
      const list = await decodeStatusList(encodedList, { format });
      if (purpose === 'message') {
        const value = getStatusValue(list, parseIndex(options.index), statusSizeOf(options.statusSize));
        io.stdout(`0x${value.toString(16)} (message)\n`);
        setExitCode(value === 0 ? 0 : 1);
        return;
      }
      const set = getStatusBit(list, parseIndex(options.index));
      io.stdout(`${set ? 'set' : 'clear'} (${purpose})\n`);
      setExitCode(set ? 1 : 0);
    });
}
