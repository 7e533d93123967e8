/**
 * Differential fuzzing of the YAML reader (src/validation/kube-yaml.ts) against kubectl's own decoding (the oracle's
 * YAML mode, fuzz/oracle/yaml.go: apimachinery's YAMLOrJSONDecoder with kubectl's empty-document skipping).
 *
 * Generated texts stress YAML 1.1: every boolean, null, int and float spelling and near misses, octal/hex/binary/
 * underscore/sign variants, plain vs quoted vs tagged scalars (!!str, !!int, !!float, !!bool, !!null, !!binary,
 * !!timestamp, local tags), keys of every type, merge keys (single, list, inline, before and after other keys), anchors
 * and aliases, block and flow styles, block scalars with chomping, multi-line plain scalars, comments, separators
 * (and bad ones), JSON documents. Each case is a seed (fast-check, from the run's seed), so a case replays alone.
 * Both refusing a text counts as agreement; otherwise the documents must be the same JSON.
 *
 * `npx ts-node --transpile-only --project scripts/tsconfig.json scripts/fuzz/yaml.ts --count N --seed S`, and part
 * of `npm run fuzz` (run.ts).
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as readline from 'readline';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { buildOracle } from './oracle';
import { readKubeDocuments } from '../../src/validation/kube-yaml';
import { keyText } from '../../src/validation/kube-yaml-positions';

/**
 * Whether a map of the text has two keys that become one JSON key (`0`, `+0` and `1e-400` are all "0"): sigs.k8s.io/yaml
 * then keeps the one its random map order visits last, so kubectl's result is not deterministic.
 */
function collidingKeys(text: string): boolean {
  let found = false;
  for (const doc of YAML.parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false })) {
    if (!('contents' in doc)) continue;
    YAML.visit(doc, {
      Map(_k, map) {
        const seen = new Map<string, string>();
        let merge = false;
        let converted = false;
        for (const pair of map.items) {
          if (YAML.isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.source === '<<') merge = true;
          if (YAML.isScalar(pair.key) && pair.key.type === 'PLAIN' && keyText(pair.key) !== String(pair.key.source)) converted = true;
          const key = keyText(pair.key);
          const source = YAML.isScalar(pair.key) ? `${pair.key.type}:${String(pair.key.source ?? pair.key.value)}` : '';
          if (key === undefined) continue;
          const before = seen.get(key);
          if (before !== undefined && before !== source) found = true;
          seen.set(key, source);
        }
        // A merged key may meet a converted one (int 0 and float 0 are two Go keys, one JSON key).
        if (merge && converted) found = true;
      },
    });
  }
  return found;
}

const BOOLS = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yES', 'tRUE', 'oN', 'nO', 'Yes!'];
const NULLS = ['~', 'null', 'Null', 'NULL', 'nULL', ''];
const INTS = ['0', '-0', '+0', '7', '+7', '-7', '0120', '080', '0777', '09', '0x1F', '0X1f', '-0x10', '+0x10', '0x', '0b101', '0B11',
  '-0b11', '0b2', '0o17', '0O17', '0o8', '1_000', '0_120', '1__0', '_1', '1_', '0x_1F', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '12345678901234567890123',
  '0xFFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF', '1:20', '190:20:30'];
const FLOATS = ['1.5', '.5', '-.5', '+.5', '1.', '-1.', '1e3', '1E3', '1e-3', '1.5e+3', '1_000.5', '.inf', '.Inf', '.INF', '-.inf',
  '+.inf', '.iNf', '.nan', '.NaN', '.NAN', '1e400', '-1e400', '1e-400', '0.1', '3.14159265358979323846', '.', '1.2.3', '1e', 'e3',
  '0x1p-2', '1.0', '100000000000000000000.0', '6.02e23'];
const TIMES = ['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43Z', '2001-12-14 21:59:43.10', '2001-13-01',
  '2001-02-29', '2000-02-29', '2001-1-2', '12001-01-01'];
const STRINGS = ['hello', 'a b', 'x:y', '<<', '=', '-', '?', 'a#b', 'http://x', 'v1', 'app.kubernetes.io/name', 'ÿ', '"', "'", '\\',
  'tab\there', '@', '`', '%', '!', '&', '*', '|', '>', '[', '{', ',', 'k8s', '80', 'true story', 'null pointer'];
const BINARIES = ['aGVsbG8=', 'aGVsbG8', '/w==', '////', 'AAEC', '', 'aGVs\nbG8=', 'not base64!', '4pyTIMOgIGxhIG1vZGU='];
const ALL = [...BOOLS, ...NULLS, ...INTS, ...FLOATS, ...TIMES, ...STRINGS];
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!timestamp', '!foo', '!', '!!map', '!!seq', '!<tag:yaml.org,2002:str>'];

/* eslint-disable no-bitwise */ // mulberry32
/** A small deterministic generator of one case's choices. */
class Random {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  public next(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  public pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  public chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Renders random YAML documents. */
class Writer {
  private anchors: string[] = [];
  private mapAnchors: string[] = [];
  private counter = 0;

  public constructor(private readonly r: Random) {}

  public text(): string {
    const r = this.r;
    const parts: string[] = [];
    if (r.chance(0.1)) parts.push(this.json());
    const documents = 1 + r.int(3);
    for (let i = 0; i < documents; i++) {
      this.anchors = [];
      this.mapAnchors = [];
      if (i > 0 || r.chance(0.3)) parts.push(r.pick(['---\n', '---\n', '--- # note\n', '---\n---\n', '---   \n', r.chance(0.1) ? '--- x\n' : '---\n']));
      if (r.chance(0.2)) parts.push('# a comment\n');
      parts.push(r.chance(0.85) ? this.blockMap(0, 2 + r.int(2)) : `${this.flow(2)}\n`);
    }
    return parts.join('');
  }

  private scalarText(): string {
    const r = this.r;
    const s = r.pick(ALL);
    const style = r.int(10);
    if (style < 6) return this.plain(s);
    if (style === 6) return `'${s.replace(/'/g, "''")}'`;
    if (style === 7) return JSON.stringify(s);
    if (style === 8) {
      if (r.chance(0.3)) return `!!binary ${JSON.stringify(r.pick(BINARIES))}`;
      return `${r.pick(TAGS)} ${r.chance(0.5) ? this.plain(s) : JSON.stringify(s)}`;
    }
    if (this.anchors.length > 0 && r.chance(0.7)) return `*${r.pick(this.anchors)}`;
    const name = `a${this.counter++}`;
    this.anchors.push(name);
    return `&${name} ${this.plain(s)}`;
  }

  /** A plain scalar where the text can be one, else quoted. */
  private plain(s: string): string {
    if (s === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|[\t\n\\]|\s$|^<<$/.test(s) && s !== '-' && s !== '<<') return JSON.stringify(s);
    if (s === '-' || s === '?') return JSON.stringify(s);
    return s;
  }

  private key(): string {
    const r = this.r;
    if (r.chance(0.5)) return r.pick(['name', 'port', 'spec', 'labels', 'app', 'x', 'y-z', 'value']);
    const s = r.pick(ALL.filter(a => a !== '' && a !== '<<'));
    return r.chance(0.7) ? this.plain(s) : JSON.stringify(s);
  }

  private blockMap(indent: number, depth: number): string {
    const r = this.r;
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) {
      if (r.chance(0.08)) lines.push(`${pad}# comment ${i}\n`);
      if (r.chance(0.12) && (this.mapAnchors.length > 0 || r.chance(0.3))) {
        lines.push(`${pad}<<: ${this.mergeValue()}\n`);
        continue;
      }
      const key = this.key();
      lines.push(`${pad}${key}:${this.value(indent, depth)}`);
    }
    return lines.join('');
  }

  private mergeValue(): string {
    const r = this.r;
    if (this.mapAnchors.length === 0 || r.chance(0.2)) return `{${this.key()}: ${this.scalarText()}, name: merged}`;
    if (r.chance(0.5)) return `*${r.pick(this.mapAnchors)}`;
    return `[${Array.from({ length: 1 + r.int(3) }, () => `*${r.pick(this.mapAnchors)}`).join(', ')}]`;
  }

  /** The rest of a `key:` line and what follows it. */
  private value(indent: number, depth: number): string {
    const r = this.r;
    const choice = depth <= 0 ? r.int(4) : r.int(10);
    if (choice < 3) return ` ${this.scalarText()}${r.chance(0.1) ? ' # trailing' : ''}\n`;
    if (choice === 3) return this.blockScalar(indent);
    if (choice === 4 || choice === 5) {
      let anchor = '';
      if (r.chance(0.3)) {
        anchor = ` &m${this.counter++}`;
        this.mapAnchors.push(anchor.slice(2));
      }
      return `${anchor}\n${this.blockMap(indent + 2, depth - 1)}`;
    }
    if (choice === 6) return ` ${this.flow(depth - 1)}\n`;
    if (choice === 7 && this.mapAnchors.length > 0) return ` *${r.pick(this.mapAnchors)}\n`;
    if (choice === 8) return ` ${r.pick(['hello', 'a'])}\n${' '.repeat(indent + 2)}${r.pick(['world', 'yes', '0120'])}\n`;
    const items = 1 + r.int(3);
    const pad = ' '.repeat(r.chance(0.5) ? indent : indent + 2);
    let out = '\n';
    for (let i = 0; i < items; i++) {
      out += r.chance(0.7) ? `${pad}- ${this.scalarText()}\n` : `${pad}-\n${this.blockMap(pad.length + 2, depth - 1)}`;
    }
    return out;
  }

  private blockScalar(indent: number): string {
    const r = this.r;
    const head = r.pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '!!binary |']);
    const pad = ' '.repeat(indent + 2);
    const body = head === '!!binary |' ? [r.pick(BINARIES.filter(b => b !== ''))] : Array.from({ length: 1 + r.int(3) }, () => r.pick(ALL));
    return ` ${head}\n${body.map(l => `${pad}${l}\n`).join('')}${r.chance(0.3) ? '\n' : ''}`;
  }

  private flow(depth: number): string {
    const r = this.r;
    if (depth <= 0 || r.chance(0.4)) return this.scalarText();
    if (r.chance(0.5)) return `[${Array.from({ length: r.int(4) }, () => this.flow(depth - 1)).join(', ')}]`;
    return `{${Array.from({ length: r.int(4) }, () => `${this.key()}: ${this.flow(depth - 1)}`).join(', ')}}`;
  }

  private json(): string {
    const r = this.r;
    const value = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: r.pick(ALL), n: r.pick([1, 1.5, -0, 1e21, 120]) } };
    const text = JSON.stringify(value, undefined, r.chance(0.5) ? 2 : undefined);
    return r.chance(0.2) ? text.replace('120', '0120') : `${text}\n`;
  }
}

/** The case of a seed: sometimes with CRLF line ends, a byte order mark, a `...` document end or a %YAML directive. */
export function yamlCase(seed: number): string {
  const r = new Random(seed ^ 0x5bd1e995);
  let text = new Writer(new Random(seed)).text();
  if (r.chance(0.05)) text = text.replace(/\n/g, '\r\n');
  if (r.chance(0.03)) text = `\ufeff${text}`;
  if (r.chance(0.05)) text = `${text}...\n`;
  if (r.chance(0.03)) text = `%YAML 1.1\n---\n${text}`;
  if (r.chance(0.05)) text = text.replace('<<:', '!!merge <<:');
  return text;
}

type Outcome = { documents: unknown[] } | { error: string };

function ourOutcome(text: string): Outcome {
  try {
    return { documents: readKubeDocuments(text).map(d => d.value) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** JSON with sorted keys, for comparing documents whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]])) : v));
}

class YamlOracle {
  public static async start(binary: string): Promise<YamlOracle> {
    const child = spawn(binary, ['-yaml'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const oracle = new YamlOracle(child);
    const ready: any = await oracle.next();
    if (!ready?.ready) throw new Error(`the oracle did not start in YAML mode: ${JSON.stringify(ready)}`);
    return oracle;
  }

  private readonly waiting: ((v: any) => void)[] = [];
  private readonly lines: any[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', line => {
      const value = JSON.parse(line);
      const w = this.waiting.shift();
      if (w) w(value); else this.lines.push(value);
    });
  }

  public async decode(id: number, text: string): Promise<Outcome> {
    this.child.stdin.write(`${JSON.stringify({ id, yaml: text })}\n`);
    const answer = await this.next();
    if (answer.id !== id) throw new Error(`the oracle answered ${answer.id} to ${id}`);
    return answer.error !== undefined ? { error: answer.error } : { documents: answer.documents ?? [] };
  }

  public stop(): void {
    this.child.stdin.end();
  }

  private next(): Promise<any> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise(resolve => this.waiting.push(resolve));
  }
}

/** Runs `count` cases from `seed`; prints the tally and each disagreement; resolves to the number of disagreements. */
export async function runYamlFuzz(count: number, seed: number, options: { quiet?: boolean; show?: number } = {}): Promise<number> {
  const oracle = await YamlOracle.start(buildOracle());
  const seeds = fc.sample(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { seed, numRuns: count });
  const t0 = Date.now();
  let agree = 0;
  let bothError = 0;
  let disagreements = 0;
  let nondeterministic = 0;
  const shown = options.show ?? 10;
  for (let i = 0; i < seeds.length; i++) {
    const text = yamlCase(seeds[i]);
    const go = await oracle.decode(i, text);
    const mine = ourOutcome(text);
    let same: boolean;
    if ('error' in go || 'error' in mine) {
      same = 'error' in go && 'error' in mine;
      if (same) bothError++;
    } else {
      same = canonical(go.documents) === canonical(mine.documents);
    }
    if (same) {
      agree++;
      continue;
    }
    if (collidingKeys(text)) {
      nondeterministic++;
      continue;
    }
    disagreements++;
    if (disagreements <= shown) {
      console.log(`\nYAML DISAGREEMENT (case seed ${seeds[i]}; replay: scripts/fuzz/yaml.ts --case ${seeds[i]})`);
      console.log(`  text:     ${JSON.stringify(text)}`);
      console.log(`  kubectl:  ${'error' in go ? `error: ${go.error}` : canonical(go.documents)}`);
      console.log(`  ours:     ${'error' in mine ? `error: ${mine.error}` : canonical(mine.documents)}`);
    }
  }
  oracle.stop();
  const seconds = (Date.now() - t0) / 1000;
  console.log(`\nyaml fuzz: seed ${seed}, ${count} texts in ${seconds.toFixed(1)} s; ${agree} agree with kubectl's decoding ` +
    `(${bothError} refused by both), ${nondeterministic} differ where kubectl's own result depends on Go's map order (two keys ` +
    `that become one JSON key), ${disagreements} disagree${disagreements > shown ? ` (first ${shown} shown)` : ''}`);
  return disagreements;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const single = arg('--case');
  if (single !== undefined) {
    const text = yamlCase(Number(single));
    console.log(text);
    console.log(JSON.stringify(ourOutcome(text)));
  } else {
    const seedArg = arg('--seed');
    const seed = seedArg === undefined || seedArg === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedArg);
    runYamlFuzz(Number(arg('--count') ?? 2000), seed, { show: Number(arg('--show') ?? 10) }).then(n => {
      process.exitCode = n > 0 ? 1 : 0;
    }).catch(e => {
      console.error(`yaml fuzz: ${(e as Error).stack ?? e}`);
      process.exit(2);
    });
  }
}
