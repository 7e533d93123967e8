import { allValid } from './schema-fixtures';
import { SchemaValidator } from '../../src/validation/schema/validator';

/** Every leaf and branch of every fixture, replaced by values of every JSON type: findings, never a throw. */
function paths(value: any, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap(k => paths(value[k], [...prefix, k]))];
}

const REPLACEMENTS: unknown[] = [null, 0, -1.5, 70000, '', 'Bad Value', true, [], [null], {}, { unexpected: 1 }];

describe('SchemaValidator on malformed objects', () => {
  const validator = new SchemaValidator();

  test.each(allValid().map(([name, object]) => [name, object]))('%s: every field replaced by every JSON type gives findings, never an exception', (_, object) => {
    let findings = 0;
    for (const at of paths(object).filter(p => p.length > 0 && p[0] !== 'apiVersion' && p[0] !== 'kind')) {
      for (const replacement of REPLACEMENTS) {
        const copy = JSON.parse(JSON.stringify(object));
        let parent = copy;
        for (const key of at.slice(0, -1)) parent = parent[key];
        parent[at[at.length - 1]] = replacement;
        const result = validator.validate(copy);
        findings += result.findings.length;
        for (const finding of result.findings) {
          expect(typeof finding.path).toBe('string');
          expect(finding.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(findings).toBeGreaterThan(0);
  });

  test('values that are not objects', () => {
    for (const value of [null, 1, 'x', [], undefined]) {
      expect(validator.validate(value).findings).toHaveLength(1);
    }
  });
});
