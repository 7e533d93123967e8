import * as fs from 'fs';
import { ours } from './compare';
import { buildOracle, Oracle } from './oracle';
import { loadTargets } from './targets';
(async () => {
  const targets = loadTargets();
  const oracle = await Oracle.start(buildOracle());
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const [release, object] of cases) {
    const t = targets.find(x => x.release === release && x.apiVersion === object.apiVersion && x.kind === object.kind)!;
    const o = await oracle.judge(release, object);
    const m = ours(t, object);
    console.log(o.accepted === m.accepted ? 'AGREE   ' : 'DISAGREE', JSON.stringify(object).slice(0, 200));
    console.log('   oracle', o.accepted, JSON.stringify(o.errors ?? []).slice(0, 400));
    console.log('   ours  ', m.accepted, JSON.stringify(m.findings).slice(0, 400));
  }
  oracle.stop();
})();
