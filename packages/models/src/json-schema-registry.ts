import { z } from 'zod';

/**
 * JSON Schema facts attached to zod schemas: `$defs` names and the keywords
 * that state a zod check (contains, anyOf, minProperties, ...) in JSON Schema.
 *
 * A private registry rather than `.meta()`: zod's global registry is shared by
 * every copy of zod in the process and rejects a second schema with the same
 * `id`, which would break as soon as both the sources and the build of this
 * package are loaded together.
 */
export const jsonSchemaRegistry = z.registry<Record<string, unknown>>();

/** Records JSON Schema keywords for `schema` and returns the same instance. */
export function withJsonSchema<T extends z.ZodType>(schema: T, keywords: Record<string, unknown>): T {
  const previous = jsonSchemaRegistry.get(schema) ?? {};
  jsonSchemaRegistry.add(schema, { ...previous, ...keywords });
  return schema;
}
