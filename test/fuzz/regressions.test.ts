// Disagreements differential fuzzing found between the offline validator and the API server's own validation code
// (k8s.io/apiextensions-apiserver, see scripts/fuzz/), each minimized and kept with the API server's verdict.
import * as fs from 'fs';
import * as path from 'path';
import { SchemaValidator } from '../../src/validation/schema/validator';

const DIR = path.join(__dirname, 'regressions');
const CASES = fs.readdirSync(DIR).filter(f => f.endsWith('.json')).sort()
  .map(f => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) }));

const SKIPPED = /some validation rules were not checked/;

describe('differential fuzzing regressions: the offline validator agrees with the API server', () => {
  test('there are regression cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });

  test.each(CASES.map(c => [c.file, c]))('%s', (_file, c: any) => {
    const findings = new SchemaValidator({ releases: c.releases }).validate(c.object).findings.filter(f => !f.warning);
    const shown = findings.map(f => `${f.path}: ${f.message}`);
    if (c.oracle.accepted) {
      expect(shown).toStrictEqual([]);
    } else {
      expect(shown.length).toBeGreaterThan(0);
      // Both name a field in common (or one within the other), where the API server names one.
      const theirs: string[] = c.oracle.errors.filter((e: any) => !SKIPPED.test(e.detail) && e.path !== '<nil>').map((e: any) => e.path);
      if (theirs.length > 0) {
        // A map key is `.key` in the server's errors, `[key]` in ours.
        const dotted = (p: string) => p.replace(/\[([^\]]*[^\]0-9][^\]]*|)\]/g, '.$1');
        const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
        expect(findings.some(f => theirs.some(t => related(dotted(f.path), dotted(t))))).toBe(true);
      }
    }
  });
});
