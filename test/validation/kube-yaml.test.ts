import * as YAML from 'yaml';
import { corpusObject } from '../../bench/yaml-read';
import { readKubeDocuments } from '../../src/validation/kube-yaml';
import { DocumentPositions, QuickPositions } from '../../src/validation/kube-yaml-positions';
import { float32Key } from '../../src/validation/kube-yaml-scalars';
import { kubeYamlStringify } from '../../src/validation/kube-yaml-write';

const values = (text: string) => readKubeDocuments(text).map(d => d.value);
const one = (text: string) => values(text)[0] as any;

describe('YAML 1.1 as kubectl reads it', () => {
  test('yes, on, y are true; no, off, n are false; quoted they stay strings', () => {
    expect(one('a: yes\nb: On\nc: y\nd: NO\ne: off\nf: n\ng: "yes"\nh: \'on\'\ni: True')).toStrictEqual({
      a: true, b: true, c: true, d: false, e: false, f: false, g: 'yes', h: 'on', i: true,
    });
  });

  test('a label value yes is the boolean true', () => {
    expect(one('metadata:\n  labels:\n    enabled: yes\n').metadata.labels.enabled).toBe(true);
  });

  test('0120 is octal 80; 080 is not octal and reads as 80; hex, binary, 0o, underscores, signs', () => {
    expect(one('a: 0120\nb: 080\nc: 0x1F\nd: 0b101\ne: 0o17\nf: 1_000\ng: -0x10\nh: +12\ni: 0')).toStrictEqual({
      a: 80, b: 80, c: 31, d: 5, e: 15, f: 1000, g: -16, h: 12, i: 0,
    });
  });

  test('floats, nulls, timestamps and strings that look like numbers', () => {
    expect(one('a: 1.5\nb: .5\nc: 1e3\nd: ~\ne: null\nf:\ng: 2001-12-14\nh: 1e400\ni: 1.2.3\nj: 0x\nk: "0120"')).toStrictEqual({
      a: 1.5, b: 0.5, c: 1000, d: null, e: null, f: null, g: '2001-12-14', h: '1e400', i: '1.2.3', j: '0x', k: '0120',
    });
  });

  test('keys: on is "true", integers in decimal, floats as float32', () => {
    expect(one('on: 1\noff: 2\n0x10: 3\n1.5: 4\n1e20: 5\n"on": 6')).toStrictEqual({ 'true': 1, 'false': 2, '16': 3, '1.5': 4, '1e+20': 5, 'on': 6 });
    expect(float32Key(1234567)).toBe('1.234567e+06');
    expect(float32Key(0.1)).toBe('0.1');
  });

  test('tags: !!int, !!str, !!float, !!binary, unknown tags', () => {
    expect(one('a: !!int "12"\nb: !!str 12\nc: !!float 1\nd: !!binary aGVsbG8=\ne: !foo bar\nf: !!str yes')).toStrictEqual({
      a: 12, b: '12', c: 1, d: 'hello', e: 'bar', f: 'yes',
    });
    expect(() => values('a: !!int abc')).toThrow(/cannot decode !!str `abc` as a !!int/);
  });

  test('merge keys: a merge overrides the keys before it, keys after it override it, earlier maps of a list win', () => {
    expect(one('base: &b {x: 1, z: 1}\nother: &o {x: 2, w: 2}\nm:\n  x: 0\n  k: 0\n  <<: [*b, *o]\n  z: 9\n').m).toStrictEqual({ x: 1, k: 0, z: 9, w: 2 });
    expect(() => values('a: &a 1\nm:\n  <<: *a\n')).toThrow(/map merge requires map/);
  });

  test('aliases are copies, not shared objects', () => {
    const doc = one('a: &a {x: 1}\nb: *a\n');
    expect(doc.b).toStrictEqual({ x: 1 });
    expect(doc.b).not.toBe(doc.a);
  });

  test('duplicate keys: the last one wins', () => {
    expect(one('a: 1\na: 2\n')).toStrictEqual({ a: 2 });
  });

  test('fails on NaN, infinities and null keys, which JSON cannot carry', () => {
    expect(() => values('a: .inf')).toThrow(/json: unsupported value: \+Inf/);
    expect(() => values('a: .nan')).toThrow(/unsupported value: NaN/);
    expect(() => values('~: 1')).toThrow(/unsupported map key of type: <nil>/);
  });

  test('fails on an alias bomb and on a circular alias', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(96 + i);
      const n = String.fromCharCode(97 + i);
      levels.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
    }
    expect(() => values(levels.join('\n'))).toThrow(/excessive aliasing/);
    expect(() => values('a: &a [*a]')).toThrow(/alias|anchor/);
  });

  test('fails on deep nesting without a stack trace', () => {
    expect(() => values(`${'['.repeat(20000)}${']'.repeat(20000)}`)).toThrow(/nest|depth/i);
  });
});

describe('documents', () => {
  test('separators: --- lines split, a comment may follow, empty documents and null are skipped', () => {
    expect(values('---\n# c\n---\na: 1\n--- # x\n---\nnull\n---\nb: 2\n')).toStrictEqual([{ a: 1 }, { b: 2 }]);
    expect(values('')).toStrictEqual([]);
    expect(values('# only\n---\n---\n')).toStrictEqual([]);
  });

  test('fails on text after a separator, naming the line', () => {
    expect(() => values('a: 1\n--- b: 2\n')).toThrow(/^2:1: invalid Yaml document separator: b: 2/);
  });

  test('a document starts at its first content line', () => {
    const docs = readKubeDocuments('# head\n---\n\n# c\n  a: 1\n---\nb: 2\n');
    expect(docs.map(d => [d.line, d.column])).toStrictEqual([[5, 3], [7, 1]]);
  });

  test('JSON streams, and YAML after one JSON value', () => {
    expect(values('{"a": 1}\n{"b": [2]}\n')).toStrictEqual([{ a: 1 }, { b: [2] }]);
    expect(values('{"a": 0120}')).toStrictEqual([{ a: 80 }]);
    expect(() => values('{"a": 1}\n{"b": 2}\n{"c": 3')).toThrow(/not valid JSON/);
  });

  test('YAML syntax errors give line and column', () => {
    expect(() => values('a: 1\nb: [1, 2\n')).toThrow(/^3:1: not valid YAML/);
  });
});

describe('positions', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    app: x\non: 1\nspec:\n  ports:\n  - port: 80\n  - <<: {port: 81}\n';
  const p = new DocumentPositions(text, 10);

  test('finds values by path, with kubectl keys and through merge keys', () => {
    expect(p.find('metadata.labels.app')).toStrictEqual({ line: 15, column: 10 });
    expect(p.find('spec.ports[0].port')).toStrictEqual({ line: 19, column: 11 });
    expect(p.find('spec.ports[1].port')).toStrictEqual({ line: 20, column: 16 });
    expect(p.find('true')).toStrictEqual({ line: 16, column: 5 });
  });

  test('a missing field points at its nearest parent', () => {
    expect(p.find('spec.ports[0].name')).toStrictEqual({ line: 19, column: 5 });
  });
});

describe('writing YAML kubectl reads back', () => {
  test('strings YAML 1.1 would read as something else are quoted', () => {
    const value = { name: 'no', a: 'y', b: 'on', c: '0o17', d: '1_000', e: '0120', f: 'plain', g: '<<', h: '~', i: '2001-01-01' };
    const text = kubeYamlStringify(value);
    expect(readKubeDocuments(text).map(d => d.value)).toStrictEqual([value]);
    expect(text).toContain('f: plain');
  });
});

describe('the quick locator', () => {
  test('finds what the parsing locator finds, on block YAML as cdk8s writes it', () => {
    const paths = (value: any, prefix: string[]): string[][] => {
      if (value === null || typeof value !== 'object') return [prefix];
      const entries: [string, any][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
      return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k])), [...prefix, 'missing']];
    };
    let compared = 0;
    for (let i = 0; i < 8; i++) {
      const object = corpusObject(i);
      const text = `# head\n${YAML.stringify(object)}`;
      const slow = new DocumentPositions(text, 3);
      const quick = new QuickPositions(text, 3);
      for (const p of paths(object, [])) {
        expect([p.join('.'), quick.find(p)]).toStrictEqual([p.join('.'), slow.find(p)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  test('leaves flow style, anchors and merge keys to the parsing locator', () => {
    expect(new QuickPositions('a: {b: 1}\n', 1).find(['a', 'b'])).toBeUndefined();
    expect(new QuickPositions('a: &x\n  b: 1\n', 1).find(['a', 'b'])).toBeUndefined();
    expect(new QuickPositions('a:\n  <<: {b: 1}\n', 1).find(['a', 'b'])).toBeUndefined();
    expect(new QuickPositions('a:\n  on: 1\n', 1).find(['a', 'true'])).toStrictEqual({ line: 2, column: 7 });
  });
});
