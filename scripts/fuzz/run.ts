/**
 * Differential fuzzing of the offline validator: `npm run fuzz -- --count N --seed S [--record DIR-NAME] [--quiet]`.
 *
 * Generates N objects over every served version of every pinned CRD (fast-check, deterministic by seed), asks the
 * oracle (the API server's own validation code, fuzz/oracle) and our SchemaValidator, compares accept/reject and,
 * when both reject, the fields they name. Prints agreement per CRD family and each accept/reject disagreement,
 * shrunk by fast-check to a minimal one. Exits 1 on a disagreement known-differences.yaml does not record
 * (proof 'fuzz'). `--record NAME` writes each unrecorded disagreement as test/fuzz/regressions/NAME-<n>.json;
 * `--paths N` prints up to N cases both reject naming different fields; `--shrink N` shrinks at most N disagreements.
 *
 * Then `--pod-security N` pods (default: ten times --count, a few seconds; 0 skips them) are judged by the Pod Security Standards
 * port and by k8s.io/pod-security-admission (scripts/fuzz/pod-security.ts), with the same seed; any disagreement
 * exits 1.
 *
 * Then as many generated YAML texts are read by our reader and by kubectl's decoding (scripts/fuzz/yaml.ts); a text
 * read differently fails the run too.
 */
import * as fc from 'fast-check';
import { KnownFuzzDifference, knownFuzzDifferences, ours, OurVerdict, pathsAgree, recorded, signature, writeRegression } from './compare';
import { caseArbitrary, FuzzCase } from './generate';
import { buildOracle, Oracle, OracleVerdict } from './oracle';
import { fuzzPodSecurity } from './pod-security';
import { loadCorpus, loadTargets, Target } from './targets';
import { runYamlFuzz } from './yaml';

interface Options {
  count: number;
  seed: number;
  record?: string;
  quiet: boolean;
  shrink: number;
  paths: number;
  podSecurity?: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { count: 1000, seed: Date.now() % 2 ** 31, quiet: false, shrink: 10, paths: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count') {options.count = Number(value());} else if (a === '--seed') {
      const v = value();
      options.seed = v === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(v);
    } else if (a === '--record') {options.record = value();} else if (a === '--quiet') {options.quiet = true;} else if (a === '--shrink') {options.shrink = Number(value());} else if (a === '--paths') {options.paths = Number(value());} else if (a === '--pod-security') {options.podSecurity = Number(value());} else {throw new Error(`unknown option '${a}' (options: --count N --seed S|random --record NAME --shrink MAX --paths MAX --pod-security N --quiet)`);}
  }
  if (!Number.isInteger(options.count) || options.count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  if (options.podSecurity !== undefined && (!Number.isInteger(options.podSecurity) || options.podSecurity < 0)) {
    throw new Error('--pod-security must be a non-negative integer');
  }
  return options;
}

/** Cases are generated in chunks of this many, chunk k with seed S + k (so a case is replayable alone). */
const CHUNK = 1000;

interface Tally {
  cases: number;
  oracleAccepts: number;
  oursAccepts: number;
  agree: number;
  bothReject: number;
  pathAgree: number;
}

function tally(): Tally {
  return { cases: 0, oracleAccepts: 0, oursAccepts: 0, agree: 0, bothReject: 0, pathAgree: 0 };
}

interface Disagreement {
  readonly signature: string;
  readonly chunkSeed: number;
  readonly index: number;
  readonly c: FuzzCase;
  readonly oracle: OracleVerdict;
  readonly mine: OurVerdict;
  readonly known?: KnownFuzzDifference;
  count: number;
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${(100 * n / d).toFixed(2)}%`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const targets = loadTargets();
  const corpus = loadCorpus();
  const known = knownFuzzDifferences();
  const binary = buildOracle();
  const oracle = await Oracle.start(binary);
  console.log(`fuzz: seed ${options.seed}, ${options.count} cases over ${targets.length} served CRD versions ` +
    `(oracle: k8s.io/apiextensions-apiserver, ${oracle.versions} versions loaded, started in ${oracle.startMillis} ms)`);
  if (oracle.versions !== targets.length) throw new Error(`the oracle loaded ${oracle.versions} CRD versions, the fuzzer ${targets.length}`);

  const arb = caseArbitrary(targets, corpus);
  const byFamily = new Map<string, Tally>();
  const total = tally();
  const disagreements = new Map<string, Disagreement>();
  const t0 = Date.now();
  let shownPaths = 0;
  for (let done = 0, chunk = 0; done < options.count; chunk++) {
    const n = Math.min(CHUNK, options.count - done);
    const chunkSeed = (options.seed + chunk) % 2 ** 31;
    const cases = fc.sample(arb, { seed: chunkSeed, numRuns: n });
    const verdicts = await Promise.all(cases.map(c => oracle.judge(c.target.release, c.object)));
    cases.forEach((c, index) => {
      const o = verdicts[index];
      if (o.problem) throw new Error(`the oracle failed on a case: ${o.problem}\n${JSON.stringify(c.object)}`);
      const m = ours(c.target, c.object);
      for (const t of [total, family(byFamily, c.target)]) {
        t.cases++;
        if (o.accepted) t.oracleAccepts++;
        if (m.accepted) t.oursAccepts++;
        if (o.accepted === m.accepted) t.agree++;
        if (!o.accepted && !m.accepted) {
          t.bothReject++;
          if (pathsAgree(o, m)) t.pathAgree++;
        }
      }
      if (!o.accepted && !m.accepted && !pathsAgree(o, m) && shownPaths < options.paths) {
        shownPaths++;
        console.log(`\nfield disagreement (both reject): ${c.target.release} ${c.target.kind}, made by ${c.how.join(' + ')}`);
        console.log(`  object:  ${JSON.stringify(c.object)}`);
        console.log(`  oracle:  ${JSON.stringify(o.errors)}`);
        console.log(`  ours:    ${JSON.stringify(m.findings)}`);
      }
      if (o.accepted !== m.accepted) {
        const sig = signature(c.target, o, m);
        const seen = disagreements.get(sig);
        if (seen) seen.count++;
        else disagreements.set(sig, { signature: sig, chunkSeed, index, c, oracle: o, mine: m, known: recorded(known, sig), count: 1 });
      }
    });
    done += n;
    if (!options.quiet && options.count > CHUNK) process.stdout.write(`\r  ${done}/${options.count} cases, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const seconds = (Date.now() - t0) / 1000;
  if (!options.quiet && options.count > CHUNK) process.stdout.write('\n');

  console.log('\nfamily                cases   oracle-accepts  ours-accepts  accept/reject agreement   field agreement (both reject)');
  for (const [name, t] of [...byFamily.entries()].sort()) printTally(name, t);
  printTally('all', total);
  console.log(`\n${total.cases} cases in ${seconds.toFixed(1)} s (${Math.round(total.cases / seconds)} cases/s); ` +
    `accept/reject agreement ${pct(total.agree, total.cases)}; field agreement when both reject ${pct(total.pathAgree, total.bothReject)}`);

  const unrecorded = [...disagreements.values()].filter(d => !d.known);
  const recordedOnes = [...disagreements.values()].filter(d => d.known);
  for (const d of recordedOnes) console.log(`recorded difference (${d.count}x): ${d.signature}: ${d.known!.reason}`);
  let shrunk = 0;
  let n = 0;
  for (const d of unrecorded) {
    console.log(`\nDISAGREEMENT (${d.count}x): ${d.signature}  [replay: --seed ${d.chunkSeed} --count ${d.index + 1}, the last case]`);
    let minimal = { c: d.c, oracle: d.oracle, mine: d.mine };
    if (shrunk < options.shrink) {
      shrunk++;
      minimal = await shrink(arb, oracle, d);
    }
    console.log(`  made by: ${minimal.c.how.join(' + ')}`);
    console.log(`  object:  ${JSON.stringify(minimal.c.object)}`);
    console.log(`  oracle:  ${minimal.oracle.accepted ? 'accepted' : 'rejected'} ${JSON.stringify(minimal.oracle.errors ?? [])}`);
    console.log(`  ours:    ${minimal.mine.accepted ? 'accepted' : 'rejected'} ${JSON.stringify(minimal.mine.findings)}`);
    if (options.record) {
      const file = writeRegression(`${options.record}-${++n}`, minimal.c.target, minimal.c.object, minimal.oracle, d.signature);
      console.log(`  written: ${file}`);
    }
  }
  const podCount = options.podSecurity ?? 10 * options.count;
  const podDisagreements = podCount === 0 ? 0
    : await fuzzPodSecurity(oracle, { count: podCount, seed: options.seed, quiet: options.quiet, shrink: options.shrink });
  oracle.stop();
  // The YAML reader against kubectl's decoding (the oracle's YAML mode): as many texts, from the same seed.
  const yamlDisagreements = await runYamlFuzz(options.count, options.seed, { show: options.shrink });
  if (yamlDisagreements > 0) {
    console.log(`\nfuzz: ${yamlDisagreements} YAML text(s) read differently from kubectl; seed ${options.seed}`);
    process.exitCode = 1;
  }
  if (unrecorded.length > 0) {
    console.log(`\nfuzz: ${unrecorded.length} kinds of accept/reject disagreement not recorded in test/integration/known-differences.yaml (proof 'fuzz'); seed ${options.seed}`);
    process.exitCode = 1;
  } else {
    console.log(`\nfuzz: no unrecorded accept/reject disagreement (seed ${options.seed})`);
  }
  if (podDisagreements > 0) {
    console.log(`fuzz: ${podDisagreements} pods on which the Pod Security Standards port and k8s.io/pod-security-admission disagree; seed ${options.seed}`);
    process.exitCode = 1;
  } else if (podCount > 0) {
    console.log(`fuzz: the Pod Security Standards port agrees with k8s.io/pod-security-admission on ${podCount} pods (seed ${options.seed})`);
  }
}

function family(byFamily: Map<string, Tally>, target: Target): Tally {
  let t = byFamily.get(target.project);
  if (t === undefined) {
    t = tally();
    byFamily.set(target.project, t);
  }
  return t;
}

function printTally(name: string, t: Tally) {
  console.log(`${name.padEnd(20)} ${String(t.cases).padStart(6)}   ${String(t.oracleAccepts).padStart(14)}  ${String(t.oursAccepts).padStart(12)}  ` +
    `${`${t.agree} (${pct(t.agree, t.cases)})`.padStart(23)}   ${`${t.pathAgree}/${t.bothReject} (${pct(t.pathAgree, t.bothReject)})`.padStart(22)}`);
}

/** fast-check's shrinking of one disagreement: replays the case (seed and path) and shrinks while it disagrees the same way. */
async function shrink(arb: fc.Arbitrary<FuzzCase>, oracle: Oracle, d: Disagreement) {
  const result = await fc.check(fc.asyncProperty(arb, async c => {
    if (c.target !== d.c.target) return true;
    const o = await oracle.judge(c.target.release, c.object);
    const m = ours(c.target, c.object);
    return o.accepted === m.accepted || o.accepted !== d.oracle.accepted;
  }), { seed: d.chunkSeed, path: String(d.index), numRuns: CHUNK, maxSkipsPerRun: 0 });
  if (!result.failed) return { c: d.c, oracle: d.oracle, mine: d.mine };
  const c = result.counterexample![0];
  const o = await oracle.judge(c.target.release, c.object);
  return { c, oracle: o, mine: ours(c.target, c.object) };
}

main().catch(e => {
  console.error(`fuzz: ${(e as Error).stack ?? e}`);
  process.exit(2);
});
