import { readFile } from 'node:fs/promises';
import path from 'node:path';
import avro from 'avsc';

/**
 * Avro schemas of Open edX events, read from a directory of
 * `<type with dots as +>_schema.avsc` files (as openedx-events ships them).
 * A type without a schema file is unknown.
 */
export interface SchemaRegistry {
  get(eventType: string): Promise<avro.Type | undefined>;
}

export function schemaFileName(eventType: string): string {
  return `${eventType.replaceAll('.', '+')}_schema.avsc`;
}

export function createSchemaRegistry(directory: string): SchemaRegistry {
  const cache = new Map<string, Promise<avro.Type | undefined>>();
  const load = async (eventType: string): Promise<avro.Type | undefined> => {
    if (!/^[a-z0-9_.]+$/i.test(eventType)) return undefined;
    let text: string;
    try {
      text = await readFile(path.join(directory, schemaFileName(eventType)), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return avro.Type.forSchema(JSON.parse(text) as avro.Schema);
  };
  return {
    get(eventType) {
      let entry = cache.get(eventType);
      if (!entry) {
        entry = load(eventType);
        cache.set(eventType, entry);
        entry.catch(() => cache.delete(eventType));
      }
      return entry;
    },
  };
}
