/**
 * Synth-time validation: every app with a chart built from this library's constructs checks its output
 * (schema + CEL per object, attachment and references over the whole app) when cdk8s validates the app,
 * and the synth fails listing every error.
 *
 * How cdk8s runs it: `App.synth()`, `App.synthYaml()` and `Chart.toJson()` (so also `Testing.synth()`)
 * call `node.validate()` on every construct of the app before writing anything, and collect every
 * message into one error. The check is one validation on a child construct of the app, so it runs once
 * per validation pass and sees every chart: a route in one chart may attach to a Gateway in another.
 * `App.synth()` validates once for the app and once per chart; an unchanged app is checked once.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ManifestEntry, validateEntries } from './manifest-validator';
import { KnownObject } from './targets';

/** The context key that turns synth-time validation off when set to `false` (or 'false') on the app. */
export const SYNTH_VALIDATION_CONTEXT = 'cdk8s-ai-gateway:synthValidation';

/** Id of the construct that carries the validation, a child of the app. */
const VALIDATION_ID = 'cdk8s-ai-gateway-validation';

const DISABLED = new WeakSet<IConstruct>();
const WATCHED = new WeakSet<Chart>();

/**
 * Controls the validation every app runs at synth when it contains charts built with this library's
 * constructs: schema and CEL rules of each object, route attachment and reference resolution over the
 * whole app, in strict mode, with the objects the constructs declared known. It is on by default.
 *
 * Turn it off with `SynthValidation.disable(app)`, or with the context key
 * `cdk8s-ai-gateway:synthValidation` set to `false` on the app (`app.node.setContext(...)` before any
 * chart is added).
 */
export class SynthValidation {
  /** Turns synth-time validation off for every chart of the app that `scope` belongs to. */
  public static disable(scope: IConstruct): void {
    DISABLED.add(scope.node.root);
  }

  /** Whether synth-time validation runs for the app that `scope` belongs to. */
  public static isEnabled(scope: IConstruct): boolean {
    const root = scope.node.root;
    if (DISABLED.has(root)) return false;
    const context = root.node.tryGetContext(SYNTH_VALIDATION_CONTEXT);
    return !(context === false || context === 'false');
  }

  private constructor() {}
}

/** What the synth-time check needs to know about each chart. */
export interface ChartTargets {
  /** The objects the chart's constructs declared known. */
  readonly known: (chart: Chart) => KnownObject[];
  /** The releases the chart's constructs target, per project. */
  readonly releases: (chart: Chart) => Map<string, Set<string>>;
}

/**
 * Marks a chart as built with this library's constructs and makes sure its app validates at synth.
 * Called by `useRelease()` and `declareKnown()`.
 */
export function watchChart(chart: Chart, targets: ChartTargets): void {
  WATCHED.add(chart);
  const root = chart.node.root;
  if (root.node.tryFindChild(VALIDATION_ID) !== undefined) return;
  const holder = new Construct(root as Construct, VALIDATION_ID);
  let last: { key: string; problems: string[] } | undefined;
  holder.node.addValidation({
    validate: () => {
      if (!SynthValidation.isEnabled(root)) return [];
      const input = collect(root, targets);
      const key = JSON.stringify(input.entries.map(e => [e.object, e.releases])) + JSON.stringify(input.known);
      if (last?.key !== key) last = { key, problems: problems(input) };
      return last.problems;
    },
  });
}

interface SynthInput {
  readonly entries: ManifestEntry[];
  /** Per entry: the construct (its path names it in errors), or undefined for objects of charts not built with our constructs. */
  readonly constructs: (IConstruct | undefined)[];
  readonly known: KnownObject[];
}

/** Every object of every chart of the app, rendered, with its construct path and the chart's release pins. */
function collect(root: IConstruct, targets: ChartTargets): SynthInput {
  const entries: ManifestEntry[] = [];
  const constructs: (IConstruct | undefined)[] = [];
  const known: KnownObject[] = [];
  const charts = root.node.findAll().filter((c): c is Chart => Chart.isChart(c));
  for (const chart of charts) {
    const ours = WATCHED.has(chart);
    known.push(...targets.known(chart));
    const releases = ours ? releaseAlternatives(targets.releases(chart)) : [{}];
    let index = 0;
    for (const construct of chart.node.findAll()) {
      if (!ApiObject.isApiObject(construct) || Chart.of(construct) !== chart) continue;
      let object: any;
      try {
        object = construct.toJson();
      } catch {
        continue; // the same error surfaces when cdk8s renders the object
      }
      // Objects of other charts are context for the attachment analysis; only ours are schema-checked.
      entries.push({ object, file: chart.node.path, index: index++, releases, checkSchema: ours });
      constructs.push(ours ? construct : undefined);
    }
  }
  return { entries, constructs, known };
}

/** Every combination of the releases a chart targets: usually one release per project. */
function releaseAlternatives(releases: Map<string, Set<string>>): { [project: string]: string }[] {
  let alternatives: { [project: string]: string }[] = [{}];
  for (const [project, set] of releases) {
    alternatives = alternatives.flatMap(a => [...set].map(release => ({ ...a, [project]: release })));
  }
  return alternatives;
}

/** The errors of the objects of our charts, one line each, naming the object, its construct and the field. */
function problems(input: SynthInput): string[] {
  const report = validateEntries(input.entries, input.known, true);
  const lines: string[] = [];
  report.objects.forEach((object, i) => {
    const construct = input.constructs[i];
    if (construct === undefined || object.errors.length === 0) return;
    const path = construct.node.path;
    const name = object.namespace === undefined ? object.name : `${object.namespace}/${object.name}`;
    for (const error of object.errors) {
      lines.push(`${object.kind} '${name}' (construct ${path}) ${error.path === '' ? '' : `${error.path}: `}${error.message}` +
        (error.rule === undefined ? '' : ` [rule: ${error.rule}]`));
    }
  });
  return lines;
}
