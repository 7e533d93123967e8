/**
 * The benchmark runner (`npm run bench`): synth and validation cost of model fleets (bench/fleet.ts) as they
 * grow, against (a) a plain cdk8s Chart of the generated classes and (b) plain objects serialized to YAML.
 * Every measurement runs in a fresh Node.js process (bench/child.ts); each figure is the median of the runs.
 * Prints one table and writes the figures as JSON to bench/results/.
 *
 * Times are CPU times of the measured span (every thread of the process: JavaScript, garbage collection), which
 * other work on a shared machine disturbs much less than wall-clock time; the JSON has both (cpuMs, ms).
 *
 * Settings (environment): BENCH_SIZES (default '10,100,1000,5000'), BENCH_RUNS (runs for N < 1,000, default 5),
 * BENCH_RUNS_LARGE (runs for N >= 1,000, default 3), BENCH_ONLY (sections whose names start with one of these,
 * comma-separated: fleet, validate, route map; default all); and those of bench/cli.ts.
 *
 * More measured sections: a function returning a `Section` (bench/measure.ts says how), called in SECTIONS below.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { cliSection } from './cli';
import { Figures, measure, medians, RESULTS, Section } from './measure';

const SYNTH_CASES = ['ours', 'ours-validated', 'imports', 'plain'] as const;
type SynthCase = typeof SYNTH_CASES[number];

interface FleetRow {
  readonly models: number;
  readonly runs: number;
  readonly synth: Record<SynthCase, Figures>;
  readonly validate: Figures;
}

function fleetSection(): Section {
  return {
    name: 'fleet',
    run: () => {
      const sizes = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
      const runs = Number(process.env.BENCH_RUNS ?? 5);
      const runsLarge = Number(process.env.BENCH_RUNS_LARGE ?? 3);
      const count = (models: number) => models >= 1000 ? runsLarge : runs;
      const synth = new Map(sizes.map(models => [models, { 'ours': [], 'ours-validated': [], 'imports': [], 'plain': [] } as Record<SynthCase, Figures[]>]));
      const validate = new Map(sizes.map(models => [models, [] as Figures[]]));
      const yamlFile = (models: number) => join(RESULTS, `fleet-${models}.yaml`);
      // Runs go round by round over every size and case, so that a change of load on the machine touches each
      // size and case alike (the growth from 1,000 to 5,000 compares sizes measured minutes apart otherwise).
      for (let run = 0; run < Math.max(...sizes.map(count)); run++) {
        for (const models of sizes.filter(m => run < count(m))) {
          const figures = synth.get(models)!;
          for (const c of SYNTH_CASES) figures[c].push(measure('child.js', [c, String(models), ...c === 'ours' && run === 0 ? [yamlFile(models)] : []]));
          validate.get(models)!.push(measure('child.js', ['validate', String(models), yamlFile(models)]));
          process.stderr.write(`N=${models} run ${run + 1}/${count(models)}: ` +
            `${SYNTH_CASES.map(c => `${c} ${figures[c][run][TIME].toFixed(0)}`).join(', ')}, validate ${validate.get(models)![run][TIME].toFixed(0)} ms CPU\n`);
        }
      }
      const rows: FleetRow[] = sizes.map(models => {
        const figures = synth.get(models)!;
        const objects = new Set(SYNTH_CASES.map(c => figures[c][0].objects));
        if (objects.size !== 1) throw new Error(`N=${models}: the builders emit different numbers of objects (${[...objects].join(', ')})`);
        return {
          models,
          runs: count(models),
          validate: medians(validate.get(models)!),
          synth: Object.fromEntries(SYNTH_CASES.map(c => [c, medians(figures[c])])) as Record<SynthCase, Figures>,
        };
      });
      return { table: fleetTable(rows), figures: { rows, ratios: ratios(rows) } };
    },
  };
}

/** The figure the table and the ratios use. */
const TIME = 'cpuMs';

function ratios(rows: FleetRow[]): { [key: string]: number | undefined } {
  const at = (n: number) => rows.find(r => r.models === n);
  const r1000 = at(1000);
  const r5000 = at(5000);
  return {
    oursOverImportsAt1000: r1000 && r1000.synth.ours[TIME] / r1000.synth.imports[TIME],
    oursOverPlainAt1000: r1000 && r1000.synth.ours[TIME] / r1000.synth.plain[TIME],
    growthOurs1000To5000: r1000 && r5000 && r5000.synth.ours[TIME] / r1000.synth.ours[TIME],
    growthImports1000To5000: r1000 && r5000 && r5000.synth.imports[TIME] / r1000.synth.imports[TIME],
    growthPlain1000To5000: r1000 && r5000 && r5000.synth.plain[TIME] / r1000.synth.plain[TIME],
    growthValidation1000To5000: r1000 && r5000 && r5000.validate[TIME] / r1000.validate[TIME],
    synthValidationOnOverOffAt1000: r1000 && r1000.synth['ours-validated'][TIME] / r1000.synth.ours[TIME],
    synthValidationOnOverOffAt5000: r5000 && r5000.synth['ours-validated'][TIME] / r5000.synth.ours[TIME],
  };
}

const ms = (value: number) => value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const x = (value: number | undefined) => value === undefined ? 'n/a' : value.toFixed(2);

function fleetTable(rows: FleetRow[]): string[] {
  const header = ['models', 'objects', 'runs', 'ours synth', '(a) imports', '(b) plain', 'ours/(a)', 'ours/(b)',
    'ours, synth validation on', 'on / off (goal <= 1.30)', 'offline validation', 'YAML parse before it', 'ours synth (wall)', 'peak RSS ours / (a) / (b) / validation'];
  const lines = rows.map(r => [
    r.models.toLocaleString('en-US'), r.synth.ours.objects.toLocaleString('en-US'), String(r.runs),
    ms(r.synth.ours[TIME]), ms(r.synth.imports[TIME]), ms(r.synth.plain[TIME]),
    x(r.synth.ours[TIME] / r.synth.imports[TIME]), x(r.synth.ours[TIME] / r.synth.plain[TIME]),
    ms(r.synth['ours-validated'][TIME]), x(r.synth['ours-validated'][TIME] / r.synth.ours[TIME]), ms(r.validate[TIME]), ms(r.validate.parseCpuMs), ms(r.synth.ours.ms),
    [r.synth.ours.maxRssMb, r.synth.imports.maxRssMb, r.synth.plain.maxRssMb, r.validate.maxRssMb].map(mb).join(' / '),
  ]);
  const table = [header, header.map(h => '-'.repeat(Math.max(3, h.length))), ...lines].map(cells => `| ${cells.join(' | ')} |`);
  const g = ratios(rows);
  table.push('', 'Times: median CPU time of the measured span (synth: building the objects and rendering one YAML string; ' +
    'offline validation: ManifestValidator, strict, on the parsed YAML of ours, the parse apart), each run in a fresh process.');
  table.push(`Growth 1,000 -> 5,000 models (linear is 5.0): ours ${x(g.growthOurs1000To5000)}, ` +
    `(a) ${x(g.growthImports1000To5000)}, (b) ${x(g.growthPlain1000To5000)}, validation ${x(g.growthValidation1000To5000)}.`);
  return table;
}

/** The sections, in order. Another section is one more entry (for example the route map of bench/graph.ts). */
const SECTIONS: Section[] = [fleetSection(), cliSection(), routeMapSection()];

/**
 * The route map (bench/graph.ts) of a 1,000-model chart, models over few backends and over as many backends as
 * models: wall time of each format's rendering (Graphviz runs in a worker thread, so CPU time of the main thread
 * would not count it), one fresh process per chart and run.
 */
function routeMapSection(): Section {
  return {
    name: 'route map',
    run: () => {
      const runs = Number(process.env.BENCH_GRAPH_RUNS ?? 1);
      const charts = [[1000, 50], [1000, 1000]];
      const rows = charts.map(([models, backends]) => {
        const figures: Figures[] = [];
        for (let run = 0; run < runs; run++) figures.push(measure('graph.js', [String(models), String(backends)]));
        process.stderr.write(`route map: ${models} models over ${backends} backends measured ${runs} time(s)\n`);
        const row: Figures = { ...medians(figures), runs };
        return row;
      });
      const header = ['models', 'backends', 'objects', 'runs', 'dot', 'mermaid', 'svg', 'html'];
      const table = [header, header.map(h => '-'.repeat(Math.max(3, h.length))), ...rows.map(r => [
        r.models.toLocaleString('en-US'), r.backends.toLocaleString('en-US'), r.objects.toLocaleString('en-US'), String(r.runs),
        ms(r.dotMs), ms(r.mermaidMs), ms(r.svgMs), ms(r.htmlMs),
      ])].map(cells => `| ${cells.join(' | ')} |`);
      table.push('', 'Times: wall time of RouteMap.render per format (the analysis included), each chart in a fresh process.');
      return { table, figures: rows };
    },
  };
}

function machine(): { [key: string]: string | number } {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch { /* not Linux */ }
  return { nproc: cpus().length, cpu: model, node: process.version, loadAverage: loadavg().map(l => l.toFixed(2)).join(' ') };
}

function main(): void {
  mkdirSync(RESULTS, { recursive: true });
  // The compiled validator looks for schemas/ a few levels above itself: give the build its own link to it.
  const schemas = join(__dirname, '..', 'schemas');
  if (!existsSync(schemas)) symlinkSync(join(__dirname, '..', '..', '..', '..', 'schemas'), schemas);
  const before = machine();
  const started = new Date();
  const output: { [name: string]: unknown } = {};
  const lines: string[] = [];
  // BENCH_ONLY=fleet,validate runs only the sections whose names start so.
  const only = process.env.BENCH_ONLY?.split(',').filter(o => o !== '');
  for (const section of SECTIONS.filter(s => only === undefined || only.some(o => s.name.startsWith(o)))) {
    const result = section.run();
    output[section.name] = result.figures;
    lines.push(`## ${section.name}`, '', ...result.table, '');
  }
  const after = machine();
  const about = `${before.nproc} CPUs (${before.cpu}), Node.js ${before.node}, load average ${before.loadAverage} ` +
    `at the start and ${after.loadAverage} at the end, ${started.toISOString()}`;
  console.log([...lines, about].join('\n'));
  const file = join(RESULTS, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify({ started: started.toISOString(), machine: before, loadAverageAtEnd: after.loadAverage, ...output }, undefined, 2);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS, 'latest.json'), json);
  console.log(`figures written to ${file}`);
}

main();
