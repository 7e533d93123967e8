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

/** A parsed document whose positions can be asked for many paths. */
export class DocumentPositions {
  private readonly doc: YAML.Document.Parsed;
  private readonly lineStarts: number[] = [0];

  /**
   * @param text the document's text
   * @param textLine the line of its first line in the file, from 1
   */
  public constructor(private readonly text: string, private readonly textLine: number) {
    this.doc = YAML.parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, strict: false });
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
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
    const offset = range === undefined ? firstOffset(this.text) : range[0];
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (this.lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: this.textLine + lo, column: offset - this.lineStarts[lo] + 1 };
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
    let positions: DocumentPositions | undefined;
    try {
      positions = new DocumentPositions(source.text, source.textLine);
    } catch {
      positions = undefined;
    }
    const prefix = source.prefix === undefined ? [] : pathSegments(source.prefix);
    const start = positions !== undefined && prefix.length > 0 ? positions.find(prefix) : source;
    const at = <T extends { path: string }>(f: T): T => {
      if (positions === undefined) return { ...f, line: source.line, column: source.column };
      const p = positions.find([...prefix, ...pathSegments(f.path)]);
      return { ...f, line: p.line, column: p.column };
    };
    return { ...object, line: start.line, column: start.column, errors: object.errors.map(at), warnings: object.warnings.map(at) };
  });
  return { ...report, objects };
}
