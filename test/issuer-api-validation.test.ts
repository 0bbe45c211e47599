// Bad input on every endpoint of the issuer API, on every database: each is
// refused with a 4xx problem document naming the failing field, and nothing
// at all is written (every row of every table is compared before and after).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, completion, createTenant, expectNothingWritten, expectProblem, send, type SendOptions, type Tenant } from './issuer-api-support.js';

interface Context {
  tenant: Tenant;
  /** A did:key issuer cannot rotate keys. */
  keyOnly: Tenant;
}

interface BadRequest {
  name: string;
  method: string;
  path: (ctx: Context) => string;
  options?: (ctx: Context) => SendOptions;
  status: number;
  /** errors[].path that must be listed, or a pattern the detail must match. */
  field?: string | RegExp;
  code?: string;
}

const MAX_BODY_BYTES = 256 * 1024; // createTestIssuer's limit
const oversized = (): SendOptions => ({ raw: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES + 1) }) });
const json = (body: unknown) => (): SendOptions => ({ json: body });
const long = (length: number) => 'x'.repeat(length);
// An issuer object without an id: the VC-API route fills in the tenant's DID.
const vc2 = (extra: Record<string, unknown> = {}) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: {}, credentialSubject: { id: 'did:example:learner' }, ...extra });

const issuers: BadRequest[] = [
  { name: 'issuer: missing name', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 'new-u' }), status: 400, field: 'name', code: 'INVALID_INPUT' },
  { name: 'issuer: slug of the wrong type', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 42, name: 'New' }), status: 400, field: 'slug' },
  { name: 'issuer: slug not lowercase', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 'New U', name: 'New' }), status: 400, field: 'slug' },
  { name: 'issuer: unknown DID method', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 'new-u', name: 'New', didMethod: 'plc' }), status: 400, field: 'didMethod' },
  { name: 'issuer: unknown property', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 'new-u', name: 'New', colour: 'red' }), status: 400, field: 'colour' },
  { name: 'issuer: URL longer than a database TEXT column', method: 'POST', path: () => '/v1/issuers', options: json({ slug: 'new-u', name: 'New', url: `https://example.org/${long(70_000)}` }), status: 400, field: 'url' },
  { name: 'issuer: slug taken', method: 'POST', path: () => '/v1/issuers', options: (ctx) => ({ json: { slug: ctx.tenant.slug, name: 'Again' } }), status: 409, field: /slug/, code: 'CONFLICT' },
  { name: 'issuer: body is an array', method: 'POST', path: () => '/v1/issuers', options: json([{ slug: 'new-u', name: 'New' }]), status: 400, field: '' },
  { name: 'issuer: malformed JSON', method: 'POST', path: () => '/v1/issuers', options: () => ({ raw: '{"slug": "new-u",' }), status: 400, field: /not valid JSON/, code: 'MALFORMED_JSON' },
  { name: 'issuer: body not JSON', method: 'POST', path: () => '/v1/issuers', options: () => ({ raw: 'slug=new-u', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'issuer: oversized body', method: 'POST', path: () => '/v1/issuers', options: oversized, status: 413, code: 'PAYLOAD_TOO_LARGE' },
];

const achievements: BadRequest[] = [
  { name: 'achievement: missing externalId', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ name: 'A' }), status: 400, field: 'externalId' },
  { name: 'achievement: name of the wrong type', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'c-2', name: 5 }), status: 400, field: 'name' },
  { name: 'achievement: unknown kind', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'c-2', name: 'A', kind: 'module' }), status: 400, field: 'kind' },
  { name: 'achievement: rules not an object', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'c-2', name: 'A', rules: 'strict' }), status: 400, field: 'rules' },
  { name: 'achievement: unknown issuer', method: 'POST', path: () => '/v1/issuers/no-such-issuer/achievements', options: json({ externalId: 'c-2', name: 'A' }), status: 404, field: /no-such-issuer/, code: 'NOT_FOUND' },
  { name: 'achievement: issuer id too long', method: 'POST', path: () => `/v1/issuers/${long(200)}/achievements`, options: json({ externalId: 'c-2', name: 'A' }), status: 400, field: 'path.issuerId' },
  { name: 'achievement: threshold out of range (criteria engine)', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'c-2', name: 'A', rules: { minGradePercent: 150 } }), status: 400, field: 'rules.minGradePercent', code: 'INVALID_RULES' },
  { name: 'achievement: misspelt rule (criteria engine)', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'c-2', name: 'A', rules: { minGrade: 50 } }), status: 400, field: 'rules.minGrade', code: 'INVALID_RULES' },
  {
    name: 'achievement: assignment minimum that is also optional (criteria engine)',
    method: 'POST',
    path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`,
    options: json({ externalId: 'c-2', name: 'A', rules: { assignmentTypeMinimums: { 'Final Exam': 80 }, optionalAssignmentTypes: ['Final Exam'] } }),
    status: 400,
    field: /Final Exam/,
    code: 'INVALID_RULES',
  },
  {
    name: 'achievement: a program course rule of the wrong type (criteria engine)',
    method: 'POST',
    path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`,
    options: json({ externalId: 'path-1', kind: 'program', name: 'Path', rules: { courses: [{ courseId: COURSE }, { courseId: 'c-3', rules: { minGradePercent: 'high' } }] } }),
    status: 400,
    field: 'rules.courses[1].rules.minGradePercent',
    code: 'INVALID_RULES',
  },
  { name: 'achievement: a program without courses (criteria engine)', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: json({ externalId: 'path-1', kind: 'program', name: 'Path', rules: {} }), status: 400, field: 'rules.courses', code: 'INVALID_RULES' },
  { name: 'achievement: malformed JSON', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: () => ({ raw: '{"externalId":' }), status: 400, code: 'MALFORMED_JSON' },
  { name: 'achievement: oversized body', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements`, options: oversized, status: 413 },
];

const keys: BadRequest[] = [
  { name: 'keys: unknown issuer', method: 'POST', path: () => '/v1/issuers/no-such-issuer/keys', status: 404, field: /no-such-issuer/, code: 'NOT_FOUND' },
  { name: 'keys: issuer id too long', method: 'POST', path: () => `/v1/issuers/${long(129)}/keys`, status: 400, field: 'path.issuerId' },
  { name: 'keys: a did:key issuer cannot rotate', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.keyOnly.issuerId}/keys`, status: 409, field: /did:key/, code: 'CONFLICT' },
  { name: 'keys: oversized body', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/keys`, options: oversized, status: 413 },
  { name: 'vault key: missing keyName', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/keys/vault-transit`, options: json({}), status: 400, field: 'keyName' },
  { name: 'vault key: keyName with a slash', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/keys/vault-transit`, options: json({ keyName: '../sys/seal' }), status: 400, field: 'keyName' },
  { name: 'vault key: unknown property', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/keys/vault-transit`, options: json({ keyName: 'k', mount: 'sys' }), status: 400, field: 'mount' },
  { name: 'vault key: no Vault configured', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/keys/vault-transit`, options: json({ keyName: 'laurel-issuer' }), status: 409, field: /VAULT_ADDR/, code: 'CONFLICT' },
  { name: 'vault key: a did:key issuer cannot rotate', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.keyOnly.issuerId}/keys/vault-transit`, options: json({ keyName: 'laurel-issuer' }), status: 409, field: /did:key/, code: 'CONFLICT' },
];

const completions: BadRequest[] = [
  { name: 'completion: missing sourceEventId', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, learner: { lmsUserId: 'u-new' }, courseId: COURSE } }), status: 400, field: 'sourceEventId' },
  { name: 'completion: missing learner id', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new'), learner: { name: 'Nobody' } } }), status: 400, field: 'learner.lmsUserId' },
  { name: 'completion: grade of the wrong type', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new', { gradePercent: 'high' }) } }), status: 400, field: 'gradePercent' },
  { name: 'completion: completion above 100%', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new', { completionPercent: 120 }) } }), status: 400, field: 'completionPercent' },
  { name: 'completion: completedAt not a date-time', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new', { completedAt: 'yesterday' }) } }), status: 400, field: 'completedAt' },
  { name: 'completion: misspelt property', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new', { grade: 90 }) } }), status: 400, field: 'grade' },
  { name: 'completion: assignment grade out of range', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new', { assignmentGrades: { 'Final Exam': 101 } }) } }), status: 400, field: 'assignmentGrades["Final Exam"]' },
  { name: 'completion: unknown issuer', method: 'POST', path: () => '/v1/completions', options: () => ({ json: { issuerId: 'no-such-issuer', ...completion('u-new', 'e-new') } }), status: 404, field: /no-such-issuer/, code: 'NOT_FOUND' },
  { name: 'completion: no issuer named by a global token', method: 'POST', path: () => '/v1/completions', options: () => ({ json: completion('u-new', 'e-new') }), status: 400, field: 'issuerId' },
  {
    name: 'completion: learner DID longer than a database TEXT column',
    method: 'POST',
    path: () => '/v1/completions',
    options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, ...completion('u-new', 'e-new'), learner: { lmsUserId: 'u-new', did: `did:example:${long(70_000)}` } } }),
    status: 400,
    field: 'learner.did',
  },
  { name: 'completion: malformed JSON', method: 'POST', path: () => '/v1/completions', options: () => ({ raw: '{"learner": {' }), status: 400, code: 'MALFORMED_JSON' },
  { name: 'completion: oversized body', method: 'POST', path: () => '/v1/completions', options: oversized, status: 413 },
  // Batches: record 3 of 3 is bad, so records 1 and 2 must not be stored either.
  {
    name: 'batch: record 3 of 3 has a grade out of range',
    method: 'POST',
    path: () => '/v1/completions',
    options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: [completion('b-1', 'be-1'), completion('b-2', 'be-2'), completion('b-3', 'be-3', { gradePercent: 101 })] } }),
    status: 400,
    field: 'records[2].gradePercent',
  },
  {
    name: 'batch: record 3 of 3 lacks its course',
    method: 'POST',
    path: () => '/v1/completions',
    options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: [completion('b-1', 'be-1'), completion('b-2', 'be-2'), { learner: { lmsUserId: 'b-3' }, sourceEventId: 'be-3' }] } }),
    status: 400,
    field: 'records[2].courseId',
  },
  {
    // Valid JSON types, but the DID does not fit MariaDB's TEXT column: it must be refused before learner b-1 is stored.
    name: 'batch: record 3 of 3 has a learner DID longer than a database TEXT column',
    method: 'POST',
    path: () => '/v1/completions',
    options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: [completion('b-1', 'be-1'), completion('b-2', 'be-2'), { ...completion('b-3', 'be-3'), learner: { lmsUserId: 'b-3', did: `did:example:${long(70_000)}` } }] } }),
    status: 400,
    field: 'records[2].learner.did',
  },
  { name: 'batch: no records', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: [] } }), status: 400, field: 'records' },
  { name: 'batch: records not a list', method: 'POST', path: () => '/v1/completions', options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: completion('b-1', 'be-1') } }), status: 400, field: 'records' },
  {
    name: 'batch: more than 1,000 records',
    method: 'POST',
    path: () => '/v1/completions',
    options: (ctx) => ({ json: { issuerId: ctx.tenant.issuerId, records: Array.from({ length: 1001 }, (_, i) => ({ learner: { lmsUserId: `m${i}` }, courseId: 'c', sourceEventId: `m${i}` })) } }),
    status: 400,
    field: 'records',
  },
];

const learners: BadRequest[] = [
  { name: 'learner: empty patch', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({}), status: 400, field: /at least one field/ },
  { name: 'learner: name of the wrong type', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({ name: 5 }), status: 400, field: 'name' },
  { name: 'learner: blank name', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({ name: '   ' }), status: 400, field: 'name' },
  { name: 'learner: email not an address', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({ email: 'not-an-address' }), status: 400, field: 'email' },
  { name: 'learner: DID not a DID', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({ did: 'https://example.org/me' }), status: 400, field: 'did' },
  { name: 'learner: unknown property', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: json({ nickname: 'Ada' }), status: 400, field: 'nickname' },
  { name: 'learner: unknown learner', method: 'PATCH', path: () => '/v1/learners/no-such-learner', options: json({ name: 'Ada' }), status: 404, field: /no-such-learner/, code: 'NOT_FOUND' },
  { name: 'learner: malformed JSON', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: () => ({ raw: '{"name": "Ada"' }), status: 400, code: 'MALFORMED_JSON' },
  { name: 'learner: oversized body', method: 'PATCH', path: (ctx) => `/v1/learners/${ctx.tenant.learnerId}`, options: oversized, status: 413 },
];

const credentialActions: BadRequest[] = (['revoke', 'suspend', 'unsuspend'] as const).flatMap((action): BadRequest[] => [
  { name: `${action}: reason of the wrong type`, method: 'POST', path: (ctx) => `/v1/credentials/${ctx.tenant.credentialId}/${action}`, options: json({ reason: 5 }), status: 400, field: 'reason' },
  { name: `${action}: reason too long`, method: 'POST', path: (ctx) => `/v1/credentials/${ctx.tenant.credentialId}/${action}`, options: json({ reason: long(501) }), status: 400, field: 'reason' },
  { name: `${action}: unknown property`, method: 'POST', path: (ctx) => `/v1/credentials/${ctx.tenant.credentialId}/${action}`, options: json({ note: 'x' }), status: 400, field: 'note' },
  { name: `${action}: unknown credential`, method: 'POST', path: () => `/v1/credentials/no-such-credential/${action}`, options: json({ reason: 'x' }), status: 404, field: /no-such-credential/, code: 'NOT_FOUND' },
  { name: `${action}: malformed JSON`, method: 'POST', path: (ctx) => `/v1/credentials/${ctx.tenant.credentialId}/${action}`, options: () => ({ raw: '{"reason":' }), status: 400, code: 'MALFORMED_JSON' },
  { name: `${action}: oversized body`, method: 'POST', path: (ctx) => `/v1/credentials/${ctx.tenant.credentialId}/${action}`, options: oversized, status: 413 },
]);

const vcApi: BadRequest[] = [
  { name: 'issue: missing credential', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential' },
  { name: 'issue: credential of the wrong type', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: 'a credential', options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential' },
  { name: 'issue: no issuer named by a global token', method: 'POST', path: () => '/credentials/issue', options: () => ({ json: { credential: vc2() } }), status: 400, field: 'options.issuerId' },
  { name: 'issue: unknown issuer', method: 'POST', path: () => '/credentials/issue', options: () => ({ json: { credential: vc2(), options: { issuerId: 'no-such-issuer' } } }), status: 404, field: /no-such-issuer/ },
  { name: 'issue: credential without a subject', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: {} }, options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential.credentialSubject', code: 'INVALID_CREDENTIAL' },
  { name: 'issue: credential naming another issuer', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: vc2({ issuer: 'did:example:someone-else' }), options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential.issuer' },
  { name: 'issue: credential with a malformed status entry of its own', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: vc2({ credentialStatus: { type: 'BitstringStatusListEntry' } }), options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential.credentialStatus.statusListCredential', code: 'INVALID_CREDENTIAL' },
  { name: 'issue: credential without an issuer', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: vc2({ issuer: undefined }), options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: 'credential.issuer', code: 'INVALID_INPUT' },
  {
    name: 'issue: credential using a term its context does not define',
    method: 'POST',
    path: () => '/credentials/issue',
    options: (ctx) => ({ json: { credential: vc2({ credentialSubject: { id: 'did:example:learner', favouriteColour: 'green' } }), options: { issuerId: ctx.tenant.issuerId } } }),
    status: 400,
    field: 'credential',
    code: 'INVALID_CREDENTIAL',
  },
  { name: 'issue: credential with a context Laurel does not bundle', method: 'POST', path: () => '/credentials/issue', options: (ctx) => ({ json: { credential: vc2({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/my-context'] }), options: { issuerId: ctx.tenant.issuerId } } }), status: 400, field: /example\.org\/my-context/ },
  { name: 'issue: malformed JSON', method: 'POST', path: () => '/credentials/issue', options: () => ({ raw: '{"credential": {' }), status: 400, code: 'MALFORMED_JSON' },
  { name: 'issue: oversized body', method: 'POST', path: () => '/credentials/issue', options: oversized, status: 413 },
  { name: 'status: missing credentialStatus', method: 'POST', path: () => '/credentials/status', options: (ctx) => ({ json: { credentialId: ctx.tenant.credentialId, issuerId: ctx.tenant.issuerId } }), status: 400, field: 'credentialStatus' },
  { name: 'status: missing credentialId', method: 'POST', path: () => '/credentials/status', options: (ctx) => ({ json: { credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }], issuerId: ctx.tenant.issuerId } }), status: 400, field: 'credentialId' },
  {
    name: 'status: unknown status value',
    method: 'POST',
    path: () => '/credentials/status',
    options: (ctx) => ({ json: { credentialId: ctx.tenant.credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'deleted' }], issuerId: ctx.tenant.issuerId } }),
    status: 400,
    field: 'credentialStatus[0].status',
  },
  {
    name: 'status: two status changes at once',
    method: 'POST',
    path: () => '/credentials/status',
    options: (ctx) => ({ json: { credentialId: ctx.tenant.credentialId, credentialStatus: [{ type: 'x', status: 'revoked' }, { type: 'x', status: 'suspended' }], issuerId: ctx.tenant.issuerId } }),
    status: 400,
    field: 'credentialStatus',
  },
  {
    name: 'status: unknown credential',
    method: 'POST',
    path: () => '/credentials/status',
    options: (ctx) => ({ json: { credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }], issuerId: ctx.tenant.issuerId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  { name: 'status: malformed JSON', method: 'POST', path: () => '/credentials/status', options: () => ({ raw: '{"credentialId":' }), status: 400, code: 'MALFORMED_JSON' },
  { name: 'status: oversized body', method: 'POST', path: () => '/credentials/status', options: oversized, status: 413 },
];

const badgePlatforms: BadRequest[] = [
  { name: 'badge account: missing apiKey', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({}), status: 400, field: 'apiKey' },
  { name: 'badge account: unknown platform', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/badgr`, options: json({ apiKey: 'a-long-enough-key' }), status: 400, field: 'path.platform' },
  { name: 'badge account: Credly without organization', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, options: json({ apiKey: 'a-long-enough-key' }), status: 400, field: 'organizationId' },
  { name: 'badge account: plain-http base URL', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'http://api.accredible.example' }), status: 400, field: 'baseUrl' },
  { name: 'badge account: file: base URL (accredible)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'file:///etc/passwd' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: ftp: base URL (accredible)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'ftp://api.accredible.example/' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: javascript: base URL (accredible)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'javascript:alert(1)' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: data: base URL (accredible)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'data:text/plain,hello' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: file: base URL (credly)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, options: json({ apiKey: 'a-long-enough-key', organizationId: 'org-1', baseUrl: 'file:///etc/passwd' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: ftp: base URL (credly)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, options: json({ apiKey: 'a-long-enough-key', organizationId: 'org-1', baseUrl: 'ftp://api.accredible.example/' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: javascript: base URL (credly)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, options: json({ apiKey: 'a-long-enough-key', organizationId: 'org-1', baseUrl: 'javascript:alert(1)' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: data: base URL (credly)', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, options: json({ apiKey: 'a-long-enough-key', organizationId: 'org-1', baseUrl: 'data:text/plain,hello' }), status: 400, field: 'baseUrl', code: 'INVALID_INPUT' },
  { name: 'badge account: base URL not a URL', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, options: json({ apiKey: 'a-long-enough-key', baseUrl: 'api.accredible.com' }), status: 400, field: 'baseUrl' },
  { name: 'badge account: unknown issuer', method: 'PUT', path: () => '/v1/issuers/no-such-issuer/badge-platforms/accredible', options: json({ apiKey: 'a-long-enough-key' }), status: 404, code: 'NOT_FOUND' },
  { name: 'badge account: disconnect an unknown platform', method: 'DELETE', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/badgr`, status: 400, field: 'path.platform' },
  { name: 'badge account: disconnect what was never connected', method: 'DELETE', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly`, status: 404, code: 'NOT_FOUND' },
  { name: 'badge mappings: another issuer’s achievement', method: 'GET', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements/${ctx.keyOnly.achievementId}/badges`, status: 404, code: 'NOT_FOUND' },
  { name: 'badge mapping: missing remoteId', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements/${ctx.tenant.achievementId}/badges/credly`, options: json({}), status: 400, field: 'remoteId' },
  { name: 'badge mapping: another issuer’s achievement', method: 'PUT', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements/${ctx.keyOnly.achievementId}/badges/credly`, options: json({ remoteId: 't-1' }), status: 404, code: 'NOT_FOUND' },
  { name: 'badge deliveries: unknown state', method: 'GET', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly/deliveries?state=lost`, status: 400, field: 'query.state' },
  { name: 'badge retry: unknown property', method: 'POST', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly/deliveries/retry`, options: json({ everything: true }), status: 400, field: 'everything' },
  { name: 'credly webhook: missing fields', method: 'POST', path: (ctx) => `/webhooks/credly/${ctx.tenant.issuerId}`, options: json({ id: 'evt-1' }), status: 400, field: 'organization_id' },
  { name: 'credly webhook: no Credly account', method: 'POST', path: (ctx) => `/webhooks/credly/${ctx.tenant.issuerId}`, options: json({ id: 'e', organization_id: 'o', event_type: 'badge_template.created', occurred_at: '2026-01-01T00:00:00Z' }), status: 409 },
];

const reads: BadRequest[] = [
  { name: 'GET issuer: unknown', method: 'GET', path: () => '/v1/issuers/no-such-issuer', status: 404, field: /no-such-issuer/ },
  { name: 'GET issuer: id too long', method: 'GET', path: () => `/v1/issuers/${long(129)}`, status: 400, field: 'path.issuerId' },
  { name: 'GET achievements: unknown issuer', method: 'GET', path: () => '/v1/issuers/no-such-issuer/achievements', status: 404, field: /no-such-issuer/ },
  { name: 'GET achievement: unknown', method: 'GET', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements/no-such-achievement`, status: 404, field: /no-such-achievement/ },
  { name: "GET achievement: another issuer's", method: 'GET', path: (ctx) => `/v1/issuers/${ctx.keyOnly.issuerId}/achievements/${ctx.tenant.achievementId}`, status: 404, field: /achievement/ },
  { name: 'GET achievement: id too long', method: 'GET', path: (ctx) => `/v1/issuers/${ctx.tenant.issuerId}/achievements/${long(129)}`, status: 400, field: 'path.achievementId' },
  { name: 'GET progress: unknown learner', method: 'GET', path: () => '/v1/learners/no-such-learner/progress', status: 404, field: /no-such-learner/ },
  { name: 'GET credential: unknown', method: 'GET', path: () => '/v1/credentials/no-such-credential', status: 404, field: /no-such-credential/ },
  { name: 'GET credential: id too long', method: 'GET', path: () => `/v1/credentials/${long(129)}`, status: 400, field: 'path.credentialId' },
  { name: 'GET public credential: unknown', method: 'GET', path: () => '/credentials/no-such-credential', options: () => ({ token: null }), status: 404 },
  { name: 'GET did.json: unknown slug', method: 'GET', path: () => '/issuers/no-such-slug/did.json', options: () => ({ token: null }), status: 404, field: /no-such-slug/ },
  { name: 'GET did.json: a did:key issuer has none', method: 'GET', path: (ctx) => `/issuers/${ctx.keyOnly.slug}/did.json`, options: () => ({ token: null }), status: 404 },
];

const cases = [...issuers, ...achievements, ...keys, ...completions, ...learners, ...credentialActions, ...vcApi, ...badgePlatforms, ...reads];

describeEachDatabase('issuer API: bad input is refused and writes nothing', (database) => {
  let issuer: TestIssuer;
  const ctx = {} as Context;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    ctx.tenant = await createTenant(issuer, 'valid-u', 'web');
    ctx.keyOnly = await createTenant(issuer, 'key-u', 'key');
  });
  afterAll(() => issuer.close());

  it.each(cases)('$name → $status', async (testCase) => {
    const response = await expectNothingWritten(issuer.store, () => send(issuer, testCase.method, testCase.path(ctx), testCase.options?.(ctx) ?? {}));
    expectProblem(response, testCase.status, testCase.field, testCase.code);
  });

  it('the same requests, made valid, succeed (so the refusals above are about the input)', async () => {
    const web = await send(issuer, 'POST', `/v1/issuers/${ctx.tenant.issuerId}/keys`);
    expect(web.status, web.text).toBe(201);
    const batch = await send(issuer, 'POST', '/v1/completions', { json: { issuerId: ctx.tenant.issuerId, records: [completion('b-1', 'be-1'), completion('b-2', 'be-2'), completion('b-3', 'be-3')] } });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body.issued).toHaveLength(3);
    const program = await send(issuer, 'POST', `/v1/issuers/${ctx.tenant.issuerId}/achievements`, { json: { externalId: 'path-1', kind: 'program', name: 'Path', rules: { courses: [{ courseId: COURSE }, { courseId: 'c-3', rules: { minGradePercent: 60 } }] } } });
    expect(program.status, program.text).toBe(201);
    const renamed = await send(issuer, 'PATCH', `/v1/learners/${ctx.tenant.learnerId}`, { json: { name: 'Ada King' } });
    expect(renamed.status, renamed.text).toBe(200);
    const signed = await send(issuer, 'POST', '/credentials/issue', { json: { credential: vc2(), options: { issuerId: ctx.tenant.issuerId } } });
    expect(signed.status, signed.text).toBe(201);
    const account = await send(issuer, 'PUT', `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/accredible`, { json: { apiKey: 'a-long-enough-key', baseUrl: 'https://sandbox.api.accredible.com' } });
    expect(account.status, account.text).toBe(200);
    const mapping = await send(issuer, 'PUT', `/v1/issuers/${ctx.tenant.issuerId}/achievements/${ctx.tenant.achievementId}/badges/credly`, { json: { remoteId: 't-1' } });
    expect(mapping.status, mapping.text).toBe(200);
    const deliveries = await send(issuer, 'GET', `/v1/issuers/${ctx.tenant.issuerId}/badge-platforms/credly/deliveries?state=failed`);
    expect(deliveries.status, deliveries.text).toBe(200);
  });
});
