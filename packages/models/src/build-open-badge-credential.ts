import {
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  OB_CREDENTIAL_SCHEMA_TYPE,
  OB_V3P0_CONTEXT_URL,
  OB_V3P0_EXTENSIONS_CONTEXT_URL,
  VC_V1_CONTEXT_URL,
  VC_V2_CONTEXT_URL,
} from './context-urls.js';
import { identityHash } from './identity-hash.js';
import { InvalidInputError } from './invalid-input-error.js';
import type { OpenBadgeCredential, OpenBadgeCredentialV1 } from './open-badge-credential.js';
import { openBadgeCredentialInputSchema, type OpenBadgeCredentialInput } from './open-badge-credential-input.js';
import { validateCredential } from './validate-credential.js';
import { issuesFromZod, parseOptions } from './validation-issue.js';

export type CredentialVersion = '2.0' | '1.1';

export interface BuildOpenBadgeCredentialOptions {
  /** VC Data Model version of the output (default '2.0'). */
  version?: CredentialVersion;
}

type Input = ReturnType<typeof openBadgeCredentialInputSchema.parse>;
type JsonObject = Record<string, unknown>;

function image(value: string | { id: string; caption?: string | undefined } | undefined): JsonObject | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? { id: value, type: 'Image' } : { id: value.id, type: 'Image', caption: value.caption };
}

/** Drops undefined members so the output has no `"key": undefined` noise (and canonicalizes the same). */
function compact<T extends JsonObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** Empty lists are left out: VC 2.0 wants one or more evidence entries, and `[]` says nothing anyway. */
function list<T, U>(items: readonly T[] | undefined, map: (item: T) => U): U[] | undefined {
  return items === undefined || items.length === 0 ? undefined : items.map(map);
}

function identifiers(recipient: Input['recipient']): JsonObject[] | undefined {
  const plain: [string, string][] = [];
  if (recipient.email !== undefined) plain.push(['emailAddress', recipient.email]);
  if (recipient.lmsUserId !== undefined) plain.push(['systemId', recipient.lmsUserId]);
  if (plain.length === 0) return undefined;
  return plain.map(([identityType, value]) => {
    if (!recipient.hashIdentifiers) return { type: 'IdentityObject', identityHash: value, identityType, hashed: false };
    const hash = identityHash(value, recipient.salt);
    return compact({ type: 'IdentityObject', identityHash: hash, identityType, hashed: true, salt: recipient.salt });
  });
}

/** The OB 3.0 Achievement object from parsed input (also served alone at the achievement's id, see buildAchievement). */
export function achievementObject(input: Input['achievement']): JsonObject {
  return compact({
    id: input.id,
    type: ['Achievement'],
    achievementType: input.achievementType,
    name: input.name,
    description: input.description,
    criteria: compact({ id: input.criteria.id, narrative: input.criteria.narrative }),
    image: image(input.image),
    creditsAvailable: input.creditsAvailable,
    fieldOfStudy: input.fieldOfStudy,
    humanCode: input.humanCode,
    specialization: input.specialization,
    tag: list(input.tags, (tag) => tag),
    alignment: list(input.alignments, (alignment) => compact({ type: ['Alignment'], ...alignment })),
    resultDescription: list(input.resultDescriptions, (description) => compact({ type: ['ResultDescription'], ...description })),
  });
}

function subject(input: Input, version: CredentialVersion): JsonObject {
  return compact({
    id: input.recipient.id,
    type: ['AchievementSubject'],
    // 1EdTech's VC 1.1-era schema closes AchievementSubject, so the display
    // name (a plain VC 2.0 `name` claim) only goes into the 2.0 form.
    name: version === '2.0' ? input.recipient.name : undefined,
    identifier: identifiers(input.recipient),
    achievement: achievementObject(input.achievement),
    result: list(input.results, (result) => compact({ type: ['Result'], ...result })),
  });
}

/**
 * Builds an unsigned Open Badges 3.0 OpenBadgeCredential. Pure: the
 * credential id and dates come from the input, nothing from the clock or a
 * random source. Version '2.0' (default) writes the VC 2.0 form (`validFrom`,
 * contexts VC v2 + OB 3.0.3 + OB extensions); '1.1' writes the VC 1.1 form
 * (`issuanceDate`, contexts VC v1 + OB 3.0.3 + OB extensions) for older
 * wallets. Proof-suite contexts are the signer's business and are not added here.
 *
 * Throws InvalidInputError (every failing input path) for bad input, and
 * checks its own output with validateCredential, so it never returns a
 * credential that breaks the data model.
 */
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput, options?: { version?: '2.0' }): OpenBadgeCredential;
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput, options: { version: '1.1' }): OpenBadgeCredentialV1;
export function buildOpenBadgeCredential(
  input: OpenBadgeCredentialInput,
  options?: BuildOpenBadgeCredentialOptions,
): OpenBadgeCredential | OpenBadgeCredentialV1;
export function buildOpenBadgeCredential(
  input: OpenBadgeCredentialInput,
  options: BuildOpenBadgeCredentialOptions = {},
): OpenBadgeCredential | OpenBadgeCredentialV1 {
  const version = options.version ?? '2.0';
  if (version !== '2.0' && version !== '1.1') {
    throw new InvalidInputError([{ path: 'version', message: "must be '2.0' or '1.1'" }], 'options');
  }
  const parsed = openBadgeCredentialInputSchema.safeParse(input, parseOptions);
  if (!parsed.success) throw new InvalidInputError(issuesFromZod(parsed.error), 'Open Badges credential input');
  const data = parsed.data;

  const status = data.credentialStatus;
  const credential = compact({
    '@context': [version === '2.0' ? VC_V2_CONTEXT_URL : VC_V1_CONTEXT_URL, OB_V3P0_CONTEXT_URL, OB_V3P0_EXTENSIONS_CONTEXT_URL],
    id: data.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: data.name ?? data.achievement.name,
    description: data.description,
    issuer: compact({
      id: data.issuer.id,
      type: ['Profile'],
      name: data.issuer.name,
      url: data.issuer.url,
      email: data.issuer.email,
      description: data.issuer.description,
      image: image(data.issuer.image),
    }),
    ...(version === '2.0'
      ? { validFrom: data.validFrom, validUntil: data.validUntil }
      : { issuanceDate: data.validFrom, expirationDate: data.validUntil }),
    credentialSubject: subject(data, version),
    evidence: list(data.evidence, (evidence) => compact({ type: ['Evidence'], ...evidence })),
    credentialStatus: status === undefined || status.length === 0 ? undefined : status.length === 1 ? status[0] : status,
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: OB_CREDENTIAL_SCHEMA_TYPE }],
  });

  validateCredential(credential, { form: version === '2.0' ? 'vc2' : 'vc1', openBadge: true });
  return credential as OpenBadgeCredential | OpenBadgeCredentialV1;
}
