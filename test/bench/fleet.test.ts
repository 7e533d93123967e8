import { parseAllDocuments } from 'yaml';
import { buildImports, buildOurs, buildPlain, FLEET_KINDS, plainYaml, sortManifests } from '../../bench/fleet';

/**
 * The benchmark compares like with like: the two baselines emit exactly the objects our constructs emit.
 * A correctness check of the fleet builders, not a timing.
 */
function parse(yaml: string): any[] {
  return sortManifests(parseAllDocuments(yaml).map(d => d.toJS()).filter(o => o !== null));
}

describe.each([1, 10, 31])('benchmark fleet of %i models', (models) => {
  const ours = parse(buildOurs({ models }).synthYaml());

  test('baseline (a), the generated classes in a plain Chart, emits the same objects', () => {
    expect(parse(buildImports({ models }).synthYaml())).toEqual(ours);
  });

  test('baseline (b), plain objects, renders to the same objects', () => {
    expect(parse(plainYaml(buildPlain({ models })))).toEqual(ours);
  });

  test('the fleet has what grows with N: two backends per model, 15 rules per route, 16 targets per policy', () => {
    const count = (kind: string) => ours.filter(o => o.kind === kind).length;
    expect(count('Backend')).toBe(2 * models);
    expect(count('AIServiceBackend')).toBe(2 * models);
    expect(count('AIGatewayRoute')).toBe(Math.ceil(models / 15));
    expect(count('BackendSecurityPolicy')).toBe(Math.ceil((2 * models) / 16));
    expect(ours.filter(o => !FLEET_KINDS.includes(o.kind)).length).toBe(22);
  });
});

test('synth-time validation, on by default, passes on the fleet', () => {
  expect(() => buildOurs({ models: 20, synthValidation: true }).synthYaml()).not.toThrow();
});
