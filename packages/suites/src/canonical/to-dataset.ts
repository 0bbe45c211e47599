import type { DocumentLoader } from '@laurel/contexts';
import { ContextDocuments, INITIAL_CONTEXT, NotYetCompiled, embeddedContext, scopedContext, type ActiveContext, type TermDefinition } from './compiled-context.js';
import { refuse } from './refusal.js';

/** RDF terms and quads in the shape rdf-canonize reads (RDF/JS data model). */
type NamedNode = { termType: 'NamedNode'; value: string };
type BlankNode = { termType: 'BlankNode'; value: string };
type Literal = { termType: 'Literal'; value: string; datatype: NamedNode };
type Graph = NamedNode | BlankNode | { termType: 'DefaultGraph'; value: '' };
export interface Quad {
  subject: NamedNode | BlankNode;
  predicate: NamedNode;
  object: NamedNode | BlankNode | Literal;
  graph: Graph;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';
const XSD_DOUBLE = 'http://www.w3.org/2001/XMLSchema#double';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DEFAULT_GRAPH: Graph = { termType: 'DefaultGraph', value: '' };
const ISSUER_DEPENDENT_VOCAB = 'https://www.w3.org/ns/credentials/issuer-dependent#';
const KEYWORD = /^@[a-zA-Z]+$/;
// jsonld's test for an absolute IRI, narrowed to characters N-Quads writes without escaping.
const PLAIN_ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
const ALLOWED_TERM_KEYS = new Set(['@id', 'reverse', '@type', '@container', '@context', 'protected', '_prefix', '_termHasColon']);
/** Term definitions already found to use only what the path models (compiled contexts are never mutated). */
const checkedTerms = new WeakSet<TermDefinition>();

/** IRIs already checked, mostly the contexts' terms, which recur in every document; bounded, as documents bring their own. */
const plainIris = new Set<string>();
const MAX_PLAIN_IRIS = 4096;

function isPlainIri(iri: string): boolean {
  if (plainIris.has(iri)) return true;
  if (iri.startsWith('@') || !PLAIN_ABSOLUTE_IRI.test(iri)) return false;
  if (plainIris.size >= MAX_PLAIN_IRIS) plainIris.clear();
  plainIris.add(iri);
  return true;
}

function checkedIri(iri: string): string {
  if (!isPlainIri(iri)) refuse(`"${iri}" is not a plain absolute IRI`);
  return iri;
}

/**
 * IRI expansion (JSON-LD 1.1 API §5.2) for the cases the fast path accepts:
 * defined terms (vocab), and absolute IRIs whose prefix is not itself a term.
 * A term that only a vocabulary covers is expanded against it, except for VC
 * 2.0's issuer-dependent one, which stands for "undefined". Everything else
 * (compact IRIs, relative IRIs,
 * blank node identifiers, unknown keywords) is refused, never guessed.
 */
function expandIri(context: ActiveContext, value: string, vocab: boolean): string {
  if (value === '') refuse('an empty key or IRI');
  if (value.startsWith('@')) {
    if (KEYWORD.test(value)) return value;
    refuse(`"${value}" looks like a keyword`);
  }
  if (vocab) {
    const term = context.mappings.get(value);
    if (term === null) refuse(`term "${value}" is explicitly undefined`);
    if (term !== undefined) return term['@id'];
  }
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    if (prefix === '_') refuse('blank node identifiers are not compiled');
    if (context.mappings.has(prefix)) refuse(`"${value}" is a compact IRI`);
    if (isPlainIri(value)) return value;
  }
  const vocabulary = context['@vocab'];
  if (vocab && vocabulary !== undefined) {
    // VC 2.0 maps every term no context defines to its issuer-dependent vocabulary: such a term is undefined, so refused.
    if (vocabulary === ISSUER_DEPENDENT_VOCAB) refuse(`term "${value}" is not defined by the contexts`);
    return vocabulary + value;
  }
  return refuse(vocab ? `term "${value}" is not defined by the contexts` : `"${value}" is not an absolute IRI`);
}

/** The keyword a key stands for (itself or through an alias), if any. */
function keywordOf(context: ActiveContext, key: string): string | undefined {
  if (key.startsWith('@')) return key;
  const iri = context.mappings.get(key)?.['@id'];
  return iri?.startsWith('@') ? iri : undefined;
}


/** Named and blank nodes are interned, so identity decides; literals compare by value and datatype. */
function sameObject(a: Quad['object'], b: Quad['object']): boolean {
  if (a === b) return true;
  return a.termType === 'Literal' && b.termType === 'Literal' && a.value === b.value && a.datatype.value === b.datatype.value;
}

function literal(value: string, datatype: NamedNode): Literal {
  return { termType: 'Literal', value, datatype };
}

function termOf(context: ActiveContext, key: string): TermDefinition | undefined {
  const term = context.mappings.get(key);
  if (term === null) refuse(`term "${key}" is explicitly undefined`);
  if (term === undefined || checkedTerms.has(term)) return term;
  for (const entry of Object.keys(term)) if (!ALLOWED_TERM_KEYS.has(entry)) refuse(`term "${key}" uses ${entry}`);
  if (term.reverse) refuse(`term "${key}" is a reverse property`);
  checkedTerms.add(term);
  return term;
}

/** Only no container, @set, or an anonymous @graph (VC proof and verifiableCredential). */
function graphContainer(term: TermDefinition | undefined, key: string): boolean {
  const container = term?.['@container'] ?? [];
  let graph = false;
  for (const kind of container) {
    if (kind === '@graph') graph = true;
    else if (kind !== '@set') refuse(`term "${key}" has a ${kind} container`);
  }
  return graph;
}

/** Walks a JSON-LD document and emits its quads directly, without building the expanded form. */
class DatasetWriter {
  readonly quads: Quad[] = [];
  /**
   * The statements so far, by graph, subject and predicate, all compared by
   * identity (named nodes are interned per document, blank nodes are unique),
   * so a repeated statement is found without building a string key for each.
   */
  private readonly statements = new Map<Graph, Map<Quad['subject'], Map<NamedNode, Quad['object'][]>>>();
  private readonly namedNodes = new Map<string, NamedNode>();
  private blankNodes = 0;

  constructor(private readonly documents: ContextDocuments) {}

  private blank(): BlankNode {
    this.blankNodes += 1;
    return { termType: 'BlankNode', value: `_:b${this.blankNodes}` };
  }

  /** The one NamedNode of this document for `iri`, which must be a plain absolute IRI. */
  private namedNode(iri: string): NamedNode {
    let node = this.namedNodes.get(iri);
    if (node === undefined) {
      node = { termType: 'NamedNode', value: checkedIri(iri) };
      this.namedNodes.set(iri, node);
    }
    return node;
  }

  private emit(subject: Quad['subject'], predicate: NamedNode, object: Quad['object'], graph: Graph): void {
    // A dataset is a set: repeated statements (a type listed twice, one node embedded twice) count once, as in jsonld's node map.
    let bySubject = this.statements.get(graph);
    if (bySubject === undefined) this.statements.set(graph, (bySubject = new Map()));
    let byPredicate = bySubject.get(subject);
    if (byPredicate === undefined) bySubject.set(subject, (byPredicate = new Map()));
    let objects = byPredicate.get(predicate);
    if (objects === undefined) byPredicate.set(predicate, (objects = []));
    else if (objects.some((seen) => sameObject(seen, object))) return;
    objects.push(object);
    this.quads.push({ subject, predicate, object, graph });
  }

  /**
   * A node object (JSON-LD 1.1 API §5.1.2), reached through `key` of a node in
   * `parent` (whose term definitions apply), or the top-level document.
   */
  node(element: Record<string, unknown>, active: ActiveContext, graph: Graph, propertyScope: unknown): NamedNode | BlankNode {
    const keys = Object.keys(element);
    // A type-scoped context stops at the next node object (§4.1.9), except for a bare reference {"id": ...}.
    const bareReference = keys.length === 1 && active.previousContext !== undefined && keywordOf(active, keys[0]!) === '@id';
    let context = bareReference ? active : (active.previousContext ?? active);
    if (propertyScope !== undefined) context = scopedContext(context, propertyScope, 'property');
    // A credential inside a presentation brings its own @context ("@context" cannot be aliased).
    if ('@context' in element) context = embeddedContext(context, element['@context'], this.documents);
    const typeScope = context;
    let idKey: string | undefined;
    let typeKey: string | undefined;
    for (const key of keys) {
      // Other keys may only be defined once the type-scoped contexts apply, so only keywords are read here.
      const expanded = keywordOf(context, key);
      if (expanded === '@id') {
        if (idKey !== undefined) refuse('more than one key means @id');
        idKey = key;
      } else if (expanded === '@type') {
        if (typeKey !== undefined) refuse('more than one key means @type');
        typeKey = key;
      }
    }
    const idSeen = idKey !== undefined;
    const typeSeen = typeKey !== undefined;
    const idValue = idSeen ? element[idKey!] : undefined;
    const typeValue = typeSeen ? element[typeKey!] : undefined;
    const types = typeSeen ? (Array.isArray(typeValue) ? [...typeValue].sort() : [typeValue]) : [];
    for (const type of types) {
      if (typeof type !== 'string') refuse('@type values must be strings');
      const scoped = termOf(typeScope, type)?.['@context'];
      if (scoped !== undefined) context = scopedContext(context, scoped, 'type');
    }
    let subject: NamedNode | BlankNode;
    if (idSeen) {
      if (typeof idValue !== 'string') refuse('@id must be a string');
      subject = this.namedNode(expandIri(context, idValue, false));
    } else {
      subject = this.blank();
    }
    if (types.length > 0) {
      const rdfType = this.namedNode(RDF_TYPE);
      for (const type of types) this.emit(subject, rdfType, this.namedNode(expandIri(typeScope, type as string, true)), graph);
    }
    for (const key of keys) {
      const predicate = expandIri(context, key, true);
      if ((predicate === '@id' && key === idKey) || (predicate === '@type' && key === typeKey) || predicate === '@context') continue;
      // Includes a key that a type-scoped context turned into an @id or @type alias.
      if (predicate.startsWith('@')) refuse(`keyword ${predicate} (key "${key}") is not compiled`);
      const term = termOf(context, key);
      const coercion = term?.['@type'];
      // @json literals and @none take any JSON value, objects included: not a node.
      if (coercion !== undefined && coercion.startsWith('@') && coercion !== '@id' && coercion !== '@vocab') refuse(`term "${key}" is coerced to ${coercion}`);
      const asGraph = graphContainer(term, key);
      // Values are read with the property's scoped context applied (§4.1.8); jsonld applies it
      // once for the value and again, as defined there, for a node object after reverting type scopes.
      const ownScope = term?.['@context'];
      const valueContext = ownScope === undefined ? context : scopedContext(context, ownScope, 'property');
      const scope = ownScope === undefined ? undefined : termOf(valueContext, key)?.['@context'];
      const predicateNode = this.namedNode(predicate);
      const values = element[key];
      for (const value of Array.isArray(values) ? values : [values]) {
        const object = isNodeValue(value) ? this.nodeValue(value, valueContext, scope, asGraph, graph) : this.scalar(value, key, valueContext, asGraph);
        this.emit(subject, predicateNode, object, graph);
      }
    }
    return subject;
  }

  /**
   * jsonld drops (and safe mode rejects) a node that expands to nothing or to
   * only an id, at the top level and in a graph container; elsewhere it is a
   * node like any other. Rather than model what "expands to nothing" means for
   * every input, a node there that yields no statement is refused.
   */
  keptNode(element: Record<string, unknown>, active: ActiveContext, graph: Graph, propertyScope: unknown): void {
    const before = this.quads.length;
    this.node(element, active, graph, propertyScope);
    if (this.quads.length === before) refuse('a node jsonld would drop');
  }

  private nodeValue(value: Record<string, unknown>, valueContext: ActiveContext, scope: unknown, asGraph: boolean, graph: Graph): Quad['object'] {
    if (!asGraph) return this.node(value, valueContext, graph, scope);
    // A @graph container: the node lives in a graph of its own, named by a blank node the property points to.
    const name = this.blank();
    this.keptNode(value, valueContext, name, scope);
    return name;
  }

  private scalar(value: unknown, key: string, valueContext: ActiveContext, asGraph: boolean): Quad['object'] {
    if (asGraph) refuse(`a ${typeof value} under the graph container of "${key}"`);
    if (Array.isArray(value)) refuse('nested arrays are not compiled');
    // Scalars take the term's coercion and defaults from the context with the property scope applied.
    const term = termOf(valueContext, key);
    const coercion = term?.['@type'];
    if (typeof value === 'string') {
      if (coercion === '@id') return this.namedNode(expandIri(valueContext, value, false));
      if (coercion === '@vocab') return this.namedNode(expandIri(valueContext, value, true));
      if (coercion === undefined) return literal(value, this.namedNode(XSD_STRING));
      if (coercion.startsWith('@')) refuse(`coercion ${coercion} is not compiled`);
      return literal(value, this.namedNode(coercion));
    }
    // A native boolean or integer under a datatype coercion (OB 3.0's IdentityObject "hashed" is xsd:boolean)
    // keeps its native lexical form and takes the term's datatype (JSON-LD 1.1 API §5.3.2 and §8.2.2);
    // @id, @vocab and other keyword coercions leave a native value untyped in jsonld: refused, not modelled.
    if (coercion !== undefined && (coercion.startsWith('@') || coercion === XSD_DOUBLE)) refuse(`a ${typeof value} coerced to ${coercion}`);
    const datatype = coercion === undefined ? undefined : this.namedNode(coercion);
    if (typeof value === 'boolean') return literal(String(value), datatype ?? this.namedNode(XSD_BOOLEAN));
    // Integers only: doubles have their own canonical lexical form; the stock path writes those.
    if (typeof value === 'number' && Number.isSafeInteger(value)) return literal(value.toFixed(0), datatype ?? this.namedNode(XSD_INTEGER));
    return refuse(`value ${String(value)} of "${key}" is not compiled`);
  }
}

function isNodeValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Contexts compiled for the first time in one call, at most: beyond, the stock path takes the document. */
const MAX_PREPARATIONS = 64;

function walk(document: Record<string, unknown>, documents: ContextDocuments): Quad[] {
  const active = embeddedContext(INITIAL_CONTEXT, document['@context'], documents);
  if (active.previousContext !== undefined) refuse('a top-level context that does not propagate');
  const { '@context': _context, ...body } = document;
  const writer = new DatasetWriter(documents);
  writer.keptNode(body, active, DEFAULT_GRAPH, undefined);
  return writer.quads;
}

/**
 * The RDF dataset of a JSON-LD document (JSON-LD 1.1 API §8.2 "Deserialize
 * JSON-LD to RDF", via expansion), for documents within the compiled subset.
 * Blank node labels are arbitrary: RDFC-1.0 relabels them.
 *
 * The walk itself never waits (a promise per node cost more than the node):
 * the document's contexts are loaded first, and whatever else it needs that
 * is not compiled yet (a scoped context met for the first time, a credential's
 * own @context inside a presentation) stops it, is prepared, and the walk
 * starts again. Once the contexts are compiled, a document is walked once.
 */
export async function toDataset(document: Record<string, unknown>, documentLoader: DocumentLoader): Promise<Quad[]> {
  if (!('@context' in document)) refuse('document without @context');
  const documents = new ContextDocuments(documentLoader);
  for (const url of ([] as unknown[]).concat(document['@context'])) {
    // A context the loader holds already costs no promise.
    if (typeof url !== 'string' || documents.get(url) === undefined) await documents.load(url);
  }
  for (let preparations = 0; ; preparations += 1) {
    try {
      return walk(document, documents);
    } catch (error) {
      if (!(error instanceof NotYetCompiled)) throw error;
      if (preparations >= MAX_PREPARATIONS) refuse(`the document needs more than ${MAX_PREPARATIONS} contexts compiled at once`);
      await error.prepare();
    }
  }
}
