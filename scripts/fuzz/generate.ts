/**
 * The fuzzer's objects, on fast-check (deterministic by seed, shrunk by fast-check): for one served CRD version,
 * a valid seed (from the project's test corpus, or built from the schema: required fields, enums, formats,
 * patterns, bounds, list keys), then either the seed itself, one mutation that breaks one thing, or several
 * random mutations at once.
 */
import * as fc from 'fast-check';
import { Target } from './targets';

/** One generated case. */
export interface FuzzCase {
  readonly target: Target;
  /** How the object was made: 'seed', 'corpus', or the mutations applied ('maxLength spec.rules[0].name'). */
  readonly how: string[];
  readonly object: any;
}

type Path = (string | number)[];

/** Strings tried, in this order, for a string field with a pattern and no enum. */
const CANDIDATES = ['example', 'a', 'foo-bar', 'example.com', 'api.example.com', '*.example.com', '/', '/v1', '/v1/chat',
  '1s', '10s', '100ms', '5m', '1h', '30s', 'HTTP', 'HTTPS', 'TCP', '80', '8080', '1', '0', 'gateway.networking.k8s.io',
  'Gateway', 'Service', 'default', '10.0.0.1', '10.0.0.0/8', '::1', 'https://example.com', 'https://example.com/path',
  'Exact', 'PathPrefix', 'x-header', 'X-Header', 'Bearer', 'application/json', '1Gi', '100m', 'true', 'v1', 'example_1',
  'a.b', 'GET', 'foo=bar', 'sha256', 'example-1', 'tls.crt', '2024-01-01T00:00:00Z', 'us-east-1', 'abc123', '200', '50%',
  'localhost', 'user@example.com', 'ab', 'A', 'X', '*', 'OpenAI', 'AWSBedrock', 'x', 'gpt-4o', 'envoy.filters.http.router'];

const FORMAT_VALID: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  'date': '2024-01-01',
  'duration': '1h',
  'uri': 'https://example.com',
  'hostname': 'example.com',
  'ipv4': '10.0.0.1',
  'ipv6': '::1',
  'cidr': '10.0.0.0/8',
  'byte': 'YWJj',
  'email': 'a@example.com',
  'uuid': '0a1b2c3d-0000-4000-8000-000000000000',
  'password': 'p',
  'int32': '1',
  'int64': '1',
  'mac': '00:00:5e:00:53:01',
};
const FORMAT_INVALID: Record<string, string> = {
  'date-time': 'yesterday',
  'date': '2024-13-45',
  'duration': 'ten minutes',
  'uri': '::not a uri::',
  'hostname': '-bad_host-',
  'ipv4': '300.1.2.3',
  'ipv6': 'not:an:ip::x',
  'cidr': '10.0.0.0/99',
  'byte': '!!!not base64',
  'email': 'no-at-sign',
  'uuid': 'not-a-uuid',
  'mac': 'zz:zz',
};
/** Edge cases of the formats the API server checks (valid or not: where implementations tend to differ). */
const FORMAT_EDGES: Record<string, string[]> = {
  'date-time': ['2024-01-01 00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:59:60Z', '2024-01-01t00:00:00z',
    '2024-01-01T00:00:00x5Z', '2024-01-01T00:00:00.123456789+01:00', '2024-01-01T00:00:00', '2024-1-1T00:00:00Z', '', '2024-01-01T00:00:00Zt'],
  'ipv4': ['01.2.3.4', '1.2.3.04', '::ffff:1.2.3.4', '::1.2.3.4', '1.2.3', '256.1.1.1', '0.0.0.0', '1.2.3.4/8', ' 1.2.3.4', '001.002.003.004'],
  'ipv6': ['::ffff:1.2.3.4', 'fe80::1%eth0', '::', '1::2::3', '::ffff:01.2.3.4', 'FE80::1', '1.2.3.4', '[::1]', '0:0:0:0:0:0:0:1'],
  'uri': ['/path', 'relative/path', 'a:b', 'http://', 'http://a b', '/a b', '/a%zz', 'http://[::1]:80/x', 'http://host:port/', 'mailto:x@y',
    'http://a\tb', '//host/path', 'https://example.com/?q=a b', ':nope', 'http://ex{ample}.com', '1http://x', 'http://user@host/', '*'],
  'byte': ['', 'YQ==', 'YWI=', 'YWJj', 'YQ', 'YWJj\n', '====', 'Y W J j', 'YWJ-', 'YWJj_A=='],
};
/** Edge strings for any string field: whitespace, unicode, case. */
const STRING_EDGES = ['', ' ', 'a\n', '\u00e9', '\u00e9'.repeat(3), 'A', 'a b', '-', '.', '0', 'a'.repeat(63), 'a'.repeat(64), '\ud83d\ude00'];

/** Strings tried, in this order, to break a pattern. */
const PATTERN_BREAKERS = ['', 'UPPER', 'has space', '-x', 'x-', 'a..b', '!', '/no//', '%%', '1.2.3.4.5', 'é', '\t', 'a'.repeat(64) + '.'];
/** ObjectMeta fields set to edge values (wrong types, bad keys and values, server-set fields). */
const METADATA_EDGES: [string, unknown][] = [
  ['namespace', 'N_S'], ['namespace', 'a'.repeat(64)], ['namespace', ''], ['namespace', 1], ['labels', { 'A/b': 'c' }], ['labels', { a: 'b c' }],
  ['labels', { 'example.com/a': '' }], ['labels', { a: 'a'.repeat(64) }], ['labels', { a: 1 }], ['labels', ['a']], ['labels', null],
  ['annotations', { 'a b': 'c' }], ['annotations', { a: 1 }], ['annotations', { a: 'x'.repeat(300) }], ['annotations', { '': 'x' }],
  ['finalizers', [1]], ['finalizers', ['example.com/f', 'example.com/f']], ['finalizers', ['Bad Finalizer']], ['finalizers', 'x'],
  ['generateName', 'gen-'], ['generateName', 'Gen_'], ['generation', 'x'], ['generation', 5], ['uid', 1], ['resourceVersion', '1'],
  ['creationTimestamp', 'yesterday'], ['creationTimestamp', '2024-01-01T00:00:00Z'], ['deletionGracePeriodSeconds', 'x'],
  ['ownerReferences', [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }]], ['ownerReferences', [{ name: 'x' }]], ['ownerReferences', 'x'],
  ['managedFields', 'x'], ['selfLink', 1], ['fuzzUnknown', 'x'], ['name', 1], ['name', null],
];

/** Invalid object names (DNS subdomain rules). */
const BAD_NAMES = ['UPPER', 'a_b', '-a', 'a-', 'a..b', 'a'.repeat(254), 'a b', ''];

function regexpOf(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // Next flags; a Go pattern JavaScript cannot read gives no regexp (values are then not checked here).
    }
  }
  return undefined;
}

function strLength(s: string): number {
  return [...s].length;
}

function fitsString(node: any, s: string): boolean {
  if (node.maxLength !== undefined && strLength(s) > node.maxLength) return false;
  if (node.minLength !== undefined && strLength(s) < node.minLength) return false;
  const re = regexpOf(node.pattern);
  if (node.pattern !== undefined && (re === undefined || !re.test(s))) return false;
  if (node.format && FORMAT_VALID[node.format] !== undefined && node.pattern === undefined) return s === FORMAT_VALID[node.format];
  return true;
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** The schema node of the items of a list, of the properties of an object, ... (undefined when none). */
function childSchema(node: any, key: string | number): any {
  if (node === undefined) return undefined;
  if (typeof key === 'number') return node.items;
  if (node.properties?.[key]) return node.properties[key];
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return node.additionalProperties;
  return undefined;
}

function isObjectNode(node: any): boolean {
  return node.type === 'object' || node.properties !== undefined || (node.additionalProperties && typeof node.additionalProperties === 'object');
}

/**
 * Valid-looking values of a schema node (they satisfy its types, enums, formats, patterns and bounds; CEL rules
 * are left to chance). `depth` limits optional fields: deep down only required ones are filled.
 */
export class ValueArbitraries {
  private readonly cache = new Map<any, Map<number, fc.Arbitrary<unknown>>>();

  public of(node: any, depth: number): fc.Arbitrary<unknown> {
    if (node === undefined || node === null) return fc.constant('x');
    let byDepth = this.cache.get(node);
    if (byDepth === undefined) {
      byDepth = new Map();
      this.cache.set(node, byDepth);
    }
    let arb = byDepth.get(depth);
    if (arb === undefined) {
      arb = this.build(node, depth);
      byDepth.set(depth, arb);
    }
    return arb;
  }

  private build(node: any, depth: number): fc.Arbitrary<unknown> {
    if (Array.isArray(node.enum) && node.enum.length > 0) return fc.constantFrom(...node.enum);
    if (node['x-kubernetes-int-or-string']) {
      const strings = this.strings(node);
      return fc.oneof(fc.integer({ min: 1, max: 100 }), strings);
    }
    if (node.default !== undefined && depth > 5) return fc.constant(clone(node.default));
    switch (node.type) {
      case 'string': return this.strings(node);
      case 'integer': return this.integers(node);
      case 'number': return fc.oneof(this.integers(node), fc.constantFrom(0.5, 1.5));
      case 'boolean': return fc.boolean();
      case 'array': return this.arrays(node, depth);
      case 'object': return this.objects(node, depth);
      default:
        if (node.properties) return this.objects(node, depth);
        if (node['x-kubernetes-preserve-unknown-fields']) return fc.constantFrom({}, { a: 'b' });
        return fc.constantFrom('x', 1, true);
    }
  }

  private strings(node: any): fc.Arbitrary<string> {
    const pool = [...(node.format && FORMAT_VALID[node.format] ? [FORMAT_VALID[node.format]] : []), ...CANDIDATES].filter(s => fitsString(node, s));
    if (pool.length > 0) return fc.constantFrom(...pool.slice(0, 6));
    const re = regexpOf(node.pattern);
    if (re !== undefined) {
      const max = node.maxLength ?? 64;
      return fc.stringMatching(re, { size: 'xsmall' }).filter(s => strLength(s) <= max && strLength(s) >= (node.minLength ?? 0));
    }
    const length = Math.max(node.minLength ?? 1, 1);
    return fc.constant('a'.repeat(Math.min(length, node.maxLength ?? length)));
  }

  private integers(node: any): fc.Arbitrary<number> {
    let min = node.minimum ?? 0;
    let max = node.maximum ?? Math.max(min, 0) + 100;
    if (node.exclusiveMinimum === true) min += 1;
    if (node.exclusiveMaximum === true) max -= 1;
    if (min > max) return fc.constant(min);
    if (node.multipleOf) {
      return fc.integer({ min: Math.ceil(min / node.multipleOf), max: Math.floor(max / node.multipleOf) }).map(n => n * node.multipleOf);
    }
    return fc.oneof(fc.constant(min), fc.constant(max), fc.integer({ min, max }));
  }

  private arrays(node: any, depth: number): fc.Arbitrary<unknown[]> {
    const minLength = node.minItems ?? 0;
    const maxLength = Math.min(node.maxItems ?? minLength + 2, minLength + 2);
    const listType = node['x-kubernetes-list-type'];
    const keys: string[] | undefined = node['x-kubernetes-list-map-keys'];
    const items = this.of(node.items ?? {}, depth + 1);
    if (listType === 'set' || listType === 'map') {
      const selector = (v: any) => JSON.stringify(listType === 'map' && keys ? keys.map(k => v?.[k] ?? null) : v);
      return fc.uniqueArray(items, { minLength: 0, maxLength, selector });
    }
    return fc.array(items, { minLength, maxLength });
  }

  private objects(node: any, depth: number): fc.Arbitrary<unknown> {
    const required: string[] = (node.required ?? []).filter((k: string) => node.properties?.[k]);
    const optional = Object.keys(node.properties ?? {}).filter(k => !required.includes(k));
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of required) model[k] = this.of(node.properties[k], depth + 1);
    const base = fc.record(model);
    const additional = node.additionalProperties && typeof node.additionalProperties === 'object' && !node.properties
      ? fc.dictionary(fc.constantFrom('k1', 'k2', 'example.com/key'), this.of(node.additionalProperties, depth + 1), { maxKeys: 2 })
      : fc.constant({});
    const maxOptional = depth <= 1 ? 4 : depth <= 3 ? 2 : depth <= 5 ? 1 : 0;
    if (optional.length === 0 || maxOptional === 0) return fc.tuple(base, additional).map(([a, b]) => ({ ...b, ...a }));
    return fc.tuple(base, additional, fc.subarray(optional, { maxLength: Math.min(maxOptional, optional.length) })).chain(([a, b, picked]) => {
      if (picked.length === 0) return fc.constant({ ...b, ...a });
      const extra: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of picked) extra[k] = this.of(node.properties[k], depth + 1);
      return fc.record(extra).map(e => ({ ...b, ...a, ...e }));
    });
  }
}

/** A place in an object: its path, the schema node there, and its value (undefined for an absent property). */
interface Site {
  readonly path: Path;
  readonly node: any;
  readonly value: unknown;
}

function sitesOf(schema: any, object: any): Site[] {
  const sites: Site[] = [];
  const walk = (node: any, value: any, path: Path, depth: number) => {
    if (node === undefined || depth > 12) return;
    sites.push({ path, node, value });
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(node.items, item, [...path, i], depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (path.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
        walk(childSchema(node, k), v, [...path, k], depth + 1);
      }
      for (const k of Object.keys(node.properties ?? {})) {
        if (value[k] === undefined) sites.push({ path: [...path, k], node: node.properties[k], value: undefined });
      }
    }
  };
  walk(schema, object, [], 0);
  return sites;
}

export function showPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function setAt(object: any, path: Path, value: unknown): any {
  if (path.length === 0) return value;
  let parent = object;
  for (const p of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return object;
    parent = parent[p as any];
  }
  if (parent === null || typeof parent !== 'object') return object;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last as any];
  } else {
    parent[last as any] = value;
  }
  return object;
}

/** A mutation: what it breaks, and the change (applied to a copy). */
interface Mutation {
  readonly what: string;
  readonly path: Path;
  readonly value: unknown;
}

function wrongTypeOf(node: any, value: unknown): unknown[] {
  if (node['x-kubernetes-int-or-string']) return [true, { a: 1 }, 1.5];
  switch (node.type) {
    case 'string': return [12, true, { a: 'b' }];
    case 'integer': return ['12', 1.5, true];
    case 'number': return ['1.5', true];
    case 'boolean': return ['true', 1];
    case 'array': return [{ a: 1 }, 'x'];
    case 'object': return ['x', [value ?? 1]];
    default: return [];
  }
}

/** The property names a CEL rule reads from `self`. */
function fieldsRead(rule: string): string[] {
  const names = new Set<string>();
  for (const m of rule.matchAll(/self\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  return [...names];
}

/** The mutations that break one thing at one site. */
function mutationsAt(site: Site, values: ValueArbitraries): [string, fc.Arbitrary<Mutation>][] {
  return mutationArbitraries(site, values).map(([kind, arb]) => [kind, arb]);
}

function mutationArbitraries(site: Site, values: ValueArbitraries): [string, fc.Arbitrary<Mutation>][] {
  const { node, value, path } = site;
  const where = showPath(path);
  const out: [string, fc.Arbitrary<Mutation>][] = [];
  const push = (arb: fc.Arbitrary<Mutation>, kind: string) => out.push([kind, arb]);
  const m = (what: string, p: Path, v: unknown) => fc.constant<Mutation>({ what: `${what} ${showPath(p)}`, path: p, value: v });
  if (path.length === 1 && path[0] === 'metadata') {
    push(fc.constantFrom(...METADATA_EDGES).map(([field, v]) => ({ what: `metadata ${where}.${field}`, path: [...path, field], value: v })), 'metadata');
    return out;
  }
  if (path.length === 2 && path[0] === 'metadata' && path[1] === 'name') {
    push(fc.constantFrom(...BAD_NAMES).map(v => ({ what: `name ${where}`, path, value: v })), 'name');
    return out;
  }
  if (path[0] === 'metadata') return out;
  if (value === undefined) {
    // An absent optional field: add a valid one (more of the schema reached), or a wrong type.
    push(values.of(node, 4).map(v => ({ what: `add ${where}`, path, value: v })), 'add');
    return out;
  }
  const wrong = wrongTypeOf(node, value);
  if (wrong.length > 0) push(fc.constantFrom(...wrong).map(v => ({ what: `type ${where}`, path, value: v })), 'type');
  push(m('null', path, null), 'null');
  if (path.length > 0) push(m('remove', path, undefined), 'remove');
  push(values.of(node, 4).map(v => ({ what: `regenerate ${where}`, path, value: v })), 'regenerate');
  if (Array.isArray(node.required) && node.required.length > 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const present = node.required.filter((k: string) => (value as any)[k] !== undefined);
    if (present.length > 0) push(fc.constantFrom(...present).map(k => ({ what: `remove-required ${showPath([...path, k as string])}`, path: [...path, k as string], value: undefined })), 'remove-required');
  }
  if (typeof value === 'string') {
    if (Array.isArray(node.enum)) push(m('enum', path, 'NotAnEnumValue'), 'enum');
    const re = regexpOf(node.pattern);
    if (re !== undefined) {
      const breakers = PATTERN_BREAKERS.filter(s => !re.test(s));
      if (breakers.length > 0) push(fc.constantFrom(...breakers).map(v => ({ what: `pattern ${where}`, path, value: v })), 'pattern');
    }
    if (node.format && FORMAT_INVALID[node.format]) push(m('format', path, FORMAT_INVALID[node.format]), 'format');
    if (node.format && FORMAT_EDGES[node.format]) push(fc.constantFrom(...FORMAT_EDGES[node.format]).map(v => ({ what: `format-edge ${where}`, path, value: v })), 'format-edge');
    const multibyte = node.maxLength !== undefined && node.maxLength < 5000 ? ['\u00e9'.repeat(node.maxLength), '\ud83d\ude00'.repeat(node.maxLength)] : [];
    push(fc.constantFrom(...STRING_EDGES, ...multibyte, value.toUpperCase(), ` ${value}`, `${value}\n`, `${value}.`).map(v => ({ what: `string-edge ${where}`, path, value: v })), 'string-edge');
    if (node.maxLength !== undefined && node.maxLength < 5000) {
      push(m('maxLength', path, value + (value.slice(-1) || 'a').repeat(Math.max(1, node.maxLength + 1 - strLength(value)))), 'maxLength');
    }
    if (node.minLength !== undefined && node.minLength > 0) push(m('minLength', path, [...value].slice(0, node.minLength - 1).join('')), 'minLength');
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined) push(m('minimum', path, node.exclusiveMinimum ? node.minimum : node.minimum - 1), 'minimum');
    if (node.maximum !== undefined) push(m('maximum', path, node.exclusiveMaximum ? node.maximum : node.maximum + 1), 'maximum');
    if (node.type === 'integer') push(m('fraction', path, value + 0.5), 'fraction');
    push(fc.constantFrom(0, -1, 2147483647, 2147483648, -2147483649, 9007199254740991, 1e20, 0.1).map(v => ({ what: `number-edge ${where}`, path, value: v })), 'number-edge');
  }
  if (Array.isArray(value)) {
    if (node.maxItems !== undefined && node.maxItems <= 256) {
      push(values.of(node.items ?? {}, 5).map(item => {
        const list = [...value];
        let i = 0;
        while (list.length <= node.maxItems) list.push(value.length > 0 ? clone(value[i++ % value.length]) : clone(item));
        return { what: `maxItems ${where}`, path, value: list };
      }), 'maxItems');
    }
    if (node.maxItems !== undefined && node.maxItems <= 256 && value.length > 0) {
      // Exactly at the bound, the items made distinct (list keys and set values): the rules then run at full size.
      push(fc.constant(null).map(() => ({ what: `maxItems-exact ${where}`, path, value: fillDistinct(value, node) })), 'maxItems-exact');
    }
    if (node.minItems !== undefined && node.minItems > 0) push(m('minItems', path, value.slice(0, node.minItems - 1)), 'minItems');
    if (value.length > 0 && node['x-kubernetes-list-type'] === 'map') push(m('list-map-duplicate', path, [...value, clone(value[0])]), 'list-map-duplicate');
    if (value.length > 0 && node['x-kubernetes-list-type'] === 'set') push(m('list-set-duplicate', path, [...value, clone(value[0])]), 'list-set-duplicate');
    if (node['x-kubernetes-list-type'] === 'map' && value.length > 0) {
      const keys: string[] = node['x-kubernetes-list-map-keys'] ?? [];
      for (const k of keys) push(m('list-map-key-removed', [...path, 0, k], undefined), 'list-map-key-removed');
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const count = Object.keys(value).length;
    if (node.maxProperties !== undefined && node.maxProperties < 64) {
      const more: Record<string, unknown> = { ...value as any };
      for (let i = 0; Object.keys(more).length <= node.maxProperties; i++) {
        const sub = childSchema(node, `k${i}`);
        more[node.properties ? Object.keys(node.properties)[i] ?? `k${i}` : `k${i}`] = sub ? defaultish(sub) : 'x';
        if (i > 64) break;
      }
      push(m('maxProperties', path, more), 'maxProperties');
    }
    if (node.minProperties !== undefined && node.minProperties > 0 && count > 0) push(m('minProperties', path, {}), 'minProperties');
    if (!node['x-kubernetes-preserve-unknown-fields'] && isObjectNode(node) && !(node.additionalProperties && typeof node.additionalProperties === 'object')) {
      push(m('unknown-field', [...path, 'fuzzUnknownField'], 'x'), 'unknown-field');
    }
    // Each CEL rule: a change to a field it reads.
    for (const rule of node['x-kubernetes-validations'] ?? []) {
      const fields = fieldsRead(rule.rule).filter(f => node.properties?.[f]);
      for (const f of fields) {
        const sub = node.properties[f];
        push(fc.oneof(
          fc.constant<Mutation>({ what: `cel-remove ${showPath([...path, f])}`, path: [...path, f], value: undefined }),
          values.of(sub, 4).map(v => ({ what: `cel-change ${showPath([...path, f])}`, path: [...path, f], value: v })),
          ...(Array.isArray((value as any)[f]) && (value as any)[f].length > 0
            ? [fc.constant<Mutation>({ what: `cel-duplicate ${showPath([...path, f])}`, path: [...path, f], value: [...(value as any)[f], clone((value as any)[f][0])] })]
            : []),
        ), 'cel');
      }
    }
  }
  if (node['x-kubernetes-validations'] && (typeof value !== 'object' || Array.isArray(value))) {
    push(values.of(node, 4).map(v => ({ what: `cel-self ${where}`, path, value: v })), 'cel-self');
  }
  return out;
}

/** A list grown to exactly its maxItems, by copies of its items with distinct keys (strings suffixed, integers offset). */
function fillDistinct(list: unknown[], node: any): unknown[] {
  const keys: string[] = node['x-kubernetes-list-map-keys'] ?? [];
  const out = [...list];
  for (let i = 0; out.length < node.maxItems; i++) {
    const copy: any = clone(list[i % list.length]);
    const n = out.length;
    const distinct = (v: unknown): unknown => typeof v === 'string' ? `${v.slice(0, 40)}${n}` : typeof v === 'number' ? v + n : v;
    if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
      const scalars = Object.keys(copy).filter(name => typeof copy[name] === 'string' || typeof copy[name] === 'number');
      for (const k of keys.length > 0 ? keys : scalars.slice(0, 1)) {
        if (copy[k] !== undefined) copy[k] = distinct(copy[k]);
      }
      out.push(copy);
    } else {
      out.push(distinct(copy));
    }
  }
  return out;
}

/** A plain valid-looking value (the default, the first enum value, a fitting string...), for filler properties. */
function defaultish(node: any): unknown {
  if (node.default !== undefined) return clone(node.default);
  if (Array.isArray(node.enum)) return node.enum[0];
  switch (node.type) {
    case 'string': return CANDIDATES.find(s => fitsString(node, s)) ?? 'a';
    case 'integer': case 'number': return node.minimum ?? 1;
    case 'boolean': return true;
    case 'array': return [];
    default: return {};
  }
}

const BODY_SCHEMAS = new Map<any, any>();
/** The schema of an object without apiVersion, kind, metadata and status (the seed sets the first three). */
function bodySchema(schema: any): any {
  let body = BODY_SCHEMAS.get(schema);
  if (body === undefined) {
    const skip = new Set(['apiVersion', 'kind', 'metadata', 'status']);
    const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !skip.has(k)));
    body = { ...schema, properties, required: (schema.required ?? []).filter((k: string) => !skip.has(k)) };
    BODY_SCHEMAS.set(schema, body);
  }
  return body;
}

/** The seed objects of a target: built from its schema, and the corpus objects of its apiVersion and kind. */
function seedArbitrary(target: Target, corpus: any[], values: ValueArbitraries): fc.Arbitrary<{ how: string; object: any }> {
  const metadata = fc.constantFrom('example', 'a', 'route-1', 'x.y').map(name => target.namespaced ? { name, namespace: 'fuzz' } : { name });
  const schemaSpec = fc.record({
    metadata,
    body: values.of(bodySchema(target.schema), 0),
  }).map(({ metadata: meta, body }) => {
    const object: any = { apiVersion: target.apiVersion, kind: target.kind, metadata: meta };
    for (const [k, v] of Object.entries(body as any)) if (v !== undefined && k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') object[k] = v;
    return { how: 'seed', object };
  });
  if (corpus.length === 0) return schemaSpec;
  return fc.oneof(schemaSpec, fc.constantFrom(...corpus).map(o => ({ how: 'corpus', object: clone(o) })));
}

/** How many mutations a case gets: none (the seed as is), one, or a random handful. */
const MUTATION_COUNT = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constant(1), weight: 6 },
  { arbitrary: fc.integer({ min: 2, max: 4 }), weight: 2 },
);

/** Weight of a kind of mutation when one is picked (a rule-reading change is what the offline CEL engine most needs). */
const WEIGHTS: Record<string, number> = { 'cel': 4, 'cel-self': 2, 'add': 2, 'regenerate': 2 };

function mutatedArbitrary(target: Target, seed: { how: string; object: any }, values: ValueArbitraries, count: number): fc.Arbitrary<FuzzCase> {
  if (count === 0) return fc.constant({ target, how: [seed.how], object: seed.object });
  // The mutations of every site, grouped by kind: a kind is picked (weighted), then one of its mutations.
  const byKind = new Map<string, fc.Arbitrary<Mutation>[]>();
  for (const site of sitesOf(target.schema, seed.object)) {
    if (site.path.length === 0 || (site.path[0] === 'status' && target.statusSubresource)) continue;
    for (const [kind, arb] of mutationsAt(site, values)) byKind.set(kind, [...byKind.get(kind) ?? [], arb]);
  }
  if (byKind.size === 0) return fc.constant({ target, how: [seed.how], object: seed.object });
  const kinds = [...byKind.entries()].map(([kind, arbs]) => ({
    weight: WEIGHTS[kind] ?? 1,
    arbitrary: fc.integer({ min: 0, max: arbs.length - 1 }).chain(i => arbs[i]),
  }));
  const one = fc.oneof(...kinds);
  return fc.array(one, { minLength: count, maxLength: count }).map(mutations => {
    let object = clone(seed.object);
    for (const mu of mutations) object = setAt(object, mu.path, clone(mu.value));
    return { target, how: [seed.how, ...mutations.map(mu => mu.what)], object };
  });
}

/** Cases over all the targets, spread evenly, each a seed and its mutations. */
export function caseArbitrary(targets: Target[], corpus: Map<string, any[]>): fc.Arbitrary<FuzzCase> {
  const values = new ValueArbitraries();
  const seeds = targets.map(t => seedArbitrary(t, corpus.get(`${t.apiVersion}/${t.kind}`) ?? [], values));
  return fc.integer({ min: 0, max: targets.length - 1 }).chain(ti =>
    fc.tuple(seeds[ti], MUTATION_COUNT).chain(([seed, count]) => mutatedArbitrary(targets[ti], seed, values, count)));
}
