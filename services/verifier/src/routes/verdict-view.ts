import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { summarizeCredential, type CredentialSummary } from '../credential-summary.js';
import { VERDICT_HEADINGS, failureReason, type IssuerRecognition } from '@laurel/trust';
import type { ReportedCheck, VerificationReport } from '../verifier.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The verify page's answer. Three things must never be confused: "authentic and issued by
 * someone this verifier recognises" (green), "authentic, but signed by someone nobody here
 * vouches for" (amber), and "not valid" (red). Whatever the credential says about itself is
 * shown as a fact only under green; otherwise it is visibly and audibly a claim.
 */
export const VERDICT_STYLE = `
.verdict.trusted{background:#d9f2e0;color:#0f4d22}.verdict.unrecognized-issuer{background:#fff1cc;color:#5c4100}
.verdict.invalid{background:#fbe0e0;color:#7a1010}.verdict.indeterminate{background:#e6e8ee;color:#2b2f3a}
ul.checks li.unrecognized{border-color:#a86b00}
.claim-mark{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.02em;text-transform:uppercase;background:#5c4100;color:#fff;padding:0 .35rem;border-radius:3px;margin-right:.4rem}
dl.claims{border:2px dashed #8a6d00;background:#fffdf5}dl.claims dd q{font-style:italic}
.claims-note{margin:.3rem 0;font-weight:600}
.did{font-family:ui-monospace,monospace;font-size:.9em;overflow-wrap:anywhere}
`;

const CHECK_LABELS: Record<string, string> = {
  proof: 'Signature',
  validity: 'Dates',
  status: 'Revocation and suspension',
  // This check says who made the signature, not who that is: recognition is reported apart.
  issuer: "Signed with the issuer's key",
  schema: 'Format',
};
const ICONS = { valid: '✔', invalid: '✘', unknown: '?', unrecognized: '!' } as const;
const WORDS = { valid: 'Valid', invalid: 'Not valid', unknown: 'Could not check' } as const;

function because(report: VerificationReport): string | undefined {
  return failureReason(report.errors);
}

/** The document title starts with the verdict, so a tab or a screen reader says it first. */
export function verdictTitle(report: VerificationReport): string {
  return VERDICT_HEADINGS[report.verdict];
}

function sourceList(recognition: IssuerRecognition): string {
  return recognition.sources.map((source) => source.name).join('; ');
}

function didText(did: string | undefined): Html {
  return did ? html`<span class="did">${did}</span>` : html`an unnamed issuer`;
}

/** A value nobody verified: marked in words (read aloud too) and by its look, wherever it appears. */
function claim(text: string): Html {
  return html`<span class="claim-mark">claimed, not verified</span><q>${text}</q>`;
}

/** Whether a list or registry names the issuer (else only a domain is known: its name stays a claim). */
function named(recognition: IssuerRecognition): boolean {
  return recognition.sources.some((source) => source.type !== 'domain-linkage');
}

function controls(recognition: IssuerRecognition): string {
  return recognition.domains.join(', ');
}

/** Under the heading: who issued it, said only as far as it is known. */
function verdictDetail(report: VerificationReport): Html | string {
  const recognition = report.recognition;
  if (report.verdict === 'trusted' && recognition) {
    if (!named(recognition)) {
      return html`<span class="because">Issued by ${didText(recognition.id)}, which controls ${controls(recognition)} (source: ${sourceList(recognition)}).</span>`;
    }
    return html`<span class="because">Issued by ${recognition.name} (source: ${sourceList(recognition)}).${recognition.domains.length ? ` It controls ${controls(recognition)}.` : ''}</span>`;
  }
  if (report.verdict === 'unrecognized-issuer' && recognition) {
    const claimed = recognition.claimedName ? html`, who claims to be ${claim(recognition.claimedName)}` : '';
    return html`<span class="because">Signed by ${didText(recognition.id)}${claimed} — this issuer is not on any list this verifier trusts.</span>`;
  }
  const reason = because(report);
  return reason ? html`<span class="because">${reason}</span>` : '';
}

function checkItem(check: ReportedCheck): Html {
  return html`<li class="${check.status}"><span class="icon" aria-hidden="true">${ICONS[check.status]}</span><strong>${CHECK_LABELS[check.check] ?? check.check}: ${WORDS[check.status]}.</strong> ${check.reason}</li>`;
}

/** Issuer identity as one more line in the list, so the list alone never reads as "all green". */
function recognitionItem(recognition: IssuerRecognition | undefined): Html | string {
  if (!recognition?.checked) return '';
  const notes = recognition.notes.length ? ` (Could not consult: ${recognition.notes.join(' ')})` : '';
  if (recognition.recognized) {
    return html`<li class="valid"><span class="icon" aria-hidden="true">${ICONS.valid}</span><strong>Issuer identity: Recognised.</strong> ${named(recognition) ? recognition.name : html`${recognition.id}, which controls ${controls(recognition)}`} (source: ${sourceList(recognition)}).${notes}</li>`;
  }
  return html`<li class="unrecognized"><span class="icon" aria-hidden="true">${ICONS.unrecognized}</span><strong>Issuer identity: Not recognised.</strong> ${recognition.id} is not on any list this verifier trusts and shows control of no domain.${notes}</li>`;
}

const FIELDS: [keyof CredentialSummary, string][] = [
  ['achievement', 'Achievement'],
  ['recipient', 'Issued to'],
  ['issued', 'Issued'],
  ['expires', 'Expires'],
  ['grade', 'Grade'],
];

/**
 * The credential's details: facts under green; otherwise each value carries its own "claimed, not verified" mark.
 * `level` is the heading level of its title: one below the credential's own heading (h3 in a single result,
 * h4 inside a presentation's credential, so the outline nests and no level is skipped).
 */
function details(report: VerificationReport, summary: CredentialSummary, noteId = 'claims-note', level: 3 | 4 = 3): Html | string {
  const recognition = report.recognition;
  const facts = report.verdict === 'trusted';
  const value = (text: string) => (facts ? html`${text}` : claim(text));
  const issuer = facts && recognition
    ? named(recognition)
      ? html`${recognition.name} (${didText(recognition.id)})${recognition.domains.length ? `, which controls ${controls(recognition)}` : ''}`
      : html`${didText(recognition.id)}, which controls ${controls(recognition)}${recognition.claimedName ? html`; it calls itself ${claim(recognition.claimedName)}` : ''}`
    : recognition?.claimedName
      ? html`${value(recognition.claimedName)}${recognition.id ? html` — ${report.verdict === 'unrecognized-issuer' ? 'signed by' : 'names as its issuer'} ${didText(recognition.id)}` : ''}`
      : report.verdict === 'unrecognized-issuer' && recognition?.id
        ? html`Signed by ${didText(recognition.id)}, which names itself nothing`
        : summary.issuer
          ? value(summary.issuer)
          : '';
  const rows = FIELDS.filter(([field]) => summary[field]).map(
    ([field, label]) => html`<dt>${label}</dt><dd data-field="${field}"${facts ? '' : html` class="claim"`}>${value(summary[field]!)}</dd>`,
  );
  if (rows.length === 0 && !issuer) return '';
  const title = (text: string) => (level === 3 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  const heading = facts
    ? title('Details')
    : report.verdict === 'unrecognized-issuer'
      ? html`${title('What it says')}<p class="claims-note" id="${noteId}">Signed and unchanged, but by an issuer nobody here vouches for: each detail is the signer's claim, not verified.</p>`
      : html`${title('What it claims')}<p class="claims-note" id="${noteId}">This credential did not pass verification: none of these details is verified.</p>`;
  return html`${heading}<dl${facts ? '' : html` class="claims" aria-describedby="${noteId}"`}>
${issuer ? html`<dt>Issuer</dt><dd data-field="issuer"${facts ? '' : html` class="claim"`}>${issuer}</dd>` : ''}
${rows}
</dl>`;
}

/** The result block of the verify page for one credential's report (autofocus: screen readers start at the verdict). */
export function resultSection(report: VerificationReport, credential: unknown): Html {
  const summary = credential ? summarizeCredential(credential) : undefined;
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict ${report.verdict}" tabindex="-1" autofocus>${VERDICT_HEADINGS[report.verdict]} ${verdictDetail(report)}</h2>
${summary ? details(report, summary) : ''}
<h3>Checks</h3>
<ul class="checks">${report.checks.map(checkItem)}${recognitionItem(report.recognition)}</ul>
${report.warnings.map((warning) => html`<p class="warning"><strong>Warning:</strong> ${warning}</p>`)}
</section>`;
}

/** One credential of a presentation: the same verdict, claims and checks as a single result, one heading level down. */
export function credentialSection(report: VerificationReport, credential: unknown, index: number, total: number): Html {
  const summary = credential ? summarizeCredential(credential) : undefined;
  const id = `credential-${index + 1}`;
  return html`<section aria-labelledby="${id}" data-credential="${index + 1}">
<h3 id="${id}" class="verdict ${report.verdict}">Credential ${index + 1} of ${total}: ${VERDICT_HEADINGS[report.verdict]} ${verdictDetail(report)}</h3>
${summary ? details(report, summary, `claims-note-${index + 1}`, 4) : ''}
<ul class="checks">${report.checks.map(checkItem)}${recognitionItem(report.recognition)}</ul>
${report.warnings.map((warning) => html`<p class="warning"><strong>Warning:</strong> ${warning}</p>`)}
</section>`;
}
