import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Verdict, IssuerRecognition } from '@laurel/trust';
import { summarizeCredential, type CredentialSummary } from '../credential-summary.js';
import { phrase, type PageLocale, type VerifyPageMessageKey } from '../page-locale.js';
import type { ReportedCheck, VerificationReport } from '../verifier.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The verify page's answer. Three things must never be confused: "authentic and issued by
 * someone this verifier recognises" (green), "authentic, but signed by someone nobody here
 * vouches for" (amber), and "not valid" (red). Whatever the credential says about itself is
 * shown as a fact only under green; otherwise it is visibly and audibly a claim.
 * Every word is the page language's (locales/*.ts); what the checks report in detail is
 * English technical text, marked lang="en" on a page in another language. What a credential says
 * (names, dates, DIDs) keeps its own direction inside a right-to-left page (unicode-bidi below).
 */
export const VERDICT_STYLE = `
.verdict.trusted{background:#d9f2e0;color:#0f4d22}.verdict.unrecognized-issuer{background:#fff1cc;color:#5c4100}
.verdict.invalid{background:#fbe0e0;color:#7a1010}.verdict.indeterminate{background:#e6e8ee;color:#2b2f3a}
ul.checks li.unrecognized{border-color:#a86b00}
.claim-mark{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.02em;text-transform:uppercase;background:#5c4100;color:#fff;padding:0 .35rem;border-radius:3px;margin-inline-end:.4rem}
dl.claims{border:2px dashed #8a6d00;background:#fffdf5}dl.claims dd q{font-style:italic}
.claims-note{margin:.3rem 0;font-weight:600}
.did{font-family:ui-monospace,monospace;font-size:.9em;overflow-wrap:anywhere;direction:ltr;unicode-bidi:isolate}
q,dd[data-field]:not([data-field=issuer]){unicode-bidi:plaintext}
`;

export const VERDICT_KEYS: Record<Verdict, VerifyPageMessageKey> = {
  trusted: 'verdictTrusted',
  'unrecognized-issuer': 'verdictUnrecognized',
  invalid: 'verdictInvalid',
  indeterminate: 'verdictIndeterminate',
};

const CHECK_KEYS: Record<string, VerifyPageMessageKey> = {
  proof: 'checkProof',
  validity: 'checkValidity',
  status: 'checkStatus',
  // This check says who made the signature, not who that is: recognition is reported apart.
  issuer: 'checkIssuer',
  schema: 'checkSchema',
};
const ICONS = { valid: '✔', invalid: '✘', unknown: '?', unrecognized: '!' } as const;
const STATUS_KEYS = { valid: 'statusValid', invalid: 'statusInvalid', unknown: 'statusUnknown' } as const;

// The commonest reasons a credential fails, said in the verdict itself rather than only in the checks below
// (the same as @laurel/trust's failureReason, which `laurel verify` prints in English).
const FAILURE_KEYS: Record<string, VerifyPageMessageKey> = {
  REVOKED: 'reasonRevoked',
  SUSPENDED: 'reasonSuspended',
  EXPIRED: 'reasonExpired',
  NOT_YET_VALID: 'reasonNotYetValid',
};

function because(report: VerificationReport, { t }: PageLocale): string | undefined {
  const known = report.errors.map((check) => (check.status !== 'valid' && check.code ? FAILURE_KEYS[check.code] : undefined)).find(Boolean);
  if (known) return t[known];
  const failed = (name: string) => report.errors.some((check) => check.check === name && check.status === 'invalid');
  return failed('proof') || failed('issuer') ? t.reasonNotAuthentic : undefined;
}

/** English technical text (check reasons, warnings) as it sits on a page in another language. */
export function technical(text: string, { locale }: PageLocale): Html | string {
  // dir="ltr" isolates it, so a right-to-left page does not move its punctuation.
  return locale === 'en' ? text : html`<span lang="en" dir="ltr">${text}</span>`;
}

/** The document title starts with the verdict, so a tab or a screen reader says it first. */
export function verdictTitle(report: VerificationReport, { t }: PageLocale): string {
  return t[VERDICT_KEYS[report.verdict]];
}

function sourceList(recognition: IssuerRecognition): string {
  return recognition.sources.map((source) => source.name).join('; ');
}

function didText(did: string | undefined, { t }: PageLocale): Html {
  return did ? html`<span class="did">${did}</span>` : html`${t.unnamedIssuer}`;
}

/** A value nobody verified: marked in words (read aloud too) and by its look, wherever it appears. */
function claim(text: string, { t }: PageLocale): Html {
  return html`<span class="claim-mark">${t.claimMark}</span><q>${text}</q>`;
}

/** Whether a list or registry names the issuer (else only a domain is known: its name stays a claim). */
function named(recognition: IssuerRecognition): boolean {
  return recognition.sources.some((source) => source.type !== 'domain-linkage');
}

function controls(recognition: IssuerRecognition): string {
  return recognition.domains.join(', ');
}

/** Under the heading: who issued it, said only as far as it is known. */
function verdictDetail(report: VerificationReport, l: PageLocale): Html | string {
  const { t } = l;
  const recognition = report.recognition;
  if (report.verdict === 'trusted' && recognition) {
    const sources = sourceList(recognition);
    if (!named(recognition)) {
      return html`<span class="because">${phrase(t.issuedByDomain, { did: didText(recognition.id, l), domains: controls(recognition), sources })}</span>`;
    }
    const name = recognition.name ?? '';
    return html`<span class="because">${recognition.domains.length ? phrase(t.issuedByNamedControls, { name, sources, domains: controls(recognition) }) : phrase(t.issuedByNamed, { name, sources })}</span>`;
  }
  if (report.verdict === 'unrecognized-issuer' && recognition) {
    const did = didText(recognition.id, l);
    return html`<span class="because">${recognition.claimedName ? phrase(t.signedByUnrecognizedClaiming, { did, claimed: claim(recognition.claimedName, l) }) : phrase(t.signedByUnrecognized, { did })}</span>`;
  }
  const reason = because(report, l);
  return reason ? html`<span class="because">${reason}</span>` : '';
}

function checkItem(check: ReportedCheck, l: PageLocale): Html {
  const label = CHECK_KEYS[check.check] ? l.t[CHECK_KEYS[check.check]!] : check.check;
  return html`<li class="${check.status}"><span class="icon" aria-hidden="true">${ICONS[check.status]}</span><strong>${phrase(l.t.checkLine, { check: label, status: l.t[STATUS_KEYS[check.status]] })}</strong> ${technical(check.reason, l)}</li>`;
}

/** Issuer identity as one more line in the list, so the list alone never reads as "all green". */
function recognitionItem(recognition: IssuerRecognition | undefined, l: PageLocale): Html | string {
  const { t } = l;
  if (!recognition?.checked) return '';
  const notes = recognition.notes.length ? html` ${phrase(t.couldNotConsult, { notes: technical(recognition.notes.join(' '), l) })}` : '';
  const sources = sourceList(recognition);
  if (recognition.recognized) {
    const who = named(recognition)
      ? phrase(t.identityNamed, { name: recognition.name ?? '', sources })
      : phrase(t.identityDomain, { did: recognition.id ?? '', domains: controls(recognition), sources });
    return html`<li class="valid"><span class="icon" aria-hidden="true">${ICONS.valid}</span><strong>${t.identityRecognised}</strong> ${who}${notes}</li>`;
  }
  return html`<li class="unrecognized"><span class="icon" aria-hidden="true">${ICONS.unrecognized}</span><strong>${t.identityNotRecognised}</strong> ${phrase(t.identityUnknown, { did: recognition.id ?? '' })}${notes}</li>`;
}

const FIELDS: [keyof CredentialSummary, VerifyPageMessageKey][] = [
  ['achievement', 'fieldAchievement'],
  ['recipient', 'fieldRecipient'],
  ['issued', 'fieldIssued'],
  ['expires', 'fieldExpires'],
  ['grade', 'fieldGrade'],
];

/** The issuer row of the details: a fact only under green, and then only as far as a source vouches. */
function issuerValue(report: VerificationReport, summary: CredentialSummary, l: PageLocale): Html | string {
  const { t } = l;
  const recognition = report.recognition;
  const facts = report.verdict === 'trusted';
  const value = (text: string) => (facts ? html`${text}` : claim(text, l));
  if (facts && recognition) {
    const did = didText(recognition.id, l);
    if (named(recognition)) {
      const name = recognition.name ?? '';
      return recognition.domains.length ? phrase(t.issuerNamedControls, { name, did, domains: controls(recognition) }) : phrase(t.issuerNamed, { name, did });
    }
    return recognition.claimedName
      ? phrase(t.issuerDomainClaiming, { did, domains: controls(recognition), claimed: claim(recognition.claimedName, l) })
      : phrase(t.issuerDomain, { did, domains: controls(recognition) });
  }
  if (recognition?.claimedName) {
    if (!recognition.id) return value(recognition.claimedName);
    const message = report.verdict === 'unrecognized-issuer' ? t.issuerClaimSignedBy : t.issuerClaimNamedIn;
    return phrase(message, { claimed: value(recognition.claimedName), did: didText(recognition.id, l) });
  }
  if (report.verdict === 'unrecognized-issuer' && recognition?.id) return phrase(t.issuerNameless, { did: didText(recognition.id, l) });
  return summary.issuer ? value(summary.issuer) : '';
}

/**
 * The credential's details: facts under green; otherwise each value carries its own "claimed, not verified" mark.
 * `level` is the heading level of its title: one below the credential's own heading (h3 in a single result,
 * h4 inside a presentation's credential, so the outline nests and no level is skipped).
 */
function details(report: VerificationReport, summary: CredentialSummary, l: PageLocale, noteId = 'claims-note', level: 3 | 4 = 3): Html | string {
  const { t } = l;
  const facts = report.verdict === 'trusted';
  const value = (text: string) => (facts ? html`${text}` : claim(text, l));
  const issuer = issuerValue(report, summary, l);
  const rows = FIELDS.filter(([field]) => summary[field]).map(
    ([field, label]) => html`<dt>${t[label]}</dt><dd data-field="${field}"${facts ? '' : html` class="claim"`}>${value(summary[field]!)}</dd>`,
  );
  if (rows.length === 0 && !issuer) return '';
  const title = (text: string) => (level === 3 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  const heading = facts
    ? title(t.details)
    : report.verdict === 'unrecognized-issuer'
      ? html`${title(t.whatItSays)}<p class="claims-note" id="${noteId}">${t.whatItSaysNote}</p>`
      : html`${title(t.whatItClaims)}<p class="claims-note" id="${noteId}">${t.whatItClaimsNote}</p>`;
  return html`${heading}<dl${facts ? '' : html` class="claims" aria-describedby="${noteId}"`}>
${issuer ? html`<dt>${t.fieldIssuer}</dt><dd data-field="issuer"${facts ? '' : html` class="claim"`}>${issuer}</dd>` : ''}
${rows}
</dl>`;
}

function checkList(report: VerificationReport, l: PageLocale): Html {
  return html`<ul class="checks">${report.checks.map((check) => checkItem(check, l))}${recognitionItem(report.recognition, l)}</ul>
${report.warnings.map((warning) => html`<p class="warning"><strong>${l.t.warning}</strong> ${technical(warning, l)}</p>`)}`;
}

/** The result block of the verify page for one credential's report (autofocus: screen readers start at the verdict). */
export function resultSection(report: VerificationReport, credential: unknown, l: PageLocale): Html {
  const summary = credential ? summarizeCredential(credential) : undefined;
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict ${report.verdict}" tabindex="-1" autofocus>${verdictTitle(report, l)} ${verdictDetail(report, l)}</h2>
${summary ? details(report, summary, l) : ''}
<h3>${l.t.checks}</h3>
${l.locale === 'en' ? '' : html`<p class="note">${l.t.technicalNote}</p>`}
${checkList(report, l)}
</section>`;
}

/** One credential of a presentation: the same verdict, claims and checks as a single result, one heading level down. */
export function credentialSection(report: VerificationReport, credential: unknown, index: number, total: number, l: PageLocale): Html {
  const summary = credential ? summarizeCredential(credential) : undefined;
  const id = `credential-${index + 1}`;
  return html`<section aria-labelledby="${id}" data-credential="${index + 1}">
<h3 id="${id}" class="verdict ${report.verdict}">${phrase(l.t.credentialOfTotal, { index: index + 1, total })} ${verdictTitle(report, l)} ${verdictDetail(report, l)}</h3>
${summary ? details(report, summary, l, `claims-note-${index + 1}`, 4) : ''}
${checkList(report, l)}
</section>`;
}
