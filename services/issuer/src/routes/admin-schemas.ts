import { z } from '@hono/zod-openapi';

/** Response shapes of the admin API, named for the OpenAPI components. */
const timestamp = z.string().openapi({ example: '2026-07-01T12:00:00.000Z' });
const limits = z.object({ courseIds: z.array(z.string()), achievementIds: z.array(z.string()) });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    issuerId: z.string().nullable(),
    name: z.string(),
    scopes: z.array(z.string()),
    limitedTo: limits.nullable().openapi({ description: 'Course staff: the courses and achievements the token reaches; null: not limited.' }),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .openapi('ApiToken');

export const createdTokenSchema = apiTokenSchema.extend({ token: z.string().openapi({ description: 'The secret, shown this once.' }) }).openapi('CreatedApiToken');

export const issuerSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    url: z.string().nullable(),
    email: z.string().nullable(),
    description: z.string().nullable(),
    imageUrl: z.string().nullable(),
    did: z.string(),
    didMethod: z.enum(['key', 'web']),
    vcVersion: z.enum(['2.0', '1.1']),
    suite: z.string(),
    theme: z.record(z.string(), z.unknown()).nullable(),
    defaultTemplate: z.string().nullable(),
    locale: z.string().nullable(),
    archivedAt: timestamp.nullable(),
    lifecycleStatus: z.boolean().openapi({ description: 'VC 2.0 credentials get a lifecycle "message" status entry (POST /v1/credentials/{id}/lifecycle sets it).' }),
    lifecycleStatusReference: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Issuer');

export const achievementSchema = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    externalId: z.string(),
    kind: z.enum(['course', 'program']),
    name: z.string(),
    description: z.string().nullable(),
    criteriaNarrative: z.string().nullable(),
    imageUrl: z.string().nullable(),
    achievementType: z.string().nullable(),
    tier: z.string().nullable(),
    signatories: z.array(z.unknown()),
    template: z.string().nullable(),
    theme: z.unknown(),
    /** Name and description per language tag, shown to readers of that language (not signed). */
    translations: z.unknown().openapi({ description: 'Name and description per language tag ({ "fr": { "name": "…", "description": "…" } }), or null.' }),
    rules: z.unknown(),
    rulesVersion: z.number().int(),
    resultDescriptions: z.array(z.unknown()),
    courseIds: z.array(z.string()),
    autoOffer: z.boolean(),
    archivedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Achievement');

export const ruleVersionSchema = z.object({ version: z.number().int(), rules: z.unknown(), createdAt: timestamp, actor: z.string() }).openapi('RuleVersion');

export const dryRunSchema = z
  .object({
    rules: z.unknown(),
    evaluated: z.number().int(),
    wouldEarn: z.number().int(),
    newlyEarning: z.number().int(),
    holdersNotMeeting: z.number().int(),
    sample: z.array(z.object({ learnerId: z.string(), lmsUserId: z.string(), name: z.string().nullable(), holdsCredential: z.boolean() })),
  })
  .openapi('RulesDryRun');

const credentialState = z.enum(['active', 'suspended', 'revoked']);

export const credentialSummarySchema = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    achievementId: z.string(),
    learnerId: z.string(),
    state: credentialState,
    attributes: z.array(z.object({ name: z.string(), value: z.string() })),
    format: z.enum(['vc2', 'vc1']),
    issuedAt: timestamp,
    revokedAt: timestamp.nullable(),
    stateReason: z.string().nullable(),
    supersedesId: z.string().nullable(),
    supersededById: z.string().nullable(),
    rulesVersion: z.number().int().nullable(),
    learner: z.object({ lmsUserId: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  })
  .openapi('CredentialSummary');

export const historySchema = z
  .object({
    credentialId: z.string(),
    state: z.string(),
    rulesVersion: z.number().int().nullable(),
    events: z.array(
      z.object({
        at: timestamp,
        event: z.enum(['issued', 'revoked', 'suspended', 'unsuspended', 'superseded', 'offered', 'claimed', 'delivered', 'badge-delivery', 'email']),
        actor: z.string().nullable(),
        reason: z.string().optional(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('CredentialHistory');

export const learnerSchema = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    lmsUserId: z.string(),
    username: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    did: z.string().nullable(),
    locale: z.string().nullable(),
    erasedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Learner');

export const learnerOverviewSchema = z
  .object({
    learner: learnerSchema,
    completions: z.array(z.record(z.string(), z.unknown())),
    credentials: z.array(credentialSummarySchema.omit({ learner: true })),
    progress: z.array(z.object({ achievementId: z.string(), name: z.string(), earned: z.boolean(), credentialId: z.string().optional(), requirements: z.unknown() })),
  })
  .openapi('LearnerOverview');

export const erasureSchema = z
  .object({
    learner: learnerSchema,
    erased: z.object({
      credentials: z.number().int(),
      completionRecords: z.number().int(),
      shareLinks: z.number().int(),
      signInLinks: z.number().int(),
      walletOffers: z.number().int(),
      walletDeliveries: z.number().int(),
      auditEntries: z.number().int(),
      otherMentions: z.number().int(),
    }),
  })
  .openapi('LearnerErasure');

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: timestamp,
    actor: z.string(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    issuerId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');
