import { z } from 'zod';
import { instantOf } from './date-time-stamp.js';
import { withJsonSchema } from './json-schema-registry.js';
import { languageTextSchema } from './language-text.js';
import { objectRule } from './object-rule.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/**
 * `@context`: an ordered list whose leading items are fixed. Each position
 * holds one exact URL or a pattern (for "any revision of this context").
 */
export function contextList(...leading: readonly (string | RegExp)[]) {
  const schema = z
    .array(z.union([urlSchema, z.looseObject({})]))
    .min(1)
    .check(
      z.superRefine((contexts, ctx) => {
        if (contexts.length === 0) return; // already reported as an empty list
        leading.forEach((expected, index) => {
          const actual = contexts[index];
          const ok = typeof expected === 'string' ? actual === expected : typeof actual === 'string' && expected.test(actual);
          if (!ok) {
            const wanted = typeof expected === 'string' ? expected : `a URL matching ${expected.source}`;
            ctx.addIssue({ code: 'custom', path: [index], message: `must be ${wanted}` });
          }
        });
      }),
    );
  return withJsonSchema(schema, {
    // zod reports a short list at the missing position instead ("@context[1]: must be ...").
    minItems: Math.max(1, leading.length),
    prefixItems: leading.map((expected) =>
      typeof expected === 'string' ? { const: expected } : { type: 'string', pattern: expected.source },
    ),
  });
}

/** One credential subject: any claims, optionally an `id`, but not nothing. */
export const credentialSubjectObjectSchema = withJsonSchema(
  z.looseObject({ id: urlSchema.optional() }).check(
    objectRule((subject, report) => {
      if (Object.keys(subject).length === 0) report([], 'must contain at least one claim');
    }),
  ),
  { minProperties: 1 },
);

/** `issuer`: a URL, or an object whose `id` is that URL. */
export const issuerSchema = z.union([
  urlSchema,
  z.looseObject({ id: urlSchema, name: languageTextSchema.optional(), description: languageTextSchema.optional() }),
]);

/** An entry that VC requires to say what it is (`type`), with an optional URL `id`. */
export const typedEntrySchema = withJsonSchema(z.looseObject({ id: urlSchema.optional(), type: typeSet() }), { id: 'TypedEntry' });

/** The same with a mandatory `id` (credentialSchema; VC 1.1 status and refresh entries). */
export const identifiedTypedEntrySchema = withJsonSchema(z.looseObject({ id: urlSchema, type: typeSet() }), {
  id: 'IdentifiedTypedEntry',
});

/** Embedded proofs are checked by the suites; here only their shape matters. */
export const proofSchema = z.looseObject({ type: typeSet() });

/**
 * `from` must not be later than `until`. Not expressible in JSON Schema, so
 * the JSON Schema states the format of each date and zod alone orders them.
 */
export function validityPeriodRule<T>(from: string, until: string) {
  return objectRule<T>((credential, report) => {
    const start = instantOf(credential[from]);
    const end = instantOf(credential[until]);
    if (start !== undefined && end !== undefined && start > end) {
      report([from], `must not be later than ${until} (${String(credential[until])})`);
    }
  });
}
