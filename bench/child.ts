/**
 * One measurement in a fresh process, started by bench/run.ts: `node child.js <case> <N> [yamlFile]`.
 * Prints one JSON line: { ms, cpuMs, loadMs, maxRssMb, objects, bytes } (and parseMs, parseCpuMs: reading the YAML, and errors for 'validate').
 * `ms` is wall-clock time; `cpuMs` the CPU time of the process (every thread: JavaScript, garbage collection, ...),
 * which a machine shared with other work disturbs less.
 *
 * Cases: 'ours' (our constructs, synth-time validation off), 'ours-validated' (the library's default: on),
 * 'imports' (baseline (a)), 'plain' (baseline (b)), 'validate' (the offline validation of a synthesized file).
 * The timed span of a synth case is building the objects and rendering them to one YAML string; module
 * loading is reported apart (loadMs).
 */
import { readFileSync, writeFileSync } from 'fs';

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function countDocuments(yaml: string): number {
  if (yaml.length === 0) return 0;
  return yaml.split(/^---$/m).length;
}

function main(): void {
  const [kind, sizeArg, file] = process.argv.slice(2);
  const models = Number(sizeArg);
  const loadStart = now();
  let result: { [key: string]: number };
  if (kind === 'validate') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ManifestValidator } = require('../src') as typeof import('../src');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseAllDocuments } = require('yaml') as typeof import('yaml');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PLATFORM_KNOWN } = require('./fleet-platform') as typeof import('./fleet-platform');
    const text = readFileSync(file, 'utf8');
    const loadMs = now() - loadStart;
    const parseStart = now();
    const parseCpu = process.cpuUsage();
    const objects = parseAllDocuments(text).map(d => d.toJS()).filter(o => o !== null && o !== undefined);
    const parseMs = now() - parseStart;
    const parseCpuMs = cpuMs(parseCpu);
    const start = now();
    const cpu = process.cpuUsage();
    const report = ManifestValidator.validate(objects, { strict: true, knownObjects: PLATFORM_KNOWN });
    const ms = now() - start;
    result = { ms, cpuMs: cpuMs(cpu), loadMs, parseMs, parseCpuMs, objects: objects.length, errors: report.errors, bytes: text.length };
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fleet = require('./fleet') as typeof import('./fleet');
    const loadMs = now() - loadStart;
    const start = now();
    const cpu = process.cpuUsage();
    let yaml: string;
    if (kind === 'ours' || kind === 'ours-validated') {
      yaml = fleet.buildOurs({ models, synthValidation: kind === 'ours-validated' }).synthYaml();
    } else if (kind === 'imports') {
      yaml = fleet.buildImports({ models }).synthYaml();
    } else if (kind === 'plain') {
      yaml = fleet.plainYaml(fleet.buildPlain({ models }));
    } else {
      throw new Error(`unknown case '${kind}'`);
    }
    const ms = now() - start;
    if (file !== undefined) writeFileSync(file, yaml);
    result = { ms, cpuMs: cpuMs(cpu), loadMs, objects: countDocuments(yaml), bytes: yaml.length };
  }
  result.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
