import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { formatPath } from '../validation-issue.js';

/*
 * ajv instances for tests. ajv and ajv-formats are CommonJS; under NodeNext
 * their default export is the module object, whose `default` property is the
 * class / plugin both at type level and at run time.
 */
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

/**
 * Compiles a draft 2020-12 schema (what z.toJSONSchema emits) with formats,
 * collecting every error. Strict (unknown keywords and type mix-ups fail),
 * minus two lints that flag idioms the schema uses on purpose: strictTuples
 * wants every `prefixItems` closed, but `@context` is an open list with fixed
 * leading items; strictRequired wants `required` next to `properties`, but
 * "id or narrative" is written `anyOf: [{ required: [id] }, { required: [narrative] }]`.
 */
export function compile2020(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/**
 * Compiles one of 1EdTech's draft-04 schemas. Not strict: those schemas carry
 * `$comment` and `$id`, which draft-04 does not define.
 */
export function compileDraft04(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/**
 * ajv's errors as dotted paths in the same notation as ValidationIssue, with
 * a missing property appended to its parent's path so both validators name
 * the same place.
 */
export function ajvPaths(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const segments = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
    return formatPath(segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)));
  });
}
