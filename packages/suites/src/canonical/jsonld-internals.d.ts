// jsonld's own context processor, used once per context to compile term definitions.
declare module 'jsonld/lib/context.js' {
  const api: {
    process(options: {
      activeCtx: unknown;
      localCtx: unknown;
      options: Record<string, unknown>;
      propagate?: boolean;
      overrideProtected?: boolean;
    }): Promise<unknown>;
    getInitialContext(options: Record<string, unknown>): unknown;
  };
  export default api;
}
declare module 'jsonld/lib/ContextResolver.js' {
  export default class ContextResolver {
    constructor(options: { sharedCache: Map<string, unknown> });
  }
}
declare module 'jsonld/lib/events.js' {
  const api: { setupEventHandler(options: { options: Record<string, unknown> }): unknown };
  export default api;
}
declare module 'rdf-canonize' {
  export function canonize(dataset: unknown[], options: { algorithm: string; format?: string }): Promise<string>;
}
