import * as fc from 'fast-check';
import { caseArbitrary } from '/work/wt-fuzz/scripts/fuzz/generate';
import { loadCorpus, loadTargets } from '/work/wt-fuzz/scripts/fuzz/targets';
import { ours } from '/work/wt-fuzz/scripts/fuzz/compare';
const targets = loadTargets();
const arb = caseArbitrary(targets, loadCorpus());
const cases = fc.sample(arb, { seed: Number(process.argv[2] ?? 3), numRuns: 1000 });
const kinds = new Map<string, [number, number]>();
for (const c of cases) {
  const v = ours(c.target, c.object);
  for (const h of c.how.slice(1).length ? c.how.slice(1) : c.how) {
    const k = h.split(' ')[0];
    const e = kinds.get(k) ?? [0, 0];
    e[0]++; if (!v.accepted) e[1]++;
    kinds.set(k, e);
  }
}
console.log([...kinds.entries()].sort((a, b) => b[1][0] - a[1][0]).map(([k, [n, r]]) => `${k}:${n}/${r}rej`).join('  '));
for (const c of cases.slice(0, Number(process.argv[3] ?? 8))) { const v = ours(c.target, c.object); console.log(c.target.release, c.target.kind, c.how.join(' + '), v.accepted, JSON.stringify(c.object).slice(0, 300), JSON.stringify(v.findings).slice(0, 300)); }
