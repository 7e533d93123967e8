/**
 * `cdk8s-ai-gateway validate` as a pipeline runs it, beside kubeconform v0.8.0 on the same files: wall time of the
 * whole process (start, YAML reading, every check, the report) and its peak memory, for fleets of about 5,000 and
 * 20,000 objects, and the memory of a 100,000-object fleet.
 *
 * Goals (issue: the pipeline validator): our wall time at most kubeconform's at 5,000 and 20,000 objects
 * (kubeconform checks no CEL rule; we check all of them), and under 1 GB of memory at 100,000 objects.
 *
 * kubeconform is the binary the integration harness builds into its cache (`bash scripts/integration/build.sh`, or
 * `BUILD_PIECES=kubeconform bash scripts/integration/build.sh`); without it, its column says so. Its schemas are
 * converted from the same pinned CRDs (scripts/integration/schemas.ts) and it runs with `-strict`; the few core
 * objects of the fleet (Namespaces) it has no schema for offline are skipped, and the table says how many.
 *
 * Settings (environment): BENCH_CLI_OBJECTS (default '5000,20000'), BENCH_MEMORY_OBJECTS (default 100000; 0 skips),
 * BENCH_CLI_RUNS (default 3).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { PLATFORM_KNOWN } from './fleet-platform';
import { Figures, measure, RESULTS, Section } from './measure';
import { schemaLocations } from '../scripts/integration/schemas';
// Compiled with the benchmark so that the program measured is the build's; it starts only as the main module.
import '../src/validation/cli';
import '../src/validation/schema-worker';

/** Objects per model of the benchmark fleet (Backend, AIServiceBackend, and a share of routes and policies). */
const OBJECTS_PER_MODEL = 4.21;

const KUBECONFORM_VERSION = 'v0.8.0';

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function kubeconformBinary(): string | undefined {
  const cache = process.env.CDK8S_AIGW_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cdk8s-ai-gateway-integration');
  const bin = join(cache, 'bin', `kubeconform-${KUBECONFORM_VERSION}`);
  return existsSync(bin) ? bin : undefined;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Run {
  readonly ms: number;
  /** Peak resident memory of the process, MB (undefined without /usr/bin/time). */
  readonly maxRssMb?: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs a program as a pipeline would, timing the whole process from the outside. */
function run(command: string, args: string[]): Run {
  const argv = TIME === undefined ? [command, ...args] : [TIME, '-f', '@@rss %M', command, ...args];
  const start = now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = now() - start;
  const rss = /@@rss (\d+)/.exec(r.stderr ?? '');
  return { ms, maxRssMb: rss ? Number(rss[1]) / 1024 : undefined, status: r.status, stdout: r.stdout ?? '' };
}

interface CliRow {
  readonly objects: number;
  readonly runs: number;
  readonly ours: Figures;
  readonly kubeconform?: Figures & { skipped: number };
}

export function cliSection(): Section {
  return {
    name: 'validate beside kubeconform',
    run: () => {
      const sizes = (process.env.BENCH_CLI_OBJECTS ?? '5000,20000').split(',').filter(s => s !== '').map(Number);
      const memoryObjects = Number(process.env.BENCH_MEMORY_OBJECTS ?? 100000);
      const runs = Number(process.env.BENCH_CLI_RUNS ?? 3);
      const dir = join(RESULTS, 'cli');
      mkdirSync(dir, { recursive: true });
      const knownFile = join(dir, 'known.yaml');
      writeFileSync(knownFile, PLATFORM_KNOWN.map(k => stringify({
        apiVersion: k.apiVersion,
        kind: k.kind,
        metadata: { name: k.name, ...(k.namespace ? { namespace: k.namespace } : {}), ...(k.labels ? { labels: k.labels } : {}) },
        ...(k.spec ? { spec: k.spec } : {}),
      })).join('---\n'));
      // Started as the package's launcher (bin/cdk8s-ai-gateway) starts it: with Node's compile cache on (22.1 and
      // later), so that runs after the first reuse the compiled code, as a pipeline's runs do.
      const cli = join(dir, 'launcher.js');
      writeFileSync(cli, "require('module').enableCompileCache?.();\n" +
        `require(${JSON.stringify(join(__dirname, '..', 'src', 'validation', 'cli.js'))}).main();\n`);
      const kubeconform = kubeconformBinary();
      let location: string | undefined;
      if (kubeconform !== undefined) {
        process.env.INTEGRATION_CRDS ??= join(__dirname, '..', '..', '..', '..', '..', 'shared', 'crds');
        location = schemaLocations(dir, 'v1.6.1');
      }
      const fleet = (objects: number) => {
        const file = join(dir, `fleet-${objects}.yaml`);
        const figures = measure('child.js', ['ours', String(Math.round(objects / OBJECTS_PER_MODEL)), file]);
        return { file, objects: figures.objects };
      };
      const ours = (file: string, objects: number): Run => {
        const r = run(process.execPath, [cli, 'validate', file, '--strict', '--known', knownFile, '--no-known-file']);
        if (r.status !== 0) throw new Error(`validate of ${objects} objects exited ${r.status}: ${r.stdout.slice(-500)}`);
        return r;
      };

      const rows: CliRow[] = [];
      for (const size of sizes) {
        const { file, objects } = fleet(size);
        const mine: Run[] = [];
        const theirs: Run[] = [];
        let skipped = 0;
        for (let i = 0; i < runs; i++) {
          mine.push(ours(file, objects));
          if (kubeconform !== undefined) {
            const r = run(kubeconform, ['-strict', '-summary', '-schema-location', location!, '-ignore-missing-schemas', file]);
            const summary = /Valid: (\d+), Invalid: (\d+), Errors: (\d+), Skipped: (\d+)/.exec(r.stdout);
            if (summary === null || Number(summary[2]) + Number(summary[3]) > 0) {
              throw new Error(`kubeconform on ${objects} objects: ${r.stdout.slice(-500)}`);
            }
            skipped = Number(summary[4]);
            theirs.push(r);
          }
          process.stderr.write(`validate ${objects} objects run ${i + 1}/${runs}: ours ${mine[i].ms.toFixed(0)} ms` +
            `${theirs[i] ? `, kubeconform ${theirs[i].ms.toFixed(0)} ms` : ''}\n`);
        }
        const figures = (rs: Run[]): Figures => ({ ms: median(rs.map(r => r.ms)), maxRssMb: median(rs.map(r => r.maxRssMb ?? NaN)) });
        rows.push({ objects, runs, ours: figures(mine), kubeconform: kubeconform === undefined ? undefined : { ...figures(theirs), skipped } });
      }
      let memory: { objects: number; maxRssMb?: number; ms: number } | undefined;
      if (memoryObjects > 0) {
        const { file, objects } = fleet(memoryObjects);
        const r = ours(file, objects);
        memory = { objects, maxRssMb: r.maxRssMb, ms: r.ms };
        process.stderr.write(`validate ${objects} objects: ${r.ms.toFixed(0)} ms, ${r.maxRssMb?.toFixed(0) ?? 'n/a'} MB\n`);
      }

      const ms = (v: number) => `${v.toFixed(0)} ms`;
      const mb = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a (no /usr/bin/time)' : `${v.toFixed(0)} MB`);
      const header = ['objects', 'runs', 'ours (wall)', 'kubeconform (wall)', 'ours / kubeconform', 'goal <= 1.00', 'peak RSS ours / kubeconform'];
      const table = [header, header.map(h => '-'.repeat(Math.max(3, h.length))), ...rows.map(r => [
        r.objects.toLocaleString('en-US'), String(r.runs), ms(r.ours.ms),
        r.kubeconform ? `${ms(r.kubeconform.ms)} (${r.kubeconform.skipped} skipped: no schema offline)` : `not run: kubeconform ${KUBECONFORM_VERSION} not built`,
        r.kubeconform ? (r.ours.ms / r.kubeconform.ms).toFixed(2) : 'n/a',
        r.kubeconform ? (r.ours.ms <= r.kubeconform.ms ? 'met' : 'NOT MET') : 'cannot tell',
        `${mb(r.ours.maxRssMb)} / ${r.kubeconform ? mb(r.kubeconform.maxRssMb) : 'n/a'}`,
      ])].map(cells => `| ${cells.join(' | ')} |`);
      table.push('', 'Times: median wall time of the whole process as a pipeline runs it (`cdk8s-ai-gateway validate FILE --strict ' +
        '--known known.yaml`; `kubeconform -strict -summary`), YAML reading, every check and the report included.');
      if (kubeconform === undefined) {
        table.push('kubeconform was not found in the integration cache: build it with `BUILD_PIECES=kubeconform bash scripts/integration/build.sh`.');
      }
      if (memory !== undefined) {
        table.push(`Memory at ${memory.objects.toLocaleString('en-US')} objects: ${mb(memory.maxRssMb)} peak RSS (goal under 1,024 MB: ` +
          `${memory.maxRssMb === undefined ? 'cannot tell' : memory.maxRssMb < 1024 ? 'met' : 'NOT MET'}), ${ms(memory.ms)}.`);
      }
      return { table, figures: { rows, memory } };
    },
  };
}
