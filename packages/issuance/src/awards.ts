import { z } from 'zod';
import { LaurelError } from '@laurel/models';
import type { Achievement, Issuer, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { credentialUrl, type IssuanceDeps } from './deps.js';
import { learnerInputSchema } from './completions.js';
import { NotFoundError } from './errors.js';
import { getIssuer, signingKeyOf } from './issuers.js';
import { issueRecorded } from './issue-recorded.js';
import { publishStatusLists } from './status-lists.js';

export const manualAwardSchema = z.strictObject({
  /** The achievement's id, or its LMS id (externalId). */
  achievement: z.string().trim().min(1).max(255),
  learner: learnerInputSchema,
  /** Why it is awarded without a completion record: kept in the audit log. */
  reason: z.string().trim().min(1).max(500),
  /** When it was earned (legacy certificates); default now. */
  issuedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ManualAward = z.infer<typeof manualAwardSchema>;

export interface AwardOutcome {
  /** false: the learner already held it; that credential is answered. */
  issued: boolean;
  credentialId: string;
  url: string;
  achievementId: string;
  learnerId: string;
}

/** The issuer's live achievement named by id or LMS id. */
async function achievementNamed(tx: Pick<Repositories, 'achievements'>, issuerId: string, name: string): Promise<Achievement> {
  const byId = await tx.achievements.get(name);
  if (byId?.issuerId === issuerId) return byId;
  const byExternal = (await tx.achievements.listForIssuer(issuerId)).filter((achievement) => achievement.externalId === name);
  if (byExternal.length === 1) return byExternal[0]!;
  if (byExternal.length > 1) {
    throw new LaurelError('INVALID_INPUT', `Several achievements have LMS id ${name} (tiers): name one by its id.`, { issues: [{ path: 'achievement', message: 'is ambiguous: use the achievement id' }] });
  }
  throw new NotFoundError('achievement', name);
}

/** One award inside the caller's transaction; `rowKey` makes it idempotent for imports. */
async function awardIn(tx: Repositories, deps: IssuanceDeps, actor: string, issuer: Issuer, key: IssuerKey, award: ManualAward, rowKey?: string): Promise<AwardOutcome & { touchedStatusLists: string[] }> {
  const achievement = await achievementNamed(tx, issuer.id, award.achievement);
  const { learner } = await tx.learners.upsert({ issuerId: issuer.id, ...award.learner });
  const details = { manual: true, reason: award.reason, ...(rowKey !== undefined ? { rowKey } : {}) };
  const outcome = await issueRecorded(tx, deps, actor, { issuer, key, achievement, learner, ...(award.issuedAt ? { issuedAt: new Date(award.issuedAt) } : {}) }, details);
  if (rowKey !== undefined) await tx.importRows.insert({ issuerId: issuer.id, rowKey, credentialId: outcome.credential.id });
  return {
    issued: outcome.inserted,
    credentialId: outcome.credential.id,
    url: credentialUrl(deps.urls, outcome.credential.id),
    achievementId: achievement.id,
    learnerId: learner.id,
    touchedStatusLists: outcome.touchedStatusLists,
  };
}

/**
 * Issues an achievement to a learner without a completion record, with a
 * reason (audited with the `credential.issue` row). A learner who already
 * holds it gets that credential back, issued false. Archived achievements refuse.
 */
export async function awardAchievement(deps: IssuanceDeps, actor: string, issuerId: string, input: ManualAward): Promise<AwardOutcome> {
  const award = manualAwardSchema.parse(input);
  const issuer = await getIssuer(deps.store, issuerId);
  const key = await signingKeyOf(deps, deps.store, issuer);
  const { touchedStatusLists, ...outcome } = await deps.store.transaction((tx) => awardIn(tx, deps, actor, issuer, key, award));
  await publishStatusLists(deps, touchedStatusLists);
  return outcome;
}

export interface ImportRowReport {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  rowKey: string | null;
  outcome: 'issued' | 'existing' | 'duplicate' | 'failed';
  credentialId?: string;
  errors?: { path: string; message: string }[];
}

export interface ImportReport {
  rows: number;
  issued: number;
  existing: number;
  duplicate: number;
  failed: number;
  report: ImportRowReport[];
}

/**
 * The CSV columns, by header name. `row_key` makes a row idempotent: importing
 * it again reports `duplicate` and issues nothing.
 */
const csvRowSchema = z.strictObject({
  row_key: z.string().trim().min(1).max(255),
  achievement: z.string().trim().min(1).max(255),
  lms_user_id: z.string().trim().min(1).max(255),
  name: z.string().trim().max(255).optional(),
  email: z.string().trim().max(254).optional(),
  issued_at: z.string().trim().optional(),
  reason: z.string().trim().max(500).optional(),
});
export const IMPORT_COLUMNS = Object.keys(csvRowSchema.shape);
export const MAX_IMPORT_ROWS = 100_000;

function awardOf(row: z.infer<typeof csvRowSchema>): ManualAward {
  const blank = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  return manualAwardSchema.parse({
    achievement: row.achievement,
    learner: { lmsUserId: row.lms_user_id, ...(blank(row.name) ? { name: row.name } : {}), ...(blank(row.email) ? { email: row.email } : {}) },
    reason: blank(row.reason) ?? 'CSV import',
    ...(blank(row.issued_at) ? { issuedAt: row.issued_at } : {}),
  });
}

function issuesOf(error: unknown): { path: string; message: string }[] {
  if (error instanceof z.ZodError) return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  if (error instanceof LaurelError) return [{ path: '', message: error.message }];
  return [{ path: '', message: 'The row could not be imported; importing the file again is safe.' }];
}

/** A header that lacks a required column, or nothing. */
function missingColumns(header: string[]): LaurelError | undefined {
  const missing = ['row_key', 'achievement', 'lms_user_id'].filter((column) => !header.includes(column));
  if (missing.length === 0) return undefined;
  return new LaurelError('INVALID_INPUT', `The CSV lacks the column(s) ${missing.join(', ')}.`, { issues: missing.map((column) => ({ path: `csv.${column}`, message: 'is a required column' })) });
}

function unreadable(error: unknown): LaurelError {
  if (error instanceof LaurelError) return error;
  return new LaurelError('INVALID_INPUT', `The CSV could not be read: ${(error as Error).message}`, { issues: [{ path: 'csv', message: (error as Error).message }] });
}

function tooManyRows(): LaurelError {
  return new LaurelError('INVALID_INPUT', `At most ${MAX_IMPORT_ROWS} rows per import.`, { issues: [{ path: 'csv', message: 'has too many rows' }] });
}

const CSV_OPTIONS = { columns: true, skip_empty_lines: true, trim: true, bom: true } as const;

/** One row: its own transaction, so a bad row fails alone and its entry says why. */
async function importRow(deps: IssuanceDeps, actor: string, issuer: Issuer, key: IssuerKey, record: Record<string, string>, line: number, touched: Set<string>): Promise<ImportRowReport> {
  const rowKey = typeof record.row_key === 'string' && record.row_key !== '' ? record.row_key : null;
  try {
    const row = csvRowSchema.parse(record);
    const award = awardOf(row);
    const before = await deps.store.importRows.get(issuer.id, row.row_key);
    if (before) return { line, rowKey, outcome: 'duplicate', credentialId: before.credentialId };
    const outcome = await deps.store.transaction((tx) => awardIn(tx, deps, actor, issuer, key, award, row.row_key));
    for (const list of outcome.touchedStatusLists) touched.add(list);
    return { line, rowKey, outcome: outcome.issued ? 'issued' : 'existing', credentialId: outcome.credentialId };
  } catch (error) {
    // Another import of the same row committed first: that is a duplicate, not a failure.
    const raced = error instanceof LaurelError && error.code === 'CONFLICT' && rowKey !== null ? await deps.store.importRows.get(issuer.id, rowKey) : undefined;
    return raced ? { line, rowKey, outcome: 'duplicate', credentialId: raced.credentialId } : { line, rowKey, outcome: 'failed', errors: issuesOf(error) };
  }
}

export type ImportSummary = Omit<ImportReport, 'report'>;

/**
 * Imports the rows one by one, handing each entry to `onEntry` as it is
 * decided (nothing is kept), then publishes the status lists the rows touched.
 */
async function importEachRow(deps: IssuanceDeps, actor: string, issuerId: string, records: AsyncIterable<Record<string, string>> | Iterable<Record<string, string>>, total: number, onEntry: (entry: ImportRowReport, done: number) => void | Promise<void>): Promise<ImportSummary> {
  const issuer = await getIssuer(deps.store, issuerId);
  const key = await signingKeyOf(deps, deps.store, issuer);
  const summary: ImportSummary = { rows: total, issued: 0, existing: 0, duplicate: 0, failed: 0 };
  const touched = new Set<string>();
  let done = 0;
  for await (const record of records) {
    done += 1;
    if (done > total) throw new LaurelError('CONFLICT', 'The CSV changed while it was being imported; importing it again is safe.');
    const entry = await importRow(deps, actor, issuer, key, record, done + 1, touched);
    summary[entry.outcome] += 1;
    await onEntry(entry, done);
  }
  await publishStatusLists(deps, [...touched]);
  return summary;
}

/**
 * Imports awards from CSV text (legacy certificates, offline results): one
 * transaction per row, so a bad row fails alone and its entry says why.
 * Idempotent on `row_key`. Each row's entry goes to `onEntry` as it is decided.
 */
export async function importAwardsCsvText(deps: IssuanceDeps, actor: string, issuerId: string, csv: string, onEntry: (entry: ImportRowReport, done: number, total: number) => void | Promise<void>): Promise<ImportSummary> {
  const { parse } = await import('csv-parse/sync');
  let records: Record<string, string>[];
  try {
    records = parse(csv, CSV_OPTIONS) as Record<string, string>[];
  } catch (error) {
    throw unreadable(error);
  }
  if (records.length > MAX_IMPORT_ROWS) throw tooManyRows();
  const missing = records.length > 0 ? missingColumns(Object.keys(records[0]!)) : undefined;
  if (missing) throw missing;
  return importEachRow(deps, actor, issuerId, records, records.length, (entry, done) => onEntry(entry, done, records.length));
}

/** `importAwardsCsvText` with the whole report returned; `onProgress(done, total)` after each row. */
export async function importAwardsCsv(deps: IssuanceDeps, actor: string, issuerId: string, csv: string, onProgress?: (done: number, total: number) => void): Promise<ImportReport> {
  const report: ImportRowReport[] = [];
  const summary = await importAwardsCsvText(deps, actor, issuerId, csv, (entry, done, total) => {
    report.push(entry);
    onProgress?.(done, total);
  });
  return { ...summary, report };
}

/** The rows of a CSV file, streamed: memory stays flat however long the file is. */
async function* csvRecords(file: string): AsyncGenerator<Record<string, string>> {
  const [{ parse }, { createReadStream }] = await Promise.all([import('csv-parse'), import('node:fs')]);
  const parser = createReadStream(file).pipe(parse(CSV_OPTIONS));
  try {
    for await (const record of parser) yield record as Record<string, string>;
  } finally {
    parser.destroy();
  }
}

/**
 * `importAwardsCsvText` for a file of up to MAX_IMPORT_ROWS rows, read twice and
 * never held whole: a first pass checks the header and counts the rows (a bad
 * file writes nothing), the second imports them. Each row's entry goes to
 * `onEntry` as it is decided, so a report can be written as the import runs.
 */
export async function importAwardsCsvFile(deps: IssuanceDeps, actor: string, issuerId: string, file: string, onEntry: (entry: ImportRowReport, done: number, total: number) => void | Promise<void>): Promise<ImportSummary> {
  let total = 0;
  try {
    for await (const record of csvRecords(file)) {
      if (total === 0) {
        const missing = missingColumns(Object.keys(record));
        if (missing) throw missing;
      }
      total += 1;
      if (total > MAX_IMPORT_ROWS) throw tooManyRows();
    }
  } catch (error) {
    throw unreadable(error);
  }
  return importEachRow(deps, actor, issuerId, csvRecords(file), total, (entry, done) => onEntry(entry, done, total));
}
