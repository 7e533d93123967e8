/**
 * Reading a manifest text into the documents kubectl sees, as plain JSON values.
 *
 * kubectl (`create/apply -f`) reads with k8s.io/apimachinery's YAMLOrJSONDecoder: a text whose first non-space
 * character is `{` is a stream of JSON values (falling back to YAML where the first value is not JSON); otherwise
 * the YAMLReader splits the text into documents at each line that starts with `---` (a separator followed by
 * anything but a comment is an error), and each document goes through sigs.k8s.io/yaml's YAMLToJSON: goyaml.v2's
 * YAML 1.1 (kube-yaml-scalars.ts), merge keys applied in goyaml.v2's order (a `<<` overrides the keys before it, the
 * keys after it override it, earlier maps of a `<<` list win), duplicate keys the last one wins, aliases expanded
 * (with goyaml.v2's bound on alias expansion), non-string keys made strings, NaN and infinities refused (JSON has
 * none). Documents that are empty or `null` are skipped, as kubectl's StreamVisitor skips them.
 *
 * The YAML syntax itself is read by js-yaml, with a schema of the Go rules; each document keeps where it starts (line
 * and column from 1) and its own text, so that positions of fields can be found later (kube-yaml-positions.ts).
 */
// js-yaml is a bundled runtime dependency of the package.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as jsyaml from 'js-yaml';
// yaml is a bundled runtime dependency of the package (declared with the schema validation data).
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';
import { float32Key, GoScalar, resolvePlain, resolveTagged, ScalarError, SENTINEL } from './kube-yaml-scalars';

/** One document of a manifest text, as kubectl decodes it. */
export interface KubeDocument {
  /** The JSON value of the document (never null). */
  readonly value: unknown;
  /** Line of the document's first content, from 1. */
  readonly line: number;
  /** Column of the document's first content, from 1. */
  readonly column: number;
  /** The document's own text (the YAML between separators, or the JSON value). */
  readonly text: string;
  /** Line of the first line of `text` in the file, from 1. */
  readonly textLine: number;
  /** True for a JSON document, false for YAML. */
  readonly json: boolean;
}

/** A text kubectl would refuse: the reason, and where (line and column from 1). */
export class KubeYamlError extends Error {
  public constructor(public readonly reason: string, public readonly line: number, public readonly column: number) {
    super(`${line}:${column}: ${reason}`);
  }
}

/** Nesting kubectl's YAML reading allows (goyaml.v2: 10000 flow levels or indentations). */
const MAX_DEPTH = 10000;

// A plain scalar: Go's resolution. Explicit tags: Go's for the scalar tags; any other tag is ignored, as goyaml.v2
// ignores tags on mappings and sequences and leaves the text of a scalar with an unknown tag a string.
const PLAIN = new jsyaml.Type('tag:cdk8s-ai-gateway,2026:plain', {
  kind: 'scalar',
  resolve: () => true,
  construct: (text: string) => {
    if (text !== '<<') return resolvePlain(text);
    sawMerge = true;
    return new GoScalar('merge', 0, '<<');
  },
});
/** Set when the document being loaded has a merge key: the order of its keys matters, which js-yaml's objects lose. */
let sawMerge = false;
/** How much of the last text load() read (goyaml.v2 stops after the first root node). */
let readLength = 0;
const TAGGED = ['str', 'bool', 'int', 'float', 'null', 'timestamp', 'binary', 'merge'].map(name => new jsyaml.Type(`tag:yaml.org,2002:${name}`, {
  kind: 'scalar',
  resolve: () => true,
  construct: (text: string | null) => resolveTagged(`tag:yaml.org,2002:${name}`, text ?? ''),
}));
const OTHER_TAGS = (['scalar', 'sequence', 'mapping'] as const).flatMap(kind => ['!', 'tag:'].map(prefix => new jsyaml.Type(prefix, {
  kind,
  multi: true,
  resolve: () => true,
  construct: (data: any, tag?: string) => (kind === 'scalar' ? resolveTagged(tag ?? '!', data ?? '') : data ?? (kind === 'mapping' ? {} : [])),
})));
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [PLAIN], explicit: [...TAGGED, ...OTHER_TAGS] });

/**
 * The documents kubectl would read from a text, in order, empty and `null` ones left out.
 *
 * @throws KubeYamlError where kubectl would refuse the text (its syntax, a bad separator, excessive aliasing, NaN)
 */
export function readKubeDocuments(text: string): KubeDocument[] {
  const documents: KubeDocument[] = [];
  let offset = 0;
  let line = 1;
  // Go's unicode.IsSpace: JavaScript's \s also takes the byte order mark, which Go does not.
  if (/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\{/.test(text.slice(0, 4096))) {
    const json = readJsonStream(text);
    documents.push(...json.documents);
    if (json.rest === undefined) return documents;
    offset = json.rest;
    line = json.restLine;
  }
  for (const chunk of splitYamlDocuments(text, offset, line)) {
    const value = decodeYamlDocument(chunk.text, chunk.line);
    if (value === null || value === undefined) continue;
    const start = firstContent(chunk.text, chunk.line);
    documents.push({ value, line: start.line, column: start.column, text: chunk.text, textLine: chunk.line, json: false });
  }
  return documents;
}

/** apimachinery's YAMLReader: the documents between lines that start with `---`. */
export function splitYamlDocuments(text: string, offset = 0, firstLine = 1): { text: string; line: number }[] {
  const chunks: { text: string; line: number }[] = [];
  let start = offset;
  let startLine = firstLine;
  let lineNumber = firstLine;
  let pos = offset;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    end = end < 0 ? text.length : end + 1;
    if (text.startsWith('---', pos)) {
      const rest = text.slice(pos + 3, end).trim();
      if (rest.length > 0 && rest[0] !== '#') {
        throw new KubeYamlError(`invalid Yaml document separator: ${rest} (kubectl reads a line that starts with '---' as a ` +
          'document separator; only a comment may follow it)', lineNumber, 1);
      }
      if (pos > start) chunks.push({ text: text.slice(start, pos), line: startLine });
      start = end;
      startLine = lineNumber + 1;
    }
    pos = end;
    lineNumber++;
  }
  if (text.length > start) chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

/** One YAML document as sigs.k8s.io/yaml's YAMLToJSON converts it; null for an empty document. */
export function decodeYamlDocument(documentText: string, firstLine = 1): unknown {
  let text = documentText;
  let loaded: unknown;
  // goyaml.v2 reads the first document only: a `...` line ends it, and what follows is never read; a `...` before any
  // content is an error.
  const end = /^\.\.\.(?=[ \t\r]|#|$)/m.exec(text);
  if (end !== null) {
    const before = text.slice(0, end.index);
    if (!/^\s*[^#\s]/m.test(before.replace(/^\ufeff/, '').replace(/^\s*#.*$/gm, ''))) {
      const at = firstLine + before.split('\n').length - 1;
      throw new KubeYamlError('not valid YAML: did not find expected node content (a \'...\' document end before any content)', at, 1);
    }
    text = before;
  }
  try {
    loaded = load(text);
  } catch (e) {
    if (e instanceof jsyaml.YAMLException) {
      const mark = (e as any).mark;
      throw new KubeYamlError(`not valid YAML: ${(e as any).reason ?? e.message}`, firstLine + (mark?.line ?? 0), (mark?.column ?? 0) + 1);
    }
    throw documentError(e, text, firstLine);
  }
  if (loaded === undefined) return null;
  const read = readLength < text.length ? text.slice(0, readLength) : text;
  if (read.includes('*')) selfAliases(read, firstLine);
  try {
    const converter = new Converter();
    if (sawMerge || /!!merge|tag:yaml\.org,2002:merge/.test(read)) {
      const ordered = orderedDocument(read);
      if (ordered !== undefined) return converter.finish(converter.convert(ordered, false));
    }
    return converter.finish(converter.convert(loaded, false));
  } catch (e) {
    throw documentError(e, text, firstLine);
  }
}

/**
 * js-yaml's reading of one document. goyaml.v2 decodes the first document of the text and stops there: what follows
 * its root node (`{"a": 1} trailing`) is never read, where js-yaml wants the end of the stream.
 */
function load(text: string): unknown {
  sawMerge = false;
  readLength = text.length;
  // maxDepth: js-yaml 4.3's bound on nesting (its typings predate it).
  const options = { schema: SCHEMA, json: true, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions;
  try {
    return jsyaml.load(text, options);
  } catch (e) {
    const mark = (e as any).mark;
    if (!(e instanceof jsyaml.YAMLException) || (e as any).reason !== 'end of the stream or a document separator is expected'
      || typeof mark?.position !== 'number' || mark.position <= 0) throw e;
    // Unless the root node is a one-line flow collection or scalar followed on its line by `: `: it may still be a
    // simple key there, so goyaml.v2's scanner reads on, and the parser fails.
    // js-yaml counts positions after a byte order mark it drops.
    const p = (mark.position as number) + (text.charCodeAt(0) === 0xfeff ? 1 : 0);
    let back = p - 1;
    while (back >= 0 && (text[back] === ' ' || text[back] === '\t')) back--;
    const lineStart = text.lastIndexOf('\n', p - 1) + 1;
    const sameLine = back >= 0 && text[back] !== '\n' && back >= lineStart;
    const rootOnLine = firstContent(text, 1).line === text.slice(0, p).split('\n').length;
    const lineEnd = text.indexOf('\n', p);
    const rest = text.slice(p, lineEnd < 0 ? text.length : lineEnd).replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, 'x');
    if (sameLine && rootOnLine && /^[^{[]*:(\s|$)/.test(rest)) throw e;
    try {
      const loaded = jsyaml.load(text.slice(0, p), options);
      readLength = p;
      return loaded;
    } catch {
      throw e;
    }
  }
}

/**
 * A document with merge keys, read again with the `yaml` package's syntax tree, whose maps keep every pair in order (a
 * key written twice, integer-like keys): as js-yaml's result, but each map an object whose keys are unique sentinels
 * in pair order, so that the conversion applies pairs and merges in goyaml.v2's order. Undefined where that parser
 * disagrees with the text (js-yaml's reading is then used).
 */
function orderedDocument(text: string): unknown {
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { schema: 'failsafe', uniqueKeys: false, strict: false, merge: false, prettyErrors: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0) return undefined;
  const anchors = new Map<unknown, unknown>();
  let counter = 0;
  const build = (node: unknown): unknown => {
    if (node === null || node === undefined) return new GoScalar('null', 0, '');
    if (YAML.isAlias(node)) {
      const target = node.resolve(doc);
      return anchors.has(target) ? anchors.get(target) : build(target);
    }
    let result: unknown;
    if (YAML.isScalar(node)) {
      const source = (node as { source?: unknown }).source;
      const value = typeof source === 'string' ? source : node.value === null || node.value === undefined ? '' : String(node.value);
      const tag = node.tag;
      if (tag !== undefined && tag !== '!') result = resolveTagged(tag, value);
      else if (node.type === 'PLAIN' && tag === undefined) result = value === '<<' ? new GoScalar('merge', 0, '<<') : resolvePlain(value);
      else result = value;
    } else if (YAML.isSeq(node)) {
      const items: unknown[] = [];
      if (node.anchor) anchors.set(node, items);
      for (const item of node.items) items.push(build(item));
      result = items;
    } else if (YAML.isMap(node)) {
      const map: { [key: string]: unknown } = {};
      if (node.anchor) anchors.set(node, map);
      for (const pair of node.items) {
        const key = build(pair.key);
        // Every pair its own key: the position, then the key (a GoScalar keeps its own sentinel form).
        const name = `${SENTINEL}pair${SENTINEL}${counter++}${SENTINEL}${key instanceof GoScalar ? String(key) : typeof key === 'object' && key !== null ? '' : String(key)}`;
        map[name] = build(pair.value);
      }
      result = map;
    } else {
      return undefined;
    }
    if ((node as { anchor?: string }).anchor && !anchors.has(node)) anchors.set(node, result);
    return result;
  };
  return build(doc.contents);
}

/**
 * goyaml.v2 decodes every pair, a key written twice included, so an alias inside the node its anchor names is an error
 * even when a later key replaces it (js-yaml builds such self-references, and drops them with the replaced value).
 */
function selfAliases(text: string, firstLine: number): void {
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: false, strict: false });
  } catch {
    return;
  }
  let problem: { name: string; offset: number } | undefined;
  YAML.visit(doc, {
    Alias(_key, node, ancestors) {
      const target = node.resolve(doc);
      if (target !== undefined && ancestors.includes(target as any)) {
        problem = { name: node.source, offset: node.range?.[0] ?? 0 };
        return YAML.visit.BREAK;
      }
      return undefined;
    },
  });
  if (problem !== undefined) {
    const before = text.slice(0, problem.offset);
    const line = firstLine + before.split('\n').length - 1;
    const column = problem.offset - before.lastIndexOf('\n');
    throw new KubeYamlError(`anchor '${problem.name}' value contains itself (an alias inside the value it names)`, line, column);
  }
}

function documentError(e: unknown, text: string, firstLine: number): unknown {
  const start = firstContent(text, firstLine);
  if (e instanceof ScalarError || e instanceof ConversionError) return new KubeYamlError(e.message, start.line, start.column);
  if (e instanceof RangeError) {
    return new KubeYamlError('the document is nested too deeply to read (kubectl allows 10000 levels)', start.line, start.column);
  }
  return e;
}

class ConversionError extends Error {}

// goyaml.v2's bound on alias expansion: allowedAliasRatio().
const ALIAS_LOW = 400000;
const ALIAS_HIGH = 4000000;

function allowedAliasRatio(decodes: number): number {
  if (decodes <= ALIAS_LOW) return 0.99;
  if (decodes >= ALIAS_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodes - ALIAS_LOW) / (ALIAS_HIGH - ALIAS_LOW));
}

/**
 * js-yaml's result to the JSON value of Go's decoding: GoScalars to values and keys, merge keys applied, each alias
 * (a value js-yaml shares) copied, with goyaml.v2's bound on the decodes aliases cause.
 */
class Converter {
  private readonly seen = new Set<object>();
  private readonly open = new Set<object>();
  /** Maps with a key JSON cannot have, and values JSON cannot be: errors if they are still in the result. */
  private readonly bad = new Map<object, string>();
  private decodes = 0;
  private aliasDecodes = 0;

  public convert(value: unknown, copy: boolean): unknown {
    this.decodes++;
    if (copy) {
      this.aliasDecodes++;
      if (this.aliasDecodes > 100 && this.decodes > 1000 && this.aliasDecodes / this.decodes > allowedAliasRatio(this.decodes)) {
        throw new ConversionError('the document contains excessive aliasing (an alias bomb?): kubectl refuses it ("document contains excessive aliasing")');
      }
    }
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof GoScalar) {
      const problem = badValue(value);
      if (problem === undefined) return scalarValue(value);
      const poison = {};
      this.bad.set(poison, problem);
      return poison;
    }
    // A value met again is an alias of an anchored one: copied, as Go decodes an alias anew.
    const again = !copy && this.seen.has(value);
    if (!copy) this.seen.add(value);
    if (this.open.has(value)) throw new ConversionError('an anchor\'s value contains an alias of itself: kubectl refuses it ("anchor value contains itself")');
    this.open.add(value);
    try {
      const result = this.convertNode(value, copy || again);
      // A copy of a map holding what JSON cannot carry holds it too.
      const problem = this.bad.get(value);
      if (problem !== undefined && result !== value && typeof result === 'object' && result !== null) this.bad.set(result, problem);
      return result;
    } finally {
      this.open.delete(value);
    }
  }

  private convertNode(value: object, inside: boolean): unknown {
    if (Array.isArray(value)) {
      const target = inside ? new Array(value.length) : value;
      for (let i = 0; i < value.length; i++) target[i] = this.convert(value[i], inside);
      return target;
    }
    const source = value as { [key: string]: unknown };
    const keys = Object.keys(source);
    let special = false;
    for (const key of keys) if (key.charCodeAt(0) === 0) special = true;
    if (!special && !inside) {
      for (const key of keys) {
        this.decodes++;
        source[key] = this.convert(source[key], false);
      }
      return source;
    }
    const target: { [key: string]: unknown } = {};
    let problem: string | undefined;
    for (const key of keys) {
      this.decodes++;
      const converted = this.convert(source[key], inside);
      if (key.charCodeAt(0) !== 0) {
        setKey(target, key, converted);
        continue;
      }
      let [, type, text] = key.split(SENTINEL);
      if (type === 'pair') {
        // An ordered pair (orderedDocument): the key after the position.
        const rest = key.slice(key.indexOf(SENTINEL, 6) + 1);
        if (rest.charCodeAt(0) !== 0) {
          setKey(target, rest, converted);
          continue;
        }
        [, type, text] = rest.split(SENTINEL);
      }
      if (type === 'merge') {
        problem = this.merge(target, converted) ?? problem;
      } else if (type === 'null' || type === 'uint') {
        problem = badKey(type, text);
        setKey(target, key, converted);
      } else {
        setKey(target, keyString(type, text), converted);
      }
    }
    let result = target;
    if (!inside) {
      for (const key of keys) delete source[key];
      result = Object.assign(source, target);
    }
    if (problem !== undefined) this.bad.set(result, problem);
    return result;
  }

  /** The converted document, or the error of a key or value it still holds that JSON cannot carry. */
  public finish(result: unknown): unknown {
    if (this.bad.size === 0) return result;
    const stack: unknown[] = [result];
    while (stack.length > 0) {
      const v = stack.pop();
      if (v === null || typeof v !== 'object') continue;
      const problem = this.bad.get(v);
      if (problem !== undefined) throw new ConversionError(problem);
      stack.push(...(Array.isArray(v) ? v : Object.values(v)));
    }
    return result;
  }

  /** goyaml.v2 merge(): a map's keys override those set before; a list's maps are applied last to first. */
  private merge(target: { [key: string]: unknown }, value: unknown): string | undefined {
    let problem: string | undefined;
    const maps = Array.isArray(value) ? [...value].reverse() : [value];
    for (const map of maps) {
      if (map === null || typeof map !== 'object' || Array.isArray(map)) {
        throw new ConversionError('map merge requires map or sequence of maps as the value (a `<<` key takes a mapping or a list of mappings)');
      }
      // Already converted: a map met again (an alias) is a copy of its own.
      for (const [k, v] of Object.entries(map)) setKey(target, k, v);
      problem = this.bad.get(map) ?? problem;
    }
    return problem;
  }
}

function setKey(target: { [key: string]: unknown }, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function scalarValue(s: GoScalar): unknown {
  switch (s.type) {
    case 'null':
      return null;
    case 'merge':
      return '<<';
    case 'float':
      return s.value as number;
    default:
      return Number(s.value);
  }
}

/** Why JSON cannot carry a value (NaN, an infinity), or undefined. */
function badValue(s: GoScalar): string | undefined {
  if (s.type !== 'float' || Number.isFinite(s.value as number)) return undefined;
  const f = s.value as number;
  return `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'} (the value \`${s.source}\`: ` +
    'JSON has no NaN or infinity; quote it to make it a string)';
}

function badKey(type: string, text: string): string {
  return `unsupported map key of type: ${type === 'null' ? '<nil>' : 'uint64'} (the key \`${type === 'null' ? 'null' : text}\`: ` +
    'quote it to make it a string)';
}

/** sigs.k8s.io/yaml's key of a non-string scalar key. */
function keyString(type: string, text: string): string {
  return type === 'float' ? float32Key(Number(text)) : text;
}

/** Line and column (from 1) of the first character of a text that is neither space nor part of a comment. */
export function firstContent(text: string, firstLine: number): { line: number; column: number } {
  let line = firstLine;
  let column = 1;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      column = 1;
      comment = false;
      continue;
    }
    if (!comment && c === '#') comment = true;
    if (!comment && c !== ' ' && c !== '\t' && c !== '\r' && c !== '\ufeff') return { line, column };
    column++;
  }
  return { line: firstLine, column: 1 };
}

/**
 * A stream of JSON values (Go's json.Decoder, value after value: `09` is the numbers 0 and 9, `true story` is true and
 * then an error). Where the first or second value is not JSON, apimachinery's decoder goes on with YAML from the end of
 * the last value (after the spaces up to the first line end, reading four bytes at a time: with fewer left, it stops
 * with the JSON error); where a later one is not, it is an error.
 */
function readJsonStream(text: string): { documents: KubeDocument[]; rest?: number; restLine: number } {
  const documents: KubeDocument[] = [];
  let decoded = 0;
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    pos = to;
  };
  for (;;) {
    let start = pos;
    while (start < text.length && /[ \t\r\n]/.test(text[start])) start++;
    if (start >= text.length) return { documents, restLine: line };
    const end = jsonValueEnd(text, start);
    let value: unknown;
    let ok = end !== undefined;
    if (ok) {
      try {
        value = JSON.parse(text.slice(start, end));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      const errorLine = line + (text.slice(pos, start).split('\n').length - 1);
      const errorColumn = start - Math.max(text.lastIndexOf('\n', start - 1) + 1, 0) + 1;
      const error = new KubeYamlError(`not valid JSON: the value at line ${errorLine} column ${errorColumn} of the JSON stream ` +
        'does not parse', errorLine, errorColumn);
      if (decoded > 1) throw error;
      let rest = pos;
      for (;;) {
        if (Buffer.byteLength(text.slice(rest, rest + 4)) < 4) throw error;
        const c = text[rest];
        if (!/\s/.test(c)) break;
        rest++;
        if (c === '\n') break;
      }
      advance(rest);
      return { documents, rest, restLine: line };
    }
    advance(start);
    const valueLine = line;
    const column = start - lineStart + 1;
    const raw = text.slice(start, end);
    advance(end!);
    decoded++;
    if (value !== null) documents.push({ value, line: valueLine, column, text: raw, textLine: valueLine, json: true });
  }
}

const JSON_SCALAR = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null/y;

/** Where the JSON value starting at `start` ends (exclusive), by its brackets and strings; undefined when it never does. */
function jsonValueEnd(text: string, start: number): number | undefined {
  const c = text[start];
  if (c !== '{' && c !== '[' && c !== '"') {
    JSON_SCALAR.lastIndex = start;
    const m = JSON_SCALAR.exec(text);
    if (m === null) return undefined;
    // A number Go's scanner would go on reading (`1.`, `1e`, `1.5e`) is a syntax error; `09` is two numbers.
    const next = text[JSON_SCALAR.lastIndex] ?? '';
    if (/[0-9-]/.test(c) && (/[eE]/.test(next) || (next === '.' && !m[0].includes('.') && !/[eE]/.test(m[0])))) return undefined;
    return JSON_SCALAR.lastIndex;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      if (i >= text.length) return undefined;
      if (depth === 0) return i + 1;
    } else if (ch === 123 || ch === 91) {
      depth++;
    } else if (ch === 125 || ch === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
