// The pod generator of the Pod Security differential fuzzing (scripts/fuzz/pod-security.ts) reaches every check, and
// its comparison notices a difference; the agreement itself is `npm run fuzz`'s (it needs the Go oracle).
import * as fc from 'fast-check';
import { ourPodSecurityVerdict, podSecurityCaseArbitrary, podSecurityDifference } from '../../scripts/fuzz/pod-security';
import { PodSecurityLevel } from '../../src';
import { podSecurityCheckIds } from '../../src/validation/pod-security';

const cases = fc.sample(podSecurityCaseArbitrary, { seed: 20261124, numRuns: 3000 });

test.each([PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED])('at %s, every check fails on some pods, and some pods pass', level => {
  const atLevel = cases.filter(c => c.level === level).map(ourPodSecurityVerdict);
  const failed = new Set(atLevel.flatMap(v => v.failing.map(f => f.id)));
  expect([...failed].sort()).toStrictEqual([...podSecurityCheckIds(level)].sort());
  expect(atLevel.filter(v => v.allowed).length).toBeGreaterThan(atLevel.length / 50);
});

test('the comparison names the first difference: allowed, the failing checks, a reason or a detail', () => {
  const c = cases.find(x => x.level === PodSecurityLevel.RESTRICTED && !ourPodSecurityVerdict(x).allowed)!;
  const mine = ourPodSecurityVerdict(c);
  expect(podSecurityDifference({ allowed: false, failing: mine.failing }, mine)).toBe('');
  expect(podSecurityDifference({ allowed: true, failing: [] }, mine)).toBe('allowed: oracle true, ours false');
  expect(podSecurityDifference({ allowed: false, failing: [...mine.failing, { id: 'x', reason: '', detail: '' }] }, mine)).toMatch(/^failing checks: /);
  const changed = mine.failing.map((f, i) => (i === 0 ? { ...f, detail: `${f.detail}!` } : f));
  expect(podSecurityDifference({ allowed: false, failing: changed }, mine)).toMatch(new RegExp(`^${mine.failing[0].id} detail: `));
});
