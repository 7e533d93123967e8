import { parse } from '@bufbuild/cel';
import * as fc from 'fast-check';
import { caseArbitrary } from '../../scripts/fuzz/generate';
import { loadCorpus, loadTargets } from '../../scripts/fuzz/targets';
import { compactCelAst, readCelAst } from '../../src/validation/schema/cel-ast';
import { loadRelease, releases } from '../../src/validation/schema/data';
import { Access, accessOf, memoKey, MemoSchema, setRuleMemoEnabled } from '../../src/validation/schema/rule-memo';
import { SchemaValidator } from '../../src/validation/schema/validator';

const access = (expression: string) => accessOf(parse(expression).expr);

/** The access tree as plain data, for readable expectations. */
function shape(a: Access | undefined): any {
  if (a === undefined) return undefined;
  const out: any = {};
  if (a.whole) out.whole = true;
  if (a.size) out.size = true;
  if (a.presence.size > 0) out.presence = [...a.presence].sort();
  if (a.fields.size > 0) out.fields = Object.fromEntries([...a.fields].map(([k, v]) => [k, shape(v)]));
  if (a.elements) out.elements = shape(a.elements);
  return out;
}

const flat: MemoSchema = { propertyOfCelName: name => (name === '__namespace__' ? 'namespace' : name) };

describe('what a rule reads of self', () => {
  test('presence tests and values are told apart', () => {
    expect(shape(access("has(self.a) && self.b == 'x'"))).toEqual({ presence: ['a'], fields: { b: { whole: true } } });
  });

  test('a comprehension reads the elements of what it iterates', () => {
    expect(shape(access('!has(self.refs) || size(self.refs) == 0 || self.refs.all(r, has(r.group) && has(r.kind))'))).toEqual({
      presence: ['refs'], fields: { refs: { size: true, elements: { presence: ['group', 'kind'] } } },
    });
    expect(shape(access('self.all(r1, !has(r1.name) || self.exists_one(r2, has(r2.name) && r1.name == r2.name))'))).toEqual({
      elements: { presence: ['name'], fields: { name: { whole: true } } },
    });
  });

  test('self used whole: compared, indexed, passed to a function', () => {
    expect(shape(access('self == oldSelf'))).toEqual({ whole: true });
    expect(shape(access('self[0].matches.size() > 0'))).toEqual({ whole: true });
    expect(shape(access('self.value.startsWith("/")'))).toEqual({ fields: { value: { whole: true } } });
    expect(shape(access("self.type in ['Exact', 'PathPrefix']"))).toEqual({ fields: { type: { whole: true } } });
  });
});

describe('memo keys', () => {
  const a = access("has(self.fqdn) && self.port == 80 && self.__namespace__ == 'x'");

  test('values that differ only where the rule does not read share a key', () => {
    const k1 = memoKey(a, flat, { fqdn: 'a.example.com', port: 80, namespace: 'x', name: 'one' });
    const k2 = memoKey(a, flat, { fqdn: 'b.example.com', port: 80, namespace: 'x', name: 'two' });
    expect(k1).toBeDefined();
    expect(k1).toEqual(k2);
  });

  test('a difference the rule reads gives another key: value, escaped name, set vs null vs absent, type', () => {
    const base = memoKey(a, flat, { fqdn: 'a', port: 80, namespace: 'x' });
    expect(memoKey(a, flat, { fqdn: 'a', port: 81, namespace: 'x' })).not.toEqual(base);
    expect(memoKey(a, flat, { fqdn: 'a', port: 80, namespace: 'y' })).not.toEqual(base);
    expect(memoKey(a, flat, { port: 80, namespace: 'x' })).not.toEqual(base);
    expect(memoKey(a, flat, { fqdn: null, port: 80, namespace: 'x' })).not.toEqual(base);
    expect(memoKey(a, flat, { fqdn: 'a', port: '80', namespace: 'x' })).not.toEqual(base);
    const presence = [memoKey(a, flat, { port: 80 }), memoKey(a, flat, { fqdn: null, port: 80 }), memoKey(a, flat, { fqdn: 1, port: 80 })];
    expect(new Set(presence).size).toBe(3);
  });

  test('lists keep their length and each element\'s part', () => {
    const l = access('self.all(r, has(r.group))');
    expect(memoKey(l, flat, [{ group: 'a', name: 'x' }])).toEqual(memoKey(l, flat, [{ group: 'b', name: 'y' }]));
    expect(memoKey(l, flat, [{ group: 'a' }])).not.toEqual(memoKey(l, flat, [{ group: 'a' }, { group: 'a' }]));
    expect(memoKey(l, flat, [{ group: 'a' }])).not.toEqual(memoKey(l, flat, [{ name: 'a' }]));
  });

  test('a value too large to remember gets no key', () => {
    const w = access('self == "x"');
    expect(memoKey(w, flat, 'x'.repeat(5000))).toBeUndefined();
    expect(memoKey(a, flat, { fqdn: 'a', port: 80, namespace: 'n'.repeat(5000) })).toBeUndefined();
  });
});

describe('stored parsed rules', () => {
  test('every stored tree is the parse of its expression', () => {
    let count = 0;
    for (const release of releases()) {
      const asts = loadRelease(release).celAsts ?? {};
      for (const [expression, text] of Object.entries(asts)) {
        expect(text).toEqual(compactCelAst(expression));
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  test('integer constants come back as the planner needs them', () => {
    const tree: any = readCelAst(compactCelAst('self.x == 18446744073709551615u && self.y == -3'));
    const constants: any[] = [];
    const walk = (n: any) => {
      if (n === null || typeof n !== 'object') return;
      if (n.case === 'uint64Value' || n.case === 'int64Value') constants.push(n.value);
      Object.values(n).forEach(walk);
    };
    walk(tree);
    expect(constants).toEqual([18446744073709551615n, -3n]);
  });
});

describe('remembering changes no verdict', () => {
  afterEach(() => setRuleMemoEnabled(true));

  test('findings of generated objects of every pinned CRD, with and without remembering', () => {
    const targets = loadTargets();
    const cases = fc.sample(caseArbitrary(targets, loadCorpus()), { numRuns: 600, seed: 20261201 });
    const findings = () => cases.map(c => JSON.stringify(new SchemaValidator({ releases: c.target.releases }).validate(c.object).findings));
    setRuleMemoEnabled(true);
    findings(); // fills the memos
    const remembered = findings();
    setRuleMemoEnabled(false);
    const fresh = findings();
    expect(remembered.filter(f => f !== '[]').length).toBeGreaterThan(100);
    expect(remembered).toEqual(fresh);
  });
});
