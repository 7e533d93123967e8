/**
 * Records hand-written cases as regression cases with the oracle's verdict:
 * `ts-node scripts/fuzz/record.ts CASES.json`, CASES.json holding `[{ name, release, note, object }]`
 * (release: the folder under shared/crds, 'gateway-api/v1.6.1-standard'). Each becomes
 * test/fuzz/regressions/<name>.json, which test/fuzz/regressions.test.ts replays against the offline validator.
 * (`npm run fuzz -- --record NAME` writes the disagreements a run finds the same way.)
 */
import * as fs from 'fs';
import { ours, writeRegression } from './compare';
import { buildOracle, Oracle } from './oracle';
import { loadTargets } from './targets';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: record.ts CASES.json');
  const cases: { name: string; release: string; note: string; object: any }[] = JSON.parse(fs.readFileSync(file, 'utf8'));
  const targets = loadTargets();
  const oracle = await Oracle.start(buildOracle());
  for (const c of cases) {
    const target = targets.find(t => t.release === c.release && t.apiVersion === c.object.apiVersion && t.kind === c.object.kind);
    if (!target) throw new Error(`${c.name}: ${c.release} does not serve ${c.object.apiVersion} ${c.object.kind}`);
    const verdict = await oracle.judge(c.release, c.object);
    if (verdict.problem) throw new Error(`${c.name}: the oracle failed: ${verdict.problem}`);
    const mine = ours(target, c.object);
    const written = writeRegression(c.name, target, c.object, verdict, c.note);
    console.log(`${written}: oracle ${verdict.accepted ? 'accepts' : 'rejects'}, ours ${mine.accepted ? 'accepts' : 'rejects'}` +
      (verdict.accepted === mine.accepted ? '' : '  <-- DISAGREE'));
  }
  oracle.stop();
}

main().catch(e => {
  console.error(`record: ${(e as Error).message}`);
  process.exit(2);
});
