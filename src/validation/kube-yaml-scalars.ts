/* eslint-disable no-bitwise */ // UTF-8 decoding of !!binary data
/**
 * The YAML 1.1 scalar rules of kubectl's YAML reading (sigs.k8s.io/yaml over its goyaml.v2 fork, go.yaml.in/yaml/v2):
 * how a plain scalar resolves (`yes`/`on`/`y` are true, `no`/`off`/`n` false, `0120` is octal 80, `0x1F`, `0b101`,
 * `0o17`, underscores in numbers, `.inf`, `~`), how an explicitly tagged one resolves (`!!int "12"`, `!!binary`,
 * `!!timestamp`), and how sigs.k8s.io/yaml turns a non-string mapping key into a JSON key (`on:` is "true", `1.5:` is
 * formatted as a float32, a null or uint64 key is an error).
 *
 * Values that need more than a JS value to be converted as Go does (a null, a float, an integer beyond 2^53, a uint64,
 * the merge key `<<`) are returned as a `GoScalar`, which kube-yaml.ts turns into the JSON value (or key) afterwards.
 */

/** A scalar whose JSON value or key depends on its Go type. Its string form is a sentinel key, resolved later. */
export class GoScalar {
  public constructor(
    /** 'null', 'float', 'int' (beyond 2^53), 'uint' (beyond int64), 'merge' (the `<<` key) */
    public readonly type: 'null' | 'float' | 'int' | 'uint' | 'merge',
    /** The number for floats; the exact decimal digits for int and uint. */
    public readonly value: number | string,
    public readonly source: string,
  ) {}

  // js-yaml turns keys into strings with String(), except for plain objects: give the class its own tag.
  public get [Symbol.toStringTag]() {
    return 'GoScalar';
  }

  public toString(): string {
    return `${SENTINEL}${this.type}${SENTINEL}${this.type === 'merge' ? `${mergeCounter++}` : String(this.value)}${SENTINEL}${this.source}`;
  }
}

/** First character of a key that stands for a GoScalar. */
export const SENTINEL = '\u0000';
let mergeCounter = 0;

/** A scalar that Go's YAML decoding refuses (`!!int abc`, bad !!binary data). */
export class ScalarError extends Error {}

export const NULL_SCALAR = new GoScalar('null', 0, 'null');

const MAP: { [text: string]: unknown } = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) MAP[s] = true;
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) MAP[s] = false;
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAP[s] = NULL_SCALAR;
for (const s of ['.nan', '.NaN', '.NAN']) MAP[s] = new GoScalar('float', NaN, s);
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) MAP[s] = new GoScalar('float', Infinity, s);
for (const s of ['-.inf', '-.Inf', '-.INF']) MAP[s] = new GoScalar('float', -Infinity, s);

const enum Hint { NONE, SIGN, DIGIT, LOOKUP, DOT }
const HINTS = new Uint8Array(128);
HINTS['+'.charCodeAt(0)] = Hint.SIGN;
HINTS['-'.charCodeAt(0)] = Hint.SIGN;
for (const c of '0123456789') HINTS[c.charCodeAt(0)] = Hint.DIGIT;
for (const c of 'yYnNtTfFoO~') HINTS[c.charCodeAt(0)] = Hint.LOOKUP;
HINTS['.'.charCodeAt(0)] = Hint.DOT;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** What the tag of a resolved scalar is, as goyaml.v2's resolve() names it. */
type Resolved = { tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp'; value: unknown };

/** The value of a plain (unquoted, untagged) scalar. */
export function resolvePlain(text: string): unknown {
  return resolve(text).value;
}

/** goyaml.v2 resolve(tag, in) for the empty tag (plain scalars) and the resolvable tags. */
function resolve(text: string): Resolved {
  const c = text.length === 0 ? 0 : text.charCodeAt(0);
  const hint = text.length === 0 ? Hint.LOOKUP : c < 128 ? HINTS[c] : Hint.NONE;
  if (hint === Hint.NONE) return { tag: 'str', value: text };
  const mapped = MAP[text];
  if (mapped !== undefined || Object.prototype.hasOwnProperty.call(MAP, text)) {
    return {
      tag: typeof mapped === 'boolean' ? 'bool' : mapped === NULL_SCALAR ? 'null' : 'float',
      value: mapped,
    };
  }
  if (hint === Hint.DOT) {
    if (DOT_FLOAT.test(text)) {
      const f = Number(text);
      if (Number.isFinite(f)) return { tag: 'float', value: new GoScalar('float', f, text) };
    }
    return { tag: 'str', value: text };
  }
  if (hint === Hint.SIGN || hint === Hint.DIGIT) {
    // Only the empty tag and !!timestamp try timestamps; a timestamp stays the string it is (decoded into interface{}).
    if (isTimestamp(text)) return { tag: 'timestamp', value: text };
    const plain = text.indexOf('_') < 0 ? text : text.replace(/_/g, '');
    // Fast path: a short decimal integer without sign or leading zero.
    if (plain.length < 16 && /^[1-9][0-9]*$/.test(plain)) return { tag: 'int', value: Number(plain) };
    const i = parseGoInt(plain);
    if (i !== undefined) return { tag: 'int', value: intValue(i, 'int', text) };
    const u = parseGoUint(plain);
    if (u !== undefined) return { tag: 'int', value: intValue(u, 'uint', text) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { tag: 'float', value: new GoScalar('float', f, text) };
    }
  }
  return { tag: 'str', value: text };
}

function intValue(n: bigint, type: 'int' | 'uint', text: string): unknown {
  if (type === 'int' && n >= -9007199254740991n && n <= 9007199254740991n) return Number(n);
  return new GoScalar(type, n.toString(), text);
}

/** Go's strconv.ParseInt(s, 0, 64). */
function parseGoInt(s: string): bigint | undefined {
  let neg = false;
  let rest = s;
  if (rest[0] === '+' || rest[0] === '-') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  const u = parseGoUintDigits(rest);
  if (u === undefined) return undefined;
  if (neg) return u > INT64_MAX + 1n ? undefined : -u;
  return u > INT64_MAX ? undefined : u;
}

/** Go's strconv.ParseUint(s, 0, 64). */
function parseGoUint(s: string): bigint | undefined {
  const u = parseGoUintDigits(s);
  return u === undefined || u > UINT64_MAX ? undefined : u;
}

function parseGoUintDigits(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let digits = s;
  let base = 10;
  if (s[0] === '0') {
    const p = s.length >= 3 ? s[1].toLowerCase() : '';
    if (p === 'b') { base = 2; digits = s.slice(2); } else if (p === 'o') { base = 8; digits = s.slice(2); } else if (p === 'x') { base = 16; digits = s.slice(2); } else { base = 8; digits = s.slice(1); }
  }
  const valid = base === 2 ? /^[01]*$/ : base === 8 ? /^[0-7]*$/ : base === 16 ? /^[0-9a-fA-F]*$/ : /^[0-9]*$/;
  if (!valid.test(digits)) return undefined;
  if (digits.length === 0) return base === 8 ? 0n : undefined;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  return BigInt(prefix + digits);
}

const TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|( ))([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/;

/** goyaml.v2 parseTimestamp: the four layouts it tries with Go's time.Parse (ranges checked). */
function isTimestamp(s: string): boolean {
  if (s.length < 8 || s.charCodeAt(4) !== 45) return false;
  const m = TIMESTAMP.exec(s);
  if (m === null) return false;
  const [, y, mo, d, t, space, h, mi, sec, , zone] = m;
  if (t !== undefined && zone === undefined) return false; // RFC 3339 layouts need the zone
  if (space !== undefined && zone !== undefined) return false; // the space layout has no zone
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59)) return false;
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4)) > 59)) return false;
  return true;
}

const LONG = 'tag:yaml.org,2002:';

/**
 * The value of a scalar with an explicit tag (`!!int "12"`, `!!str yes`, `!foo bar`), as goyaml.v2 decodes it into
 * interface{}: the resolvable tags (str, bool, int, float, null, timestamp) must resolve to their own kind (an int
 * may become a float), !!binary is base64, !!merge marks `<<`; any other tag leaves the text a string.
 */
export function resolveTagged(tag: string, text: string): unknown {
  const short = tag.startsWith(LONG) ? tag.slice(LONG.length) : undefined;
  if (short === 'binary') return decodeBinary(text);
  if (short === 'merge') return text === '<<' ? new GoScalar('merge', 0, '<<') : text;
  if (short === 'str') return text;
  if (short !== 'bool' && short !== 'int' && short !== 'float' && short !== 'null' && short !== 'timestamp') return text;
  const r = resolve(text);
  if (r.tag === short) return r.tag === 'timestamp' ? text : r.value;
  if (short === 'float' && r.tag === 'int') {
    const v = r.value;
    if (typeof v === 'number') return new GoScalar('float', v, text);
    if (v instanceof GoScalar && v.type === 'int') return new GoScalar('float', Number(v.value), text);
  }
  throw new ScalarError(`cannot decode !!${r.tag} \`${text}\` as a !!${short}`);
}

/** !!binary: standard base64 (line breaks ignored), decoded as Go then writes the bytes into JSON. */
function decodeBinary(text: string): string {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new ScalarError('!!binary value contains invalid base64 data');
  return goUtf8(Buffer.from(s, 'base64'));
}

/** Bytes as Go's encoding/json writes a Go string of them: each byte of an invalid UTF-8 sequence becomes U+FFFD. */
export function goUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let n = 0;
    let cp = 0;
    let min = 0;
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) {
      n = 1; cp = b & 0x1f; min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2; cp = b & 0x0f; min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3; cp = b & 0x07; min = 0x10000;
    }
    let ok = n > 0 && i + n < bytes.length;
    for (let k = 1; ok && k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) { out += '\ufffd'; i++; continue; }
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

/** strconv.FormatFloat(f, 'g', -1, 32) with sigs.k8s.io/yaml's names for the infinities and NaN: a float key. */
export function float32Key(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  const f32 = Math.fround(f);
  if (f32 === Infinity) return '.inf';
  if (f32 === -Infinity) return '-.inf';
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  let p = 1;
  for (; p < 9; p++) if (Math.fround(Number(f32.toPrecision(p))) === f32) break;
  const [mantissa, e] = Math.abs(f32).toExponential(p - 1).split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  const exp = Number(e);
  const sign = f32 < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ee = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ee}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
