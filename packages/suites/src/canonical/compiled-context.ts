import contextApi from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import events from 'jsonld/lib/events.js';
import type { DocumentLoader } from '@laurel/contexts';
import { refuse } from './refusal.js';

/** A term definition as jsonld's context processor leaves it. */
export interface TermDefinition {
  '@id': string;
  reverse: boolean;
  '@type'?: string;
  '@container'?: string[];
  '@context'?: unknown;
  [other: string]: unknown;
}

/** An active context compiled by jsonld itself; never mutated after compiling. */
export interface ActiveContext {
  mappings: Map<string, TermDefinition | null>;
  previousContext?: ActiveContext;
  '@vocab'?: string;
  [other: string]: unknown;
}

const INITIAL = contextApi.getInitialContext({}) as ActiveContext;

/**
 * Compiled contexts, keyed by the object identity of the context they came
 * from and of the local context applied. The stock processor re-derives (and
 * deep-copies) an active context on every call; here each combination is
 * compiled once, by jsonld's own processor, so term semantics are exactly
 * jsonld's, and reused by reference after that. One table per way a local
 * context can be applied, since each applies it differently.
 */
type Table = WeakMap<object, WeakMap<object, ActiveContext>>;
const byTopLevel: Table = new WeakMap();
const byPropertyScope: Table = new WeakMap();
const byTypeScope: Table = new WeakMap();

// Weak on both sides: a loader that hands out fresh context objects gets no reuse, and no leak either.
function remember(table: Table, from: object, key: object, context: ActiveContext): ActiveContext {
  let byKey = table.get(from);
  if (!byKey) {
    byKey = new WeakMap();
    table.set(from, byKey);
  }
  byKey.set(key, context);
  return context;
}

/** jsonld's context processing, in safe mode, with a loader that may only return `allowed`. */
async function processWithJsonld(
  activeCtx: ActiveContext,
  localCtx: unknown,
  flags: { propagate: boolean; overrideProtected: boolean },
  allowed?: { url: string; document: unknown },
): Promise<ActiveContext> {
  const documentLoader = async (url: string) => {
    // Anything beyond the one document we keyed the cache on would make the cache lie.
    if (allowed && url === allowed.url) return { contextUrl: null, documentUrl: url, document: allowed.document };
    return refuse(`context processing needs another document (${url})`);
  };
  const options = {
    documentLoader,
    base: null,
    safe: true,
    contextResolver: new ContextResolver({ sharedCache: new Map() }),
    eventHandler: events.setupEventHandler({ options: { safe: true } }),
  };
  try {
    return (await contextApi.process({ activeCtx, localCtx, options, ...flags })) as ActiveContext;
  } catch (error) {
    return refuse(`jsonld refused the context: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const NULL_CONTEXT = {};

/** Refuses contexts whose effects the fast path does not model. */
function assertPlain(context: ActiveContext): ActiveContext {
  for (const setting of ['@base', '@language', '@direction', '@propagate']) {
    if (setting in context) refuse(`active context sets ${setting}`);
  }
  const vocab = context['@vocab'];
  if (vocab !== undefined && (typeof vocab !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(vocab))) refuse('@vocab is not an absolute IRI');
  return context;
}

export const INITIAL_CONTEXT = INITIAL;

/**
 * Thrown by the lookups below, which never wait, when what the walk needs is
 * not compiled (or its document not loaded) yet: the caller awaits `prepare`,
 * which compiles it once for every later document, and walks again.
 */
export class NotYetCompiled extends Error {
  constructor(readonly prepare: () => Promise<void>) {
    super('a context is not compiled yet');
    this.name = 'NotYetCompiled';
  }
}

/** The context documents one walk reads, loaded (through its loader, before or between walks) by URL. */
export class ContextDocuments {
  private readonly documents = new Map<string, object>();

  constructor(private readonly documentLoader: DocumentLoader) {}

  async load(url: unknown): Promise<void> {
    if (typeof url !== 'string') refuse('inline @context objects are not compiled');
    if (this.get(url) !== undefined) return;
    const { document } = await this.documentLoader(url);
    if (typeof document !== 'object' || document === null) refuse(`context ${url} is not a JSON object`);
    this.documents.set(url, document);
  }

  /** Loaded for this walk, or held by the loader already (bundled contexts: no promise needed). */
  get(url: string): object | undefined {
    const loaded = this.documents.get(url);
    if (loaded !== undefined) return loaded;
    const known = this.documentLoader.knownDocument?.(url);
    return typeof known === 'object' && known !== null ? known : undefined;
  }
}

/**
 * The active context after a node's own `@context` (a list of URLs only), on
 * top of `start`: the initial context for a document, or the context in force
 * for a credential embedded in a presentation.
 */
export function embeddedContext(start: ActiveContext, contextValue: unknown, documents: ContextDocuments): ActiveContext {
  const urls = Array.isArray(contextValue) ? contextValue : [contextValue];
  let active = start;
  for (const url of urls) {
    if (typeof url !== 'string') refuse('inline @context objects are not compiled');
    const document = documents.get(url);
    if (document === undefined) throw new NotYetCompiled(() => documents.load(url));
    // Keyed on the document the loader returned, so a loader serving other bytes gets its own entry.
    const known = byTopLevel.get(active)?.get(document);
    if (!known) {
      const from = active;
      throw new NotYetCompiled(async () => {
        remember(byTopLevel, from, document, assertPlain(await processWithJsonld(from, url, { propagate: true, overrideProtected: false }, { url, document })));
      });
    }
    active = known;
  }
  return active;
}

/**
 * A property-scoped context (propagates, may override protected terms) or a
 * type-scoped one (does not propagate) applied on top of `active`.
 */
export function scopedContext(active: ActiveContext, local: unknown, kind: 'property' | 'type'): ActiveContext {
  // null resets to the initial context (VC 2.0 does so for verifiableCredential, whose credentials bring their own).
  if (typeof local !== 'object') refuse('scoped context is not an inline object');
  const table = kind === 'type' ? byTypeScope : byPropertyScope;
  const key = local ?? NULL_CONTEXT;
  const known = table.get(active)?.get(key);
  if (known) return known;
  const flags = kind === 'type' ? { propagate: false, overrideProtected: false } : { propagate: true, overrideProtected: true };
  throw new NotYetCompiled(async () => {
    remember(table, active, key, assertPlain(await processWithJsonld(active, local, flags)));
  });
}
