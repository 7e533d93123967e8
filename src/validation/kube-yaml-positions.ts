/**
 * Where a field of a document is written: the line and column of the value a finding path names
 * (`spec.rules[0].backendRefs[1].port`, `metadata.labels[app.kubernetes.io/name]`), found by parsing that one
 * document again with the `yaml` package's syntax tree, its keys read as kubectl reads them (kube-yaml-scalars.ts:
 * `on:` is the key "true"), through aliases and merge keys. Only documents with findings are parsed again, so reading
 * keeps no position table per node.
 */
// yaml is a bundled runtime dependency of the package (declared with the schema validation data).
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';
import { float32Key, GoScalar, resolvePlain } from './kube-yaml-scalars';
import { ObjectSource } from './manifest-files';
import { ValidationReport } from './report';

/** A line and column, from 1. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The segments of a finding path: `a.b[0][c.d]` is ['a', 'b', '0', 'c.d']. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  const re = /\.?([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) segments.push(m[1] ?? m[2]);
  return segments;
}

/** Offsets of a text turned into lines and columns: the line starts found once, on the first question. */
class LineIndex {
  private lineStarts: number[] | undefined;

  /**
   * @param text the text
   * @param textLine the line of its first line in the file, from 1
   */
  public constructor(private readonly text: string, private readonly textLine: number) {}

  public positionOf(offset: number): TextPosition {
    if (this.lineStarts === undefined) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (this.lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: this.textLine + lo, column: offset - this.lineStarts[lo] + 1 };
  }
}

/** A parsed document whose positions can be asked for many paths. */
export class DocumentPositions {
  private readonly doc: YAML.Document.Parsed;
  private readonly lines: LineIndex;

  /**
   * @param text the document's text
   * @param textLine the line of its first line in the file, from 1
   */
  public constructor(private readonly text: string, textLine: number) {
    this.doc = YAML.parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, strict: false });
    this.lines = new LineIndex(text, textLine);
  }

  /**
   * The position of the value at `path` (from the document's root), or of the nearest enclosing value written in the
   * document when the path goes further (a missing field: its parent).
   */
  public find(path: string | string[]): TextPosition {
    const segments = typeof path === 'string' ? pathSegments(path) : path;
    let node: unknown = this.doc.contents;
    let found: unknown = node;
    for (const segment of segments) {
      node = this.child(node, segment, 0);
      if (node === undefined) break;
      found = node;
    }
    return this.positionOf(found);
  }

  private resolve(node: unknown): unknown {
    let n = node;
    for (let i = 0; i < 100 && YAML.isAlias(n); i++) n = (n as YAML.Alias).resolve(this.doc);
    return n;
  }

  private child(parent: unknown, segment: string, depth: number): unknown {
    const node = this.resolve(parent);
    if (depth > 50) return undefined;
    if (YAML.isSeq(node)) {
      const i = Number(segment);
      return Number.isInteger(i) ? node.items[i] : undefined;
    }
    if (!YAML.isMap(node)) return undefined;
    let result: { key: unknown; value: unknown } | undefined;
    for (const pair of node.items) {
      const key = pair.key;
      if (isMergeKey(key)) {
        // Merged maps set keys in order (a list: last to first); the keys written after override them.
        const sources = this.resolve(pair.value);
        const maps = YAML.isSeq(sources) ? [...sources.items].reverse() : [sources];
        for (const map of maps) {
          const value = this.child(map, segment, depth + 1);
          if (value !== undefined) result = { key, value };
        }
      } else if (keyText(key) === segment) {
        result = { key, value: pair.value ?? key };
      }
    }
    if (result === undefined) return undefined;
    return result.value === null || result.value === undefined ? result.key : result.value;
  }

  private positionOf(node: unknown): TextPosition {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return this.lines.positionOf(range === undefined ? firstOffset(this.text) : range[0]);
  }
}

/** quickFind() over one document, its offsets turned into lines and columns. */
export class QuickPositions {
  private readonly lines: LineIndex;

  public constructor(private readonly text: string, textLine: number) {
    this.lines = new LineIndex(text, textLine);
  }

  /** The position of the value at the path, or undefined where quickFind() does not follow the text. */
  public find(segments: readonly string[]): TextPosition | undefined {
    const offset = quickFind(this.text, segments);
    if (offset === undefined) return undefined;
    return this.lines.positionOf(offset);
  }
}

function isMergeKey(key: unknown): boolean {
  return YAML.isScalar(key) && key.source === '<<' && key.type === 'PLAIN';
}

/** The JSON key kubectl makes of a YAML key node. */
export function keyText(key: unknown): string | undefined {
  if (!YAML.isScalar(key)) return undefined;
  const source = typeof key.source === 'string' ? key.source : String(key.value);
  if (key.type !== 'PLAIN' || key.tag !== undefined) return String(key.value);
  const value = resolvePlain(source);
  if (value instanceof GoScalar) {
    if (value.type === 'float') return float32Key(value.value as number);
    return value.type === 'int' ? String(value.value) : undefined;
  }
  return String(value);
}

function firstOffset(text: string): number {
  const m = /^(?:\s|#.*)*/.exec(text);
  return m === null ? 0 : m[0].length;
}

/** One line of a block: where its content starts, and its indentation (a sequence item's content: after `- `). */
interface Line {
  readonly start: number;
  readonly indent: number;
  readonly content: string;
}

/**
 * A quick locator for block-style YAML (what cdk8s, Helm and kubectl write): keys found by their indentation, line by
 * line, without parsing the document. Undefined for anything it does not follow (flow collections on the way,
 * anchors, aliases, merge keys, tags, quoted keys with escapes, tabs): DocumentPositions then parses the document.
 */
export function quickFind(text: string, segments: readonly string[]): number | undefined {
  if (text.includes('\t')) return undefined;
  let lines: Line[] = [];
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const indent = raw.length - raw.trimStart().length;
    const content = raw.slice(indent).replace(/\r$/, '');
    if (content !== '' && !content.startsWith('#')) lines.push({ start: start + indent, indent, content });
    start = end + 1;
  }
  if (lines.length === 0 || lines[0].content.startsWith('---') || lines[0].content.startsWith('%')) return undefined;
  let found = lines[0].start;
  for (const segment of segments) {
    if (lines.length === 0) return found;
    const first = lines[0];
    if (/^-( |$)/.test(first.content)) {
      // A sequence: items are the lines at the first dash's indentation that start with '- '.
      const index = Number(segment);
      if (!Number.isInteger(index)) return found;
      const items: number[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].indent === first.indent && /^-( |$)/.test(lines[i].content)) items.push(i);
        else if (lines[i].indent < first.indent) return undefined;
      }
      if (index >= items.length) return found;
      const at = items[index];
      const until = index + 1 < items.length ? items[index + 1] : lines.length;
      const dash = lines[at];
      const after = dash.content.slice(1).trimStart();
      const skip = dash.content.length - after.length;
      const item: Line[] = after === '' ? [] : [{ start: dash.start + skip, indent: dash.indent + skip, content: after }];
      lines = [...item, ...lines.slice(at + 1, until)];
      if (lines.length === 0) return found;
      if (/^[&*!{[|>"']/.test(lines[0].content) && !(/^["']/.test(lines[0].content) && keyOf(lines[0].content) !== undefined)) {
        return segment === segments[segments.length - 1] && /^[|>"']/.test(lines[0].content) ? lines[0].start : undefined;
      }
      found = lines[0].start;
      continue;
    }
    // A mapping: its keys are the lines at the first line's indentation.
    let match = -1;
    const keyLines: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].indent < first.indent) return undefined;
      if (lines[i].indent !== first.indent) continue;
      const key = keyOf(lines[i].content);
      if (key === undefined) return undefined;
      if (key.raw === '<<') return undefined;
      keyLines.push(i);
      if (key.text === segment) match = i;
    }
    if (match < 0) return found;
    const line = lines[match];
    const key = keyOf(line.content)!;
    const value = line.content.slice(key.length).replace(/^\s+/, '');
    if (value !== '' && !value.startsWith('#')) {
      if (/^[&*!{[]/.test(value)) return undefined;
      return line.start + line.content.length - value.length;
    }
    const next = keyLines.find(i => i > match) ?? lines.length;
    const child = lines.slice(match + 1, next);
    // A sequence may sit at its key's indentation.
    const end = child.findIndex(l => l.indent < line.indent || (l.indent === line.indent && !/^-( |$)/.test(l.content)));
    lines = end < 0 ? child : child.slice(0, end);
    if (lines.length === 0) return line.start;
    if (/^[&*!{[]/.test(lines[0].content)) return undefined;
    found = lines[0].start;
  }
  return found;
}

/** The key of a `key: value` line, as kubectl reads it, and the length of `key:`; undefined when the line is no such line. */
function keyOf(content: string): { text: string; raw: string; length: number } | undefined {
  let m = /^"([^"\\]*)"\s*:(?=\s|$)/.exec(content) ?? /^'([^']*)'\s*:(?=\s|$)/.exec(content);
  if (m !== null) return { text: m[1], raw: m[1], length: m[0].length };
  m = /^([^\s#&*!|>'"%@`{[\],?-][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/.exec(content);
  if (m === null || m[1].includes(': ')) return undefined;
  const raw = m[1];
  return { text: plainKeyText(raw), raw, length: m[0].length };
}

function plainKeyText(source: string): string {
  const value = resolvePlain(source);
  if (value instanceof GoScalar) {
    if (value.type === 'float') return float32Key(value.value as number);
    return String(value.value);
  }
  return String(value);
}

/**
 * The report with positions: each object's start line and column, and those of each finding's field (its document
 * parsed again only when it has findings).
 *
 * @param sources the source of each object, in the report's order
 */
export function withPositions(report: ValidationReport, sources: readonly (ObjectSource | undefined)[]): ValidationReport {
  const objects = report.objects.map((object, i) => {
    const source = sources[i];
    if (source === undefined) return object;
    const findings = object.errors.length + object.warnings.length;
    if (findings === 0 && source.prefix === undefined) return { ...object, line: source.line, column: source.column };
    let parsed: DocumentPositions | undefined | null;
    const locate = new QuickPositions(source.text, source.textLine);
    const find = (segments: string[]): TextPosition => {
      const quick = locate.find(segments);
      if (quick !== undefined) return quick;
      if (parsed === undefined) {
        try {
          parsed = new DocumentPositions(source.text, source.textLine);
        } catch {
          parsed = null;
        }
      }
      return parsed === null ? source : parsed.find(segments);
    };
    const prefix = source.prefix === undefined ? [] : pathSegments(source.prefix);
    const start = prefix.length > 0 ? find(prefix) : source;
    const at = <T extends { path: string }>(f: T): T => {
      const p = find([...prefix, ...pathSegments(f.path)]);
      return { ...f, line: p.line, column: p.column };
    };
    return { ...object, line: start.line, column: start.column, errors: object.errors.map(at), warnings: object.warnings.map(at) };
  });
  return { ...report, objects };
}
