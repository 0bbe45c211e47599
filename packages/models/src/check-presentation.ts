import { VC_V1_CONTEXT_URL } from './context-urls.js';
import { isRecord } from './object-rule.js';
import { checkCredential, type CheckCredentialResult, type CredentialForm } from './validate-credential.js';
import { collectIssues, type ValidationIssue } from './validation-issue.js';
import { verifiablePresentationSchema, verifiablePresentationV1Schema } from './verifiable-presentation.js';

const OPEN_BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

/** One credential of a presentation, as the data model sees it. */
export type PresentationCredentialCheck =
  | ({ index: number; enveloped: false; openBadge: boolean } & CheckCredentialResult)
  /** VC 2.0 §4.13.1: an EnvelopedVerifiableCredential; its content is in its `data:` id, read by whoever secured it. */
  | { index: number; enveloped: true; ok: boolean; issues: ValidationIssue[] };

export interface CheckPresentationResult {
  /** The presentation's own properties and every credential in it follow their data model. */
  ok: boolean;
  form: CredentialForm;
  /** The presentation's own issues (its properties; a credential that is not an object). */
  issues: ValidationIssue[];
  /** Each credential, reported on its own, in order. */
  credentials: PresentationCredentialCheck[];
}

function typesOf(value: unknown): unknown[] {
  return isRecord(value) ? ([] as unknown[]).concat(value.type ?? []) : [];
}

/** §4.13.1: an enveloped credential's id is a `data:` URL carrying the secured credential. */
function envelopedIssues(credential: Record<string, unknown>, at: string): ValidationIssue[] {
  return typeof credential.id === 'string' && credential.id.startsWith('data:') ? [] : [{ path: `${at}.id`, message: 'must be a data: URL holding the enveloped credential' }];
}

/**
 * Checks a presentation against the VC Data Model (2.0, or 1.1 when its first
 * context says so), without throwing:
 * - §4.3 `@context` first item the VC base context; §4.4 `type` includes
 *   VerifiablePresentation; §4.5 `id`, when present, a URL;
 * - §4.13 `holder` is optional; when present a URL or an object whose id is one;
 * - `verifiableCredential` optional; each value an object (a credential or an
 *   EnvelopedVerifiableCredential), never a string or number; each credential
 *   checked against its own data model (Open Badges 3.0 rules when its type is
 *   an Open Badges one) and reported on its own.
 * Proofs are only shape-checked: securing is the suites' business.
 */
export function checkPresentation(presentation: unknown): CheckPresentationResult {
  const form: CredentialForm = isRecord(presentation) && Array.isArray(presentation['@context']) && presentation['@context'][0] === VC_V1_CONTEXT_URL ? 'vc1' : 'vc2';
  const schema = form === 'vc1' ? verifiablePresentationV1Schema : verifiablePresentationSchema;
  const issues = collectIssues(schema, presentation);
  const values = isRecord(presentation) && presentation.verifiableCredential !== undefined ? ([] as unknown[]).concat(presentation.verifiableCredential) : [];
  const credentials = values.flatMap((credential, index): PresentationCredentialCheck[] => {
    if (!isRecord(credential)) return [];
    const at = `verifiableCredential${Array.isArray(isRecord(presentation) ? presentation.verifiableCredential : undefined) ? `[${index}]` : ''}`;
    if (typesOf(credential).includes('EnvelopedVerifiableCredential')) {
      const enveloped = envelopedIssues(credential, at);
      return [{ index, enveloped: true, ok: enveloped.length === 0, issues: enveloped }];
    }
    const openBadge = typesOf(credential).some((type) => typeof type === 'string' && OPEN_BADGE_TYPES.includes(type));
    return [{ index, enveloped: false, openBadge, ...checkCredential(credential, { openBadge }) }];
  });
  // A credential's own rules are its report's; the presentation keeps only what is about itself.
  const own = issues.filter((issue) => !credentials.some((checked) => issue.path.startsWith(`verifiableCredential[${checked.index}].`) || issue.path.startsWith('verifiableCredential.')));
  return { ok: own.length === 0 && credentials.every((checked) => checked.ok), form, issues: own, credentials };
}
