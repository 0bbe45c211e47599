import type { RecordData } from './record-data.js';

/**
 * A spreadsheet cell: quoted, and a leading = + - @ neutralised so opening
 * the file in a spreadsheet never evaluates a formula from a course name.
 */
export function csvCell(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The record as CSV: one row per achievement, with its credential (if earned) and what is still missing. */
export function recordCsv(record: RecordData): string {
  const header = ['achievement', 'kind', 'tier', 'earned', 'issued_on', 'credential_url', 'credential_state', 'requirements'];
  const rows = record.progress.map((progress) => {
    const credential = record.credentials.find((candidate) => candidate.achievementId === progress.achievementId);
    return [
      progress.name,
      progress.kind,
      credential?.tier,
      progress.earned ? 'yes' : 'no',
      credential?.issuedOn,
      credential?.url,
      credential?.state,
      progress.requirements.map((requirement) => `${requirement.met ? '✔' : '✘'} ${requirement.description}`).join('; '),
    ];
  });
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
