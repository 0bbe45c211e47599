import { z } from 'zod';
import { withJsonSchema } from './json-schema-registry.js';

function describe(group: readonly string[]): string {
  return group.map((term) => `'${term}'`).join(' or ');
}

/**
 * A JSON-LD `type` value (one term or a non-empty list of terms) that must
 * include a term from each group, e.g. `typeSet(['VerifiableCredential'],
 * ['OpenBadgeCredential', 'AchievementCredential'])`. The JSON Schema is
 * written here, next to the check, so the two cannot say different things.
 */
export function typeSet(...groups: readonly (readonly string[])[]) {
  const schema = z.union([z.string(), z.array(z.string()).min(1)]).check(
    z.superRefine((value, ctx) => {
      const terms = typeof value === 'string' ? [value] : value;
      if (terms.length === 0) return; // already reported as an empty list
      for (const group of groups) {
        if (!group.some((term) => terms.includes(term))) {
          ctx.addIssue({ code: 'custom', message: `must include ${describe(group)}` });
        }
      }
    }),
  );
  const list = {
    type: 'array',
    minItems: 1,
    items: { type: 'string' },
    ...(groups.length > 0 ? { allOf: groups.map((group) => ({ contains: { enum: [...group] } })) } : {}),
  };
  const single = groups.length === 0 ? { type: 'string' } : { type: 'string', enum: [...(groups[0] ?? [])] };
  // One string can satisfy at most one group, so with two groups only a list will do.
  return withJsonSchema(schema, { anyOf: groups.length <= 1 ? [single, list] : [list] });
}
