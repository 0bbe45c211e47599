import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import avro from 'avsc';
import { LaurelError } from '@laurel/models';
import { BUILTIN_EVENT_SCHEMAS } from './builtin-schemas.js';

/**
 * Avro schemas of Open edX events: Laurel's built-in ones, and optionally a
 * directory of `<type with dots as +>_schema.avsc` files (as openedx-events
 * ships them) that take precedence, so operators can add types or follow a
 * newer openedx-events release without a Laurel upgrade. A type with neither
 * is unknown.
 */
export interface SchemaRegistry {
  get(eventType: string): Promise<avro.Type | undefined>;
}

export function schemaFileName(eventType: string): string {
  return `${eventType.replaceAll('.', '+')}_schema.avsc`;
}

/** A configured directory that does not exist is a typo, not "no overrides": say so at start-up. */
function checkDirectory(directory: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    // Missing or unreadable: reported below.
  }
  if (!isDirectory) throw new LaurelError('INVALID_CONFIG', `The Open edX event schema directory ${directory} does not exist or is not a directory.`, { directory });
}

async function readOverride(directory: string, eventType: string): Promise<avro.Schema | undefined> {
  const file = path.join(directory, schemaFileName(eventType));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as avro.Schema;
  } catch (error) {
    throw new LaurelError('INVALID_SCHEMA', `${file} is not valid JSON.`, { file }, { cause: error });
  }
}

export function createSchemaRegistry(directory?: string): SchemaRegistry {
  if (directory !== undefined) checkDirectory(directory);
  const cache = new Map<string, Promise<avro.Type | undefined>>();
  const load = async (eventType: string): Promise<avro.Type | undefined> => {
    // The type becomes a file name: nothing that could leave the directory.
    if (!/^[a-z0-9_.]+$/i.test(eventType)) return undefined;
    // hasOwn: a type named like an Object.prototype member ("constructor") is not a schema.
    const builtin = Object.hasOwn(BUILTIN_EVENT_SCHEMAS, eventType) ? BUILTIN_EVENT_SCHEMAS[eventType] : undefined;
    const schema = (directory === undefined ? undefined : await readOverride(directory, eventType)) ?? builtin;
    return schema === undefined ? undefined : avro.Type.forSchema(schema);
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
