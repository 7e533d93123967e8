/**
 * What every section of the benchmark shares: the section contract, fresh-process measurement and medians.
 *
 * A new section (for example the route-map render of bench/graph.ts) is a function returning a `Section`; its
 * measurements run a script of its own in fresh processes with `measure(script, args)`, the script printing its
 * figures as one JSON line last. Add the function's call to SECTIONS in bench/run.ts.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

/** bench/results/, where the figures (and the compiled benchmark, in build/) go. */
export const RESULTS = join(__dirname, '..', '..');

/** Figures of one measurement, by name: `ms`, `cpuMs`, `maxRssMb`, ... */
export type Figures = { [key: string]: number };

/** A measured section of the benchmark. */
export interface Section {
  /** Its name: the heading of its table and its key in the JSON figures. */
  readonly name: string;
  /** Measures, and returns the lines of its table and its figures. */
  run(): SectionResult;
}

/** What a section measured. */
export interface SectionResult {
  /** Lines of its table (Markdown), printed under its name. */
  readonly table: string[];
  /** Its figures, written as JSON. */
  readonly figures: unknown;
}

/**
 * Runs a compiled script of bench/ (for example 'child.js') in a fresh Node.js process and returns the figures
 * of the last line it prints.
 */
export function measure(script: string, args: string[]): Figures {
  const out = execFileSync(process.execPath, [join(__dirname, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per figure, the median over the runs. */
export function medians(runs: Figures[]): Figures {
  const result: Figures = {};
  for (const key of Object.keys(runs[0])) result[key] = median(runs.map(r => r[key]));
  return result;
}
