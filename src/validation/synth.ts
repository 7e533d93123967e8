/**
 * Synth-time validation: every app with a chart built from this library's constructs checks its output
 * (schema + CEL per object, attachment and references over the whole app) when cdk8s validates the app,
 * and the synth fails listing every error.
 *
 * How cdk8s runs it: `App.synth()`, `App.synthYaml()` and `Chart.toJson()` (so also `Testing.synth()`)
 * call `node.validate()` on every construct of the app before writing anything, and collect every
 * message into one error. The check is one validation on a child construct of the app (added through
 * synth-hook.ts, which loads this module on the first validation), so it runs once per validation pass
 * and sees every chart: a route in one chart may attach to a Gateway in another. `App.synth()` validates
 * once for the app and once per chart; an unchanged app is checked once.
 */
import * as fs from 'fs';
import { dirname, resolve } from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CONSTRUCTS_FILE, constructEntries, constructsText } from './construct-index';
import { KNOWN_OBJECTS_FILE, knownObjectsText } from './known-file';
import { ManifestEntry, validateEntries } from './manifest-validator';
import { KnownObject, ValidationReport } from './report';
import { buildRouteMap } from '../route-map/model';
import { RouteMap, RouteMapFormat, renderModel } from '../route-map/route-map';

/** The context key that turns synth-time validation off when set to `false` (or 'false') on the app. */
export const SYNTH_VALIDATION_CONTEXT = 'cdk8s-ai-gateway:synthValidation';

/**
 * The context key that makes the synth write the route map beside the YAML: `true` (HTML) or a format name
 * ('html', 'svg', 'dot', 'mermaid').
 */
export const ROUTE_MAP_CONTEXT = 'cdk8s-ai-gateway:routeMap';

/** Options of `SynthValidation.writeRouteMap()`. */
export interface SynthRouteMapOptions {
  /**
   * The format of the route map.
   *
   * @default RouteMapFormat.HTML
   */
  readonly format?: RouteMapFormat;

  /**
   * The file name, relative to the app's output directory.
   *
   * @default 'route-map.' + the format's extension (html, svg, dot, mmd)
   */
  readonly fileName?: string;
}

const ROUTE_MAPS = new WeakMap<IConstruct, SynthRouteMapOptions>();

const DISABLED = new WeakSet<IConstruct>();

/** Per app: the input of its last check and the problems found, so that an unchanged app is checked once. */
const LAST_CHECK = new WeakMap<IConstruct, { key: string; problems: string[] }>();

/**
 * Per app: the problems found by the check at the start of the App.synth() or synthYaml() running now. cdk8s then
 * validates the whole app again for each chart it renders (Chart.toJson runs App._synthChart, which validates the
 * app); nothing can change the app between those passes of one synth, so they take the result of the first instead
 * of rendering every object again.
 */
const IN_SYNTH = new WeakMap<IConstruct, { problems: string[] }>();

/** Per app: the constructs file last written, so that the passes of one synth write it once. */
const CONSTRUCTS_WRITTEN = new WeakMap<IConstruct, { file: string; text: string }>();

/** Per app: the known-objects file last written, so that the passes of one synth write it once. */
const KNOWN_WRITTEN = new WeakMap<IConstruct, { file: string; text: string }>();

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
  /**
   * The file, in the app's output directory beside the YAML, that lists the objects the constructs declared
   * as existing in the cluster (Namespaces with their labels, Services, Secrets, existing Gateways), so that
   * offline validation of the written files knows them too: `cdk8s-ai-gateway validate` and `graph`, and the
   * cdk8s-cli validation plugin, read it for the manifests of that directory. Multi-document YAML, the format
   * `--known FILE` reads; its name does not end in .yaml, .yml or .json, so kubectl does not apply it.
   *
   * It is written whenever cdk8s validates an app that has charts built with this library's constructs and the
   * check finds no error (also when the check is disabled), into the app's output directory when that directory
   * exists (`App.synth()` creates it first), and is the same bytes for the same objects.
   */
  public static readonly KNOWN_OBJECTS_FILE: string = KNOWN_OBJECTS_FILE;

  /** Turns synth-time validation off for every chart of the app that `scope` belongs to. */
  public static disable(scope: IConstruct): void {
    DISABLED.add(scope.node.root);
  }

  /**
   * Makes the synth of the app that `scope` belongs to write the route map of the whole app (every chart, the
   * objects the constructs declared known, strict verdicts) into the app's output directory, beside the
   * YAML: by default `route-map.html`. It is written when cdk8s validates the app, so also when the synth
   * then fails on validation errors. The same is turned on by the context key `cdk8s-ai-gateway:routeMap`
   * (`true`, or a format: 'html', 'svg', 'dot', 'mermaid').
   */
  public static writeRouteMap(scope: IConstruct, options: SynthRouteMapOptions = {}): void {
    ROUTE_MAPS.set(scope.node.root, options);
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

/** What the synth-time check needs to know about each chart: what its constructs recorded (targets.ts). */
export interface ChartTargets {
  /** Whether the chart was built with this library's constructs: only the objects of such charts are schema-checked. */
  readonly ours: (chart: Chart) => boolean;
  /** The objects the chart's constructs declared known. */
  readonly known: (chart: Chart) => KnownObject[];
  /** The releases the chart's constructs target, per project. */
  readonly releases: (chart: Chart) => Map<string, Set<string>>;
}

/**
 * The synth-time check of the app whose root is `root`, run each time cdk8s validates the app: the problems of
 * the objects of our charts, one line each. Writes the route map when the app asks for it, and the known-objects
 * file when the check passes.
 */
export function validateApp(root: IConstruct, targets: ChartTargets): string[] {
  const enabled = SynthValidation.isEnabled(root);
  const routeMap = routeMapSetting(root);
  const phase = synthPhase();
  if (!enabled && routeMap === undefined) {
    // The passes of one App.synth() for its charts cannot change the app: the files of its first pass stand.
    if (phase !== SynthPhase.CHART_OF_APP_SYNTH) {
      writeKnownObjectsFile(root, charts(root).flatMap(chart => targets.known(chart)));
      writeConstructsFile(root);
    }
    return [];
  }
  const current = IN_SYNTH.get(root);
  if (phase === SynthPhase.CHART_OF_APP_SYNTH && current !== undefined) return current.problems;
  RENDERS.forget();
  const input = collect(root, targets);
  const key = JSON.stringify(input.entries.map(e => [e.object, e.releases])) + JSON.stringify(input.known) +
    JSON.stringify([enabled, routeMap]);
  let last = LAST_CHECK.get(root);
  if (last?.key !== key) {
    let report: ValidationReport;
    // No controller is chosen at synth (GatewayController.ANY): each route is checked against the controller its
    // Gateway's GatewayClass names. The gateways of this library create their GatewayClass (Envoy Gateway's
    // controllerName unless told otherwise), so their routes are checked against that controller; a GatewayClass
    // that only exists in the cluster leaves the controller unknown, and kinds no known controller serves warn.
    if (routeMap === undefined) {
      report = validateEntries(input.entries, input.known, true);
    } else {
      const model = buildRouteMap(input.entries, input.known, true);
      report = model.report;
      writeRouteMapFile(root, routeMap, renderModel(model, routeMap.format, 'Route map'));
    }
    last = { key, problems: enabled ? problems(input, report) : [] };
    LAST_CHECK.set(root, last);
  }
  if (last.problems.length === 0) {
    writeKnownObjectsFile(root, input.known);
    writeConstructsFile(root);
  }
  if (phase === SynthPhase.APP_SYNTH) {
    IN_SYNTH.set(root, { problems: last.problems });
    // cdk8s renders every object next, unless the check failed: give it what the check rendered.
    if (last.problems.length === 0) input.apiObjects.forEach((o, i) => RENDERS.keep(o, input.entries[i].object));
  } else {
    IN_SYNTH.delete(root);
  }
  return last.problems;
}

/**
 * The renders of the check at the start of an App.synth(), handed to cdk8s when it renders the same objects right
 * after, so that a synth renders each object once, not twice. A render is kept only when that check passed (cdk8s
 * renders next), is given once, and every kept render is forgotten when another check starts and at the end of the
 * current JavaScript task: a change made to an object later is always rendered.
 */
class KeptRenders {
  private readonly kept = new WeakMap<ApiObject, { generation: number; json: any }>();
  private readonly intercepted = new WeakSet<ApiObject>();
  private generation = 0;
  private forgetScheduled = false;

  /** Makes the object's toJson() give a kept render when there is one. */
  public intercept(object: ApiObject): void {
    if (this.intercepted.has(object)) return;
    this.intercepted.add(object);
    const render = object.toJson.bind(object);
    object.toJson = () => this.take(object) ?? render();
  }

  public keep(object: ApiObject, json: any): void {
    this.kept.set(object, { generation: this.generation, json });
    if (!this.forgetScheduled) {
      this.forgetScheduled = true;
      queueMicrotask(() => {
        this.forgetScheduled = false;
        this.forget();
      });
    }
  }

  public forget(): void {
    this.generation++;
  }

  private take(object: ApiObject): any {
    const kept = this.kept.get(object);
    if (kept === undefined) return undefined;
    this.kept.delete(object);
    return kept.generation === this.generation ? kept.json : undefined;
  }
}

const RENDERS = new KeptRenders();

enum SynthPhase {
  /** The validation at the start of App.synth() or App.synthYaml(). */
  APP_SYNTH,
  /** The validation of App._synthChart() when App.synth() or App.synthYaml() renders a chart. */
  CHART_OF_APP_SYNTH,
  /** Any other: Chart.toJson() or Testing.synth() called directly, or a cdk8s whose frames are named otherwise. */
  OTHER,
}

/** cdk8s's App methods on the stack, by the file of cdk8s's App class (lib/app.js, or src/app.ts with source maps). */
const APP_SYNTH_FRAME = /\.(synth|synthYaml) \([^)]*cdk8s[\\/](lib[\\/]app\.js|src[\\/]app\.ts):/;
const SYNTH_CHART_FRAME = /_synthChart \([^)]*cdk8s[\\/](lib[\\/]app\.js|src[\\/]app\.ts):/;

/**
 * Which validation of cdk8s calls the check, read from the stack. When it cannot be told, OTHER: the check then
 * runs in full, as it would without this shortcut.
 */
function synthPhase(): SynthPhase {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  if (!APP_SYNTH_FRAME.test(stack)) return SynthPhase.OTHER;
  return SYNTH_CHART_FRAME.test(stack) ? SynthPhase.CHART_OF_APP_SYNTH : SynthPhase.APP_SYNTH;
}

/** The charts of the app, in construct order. */
function charts(root: IConstruct): Chart[] {
  return root.node.findAll().filter((c): c is Chart => Chart.isChart(c));
}

/** The ApiObjects of a chart (not of the charts nested in it), in construct order. */
function apiObjectsOf(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

interface SynthInput {
  readonly entries: ManifestEntry[];
  /** Per entry: the object it was rendered from. */
  readonly apiObjects: ApiObject[];
  /** Per entry: the construct (its path names it in errors), or undefined for objects of charts not built with our constructs. */
  readonly constructs: (IConstruct | undefined)[];
  readonly known: KnownObject[];
}

/** Every object of every chart of the app, rendered, with its construct path and the chart's release pins. */
function collect(root: IConstruct, targets: ChartTargets): SynthInput {
  const entries: ManifestEntry[] = [];
  const apiObjects: ApiObject[] = [];
  const constructs: (IConstruct | undefined)[] = [];
  const known: KnownObject[] = [];
  for (const chart of charts(root)) {
    const ours = targets.ours(chart);
    known.push(...targets.known(chart));
    const releases = ours ? releaseAlternatives(targets.releases(chart)) : [{}];
    let index = 0;
    for (const construct of apiObjectsOf(chart)) {
      RENDERS.intercept(construct);
      let object: any;
      try {
        object = construct.toJson();
      } catch {
        continue; // the same error surfaces when cdk8s renders the object
      }
      // Objects of other charts are context for the attachment analysis; only ours are schema-checked.
      entries.push({ object, file: chart.node.path, index: index++, releases, checkSchema: ours, source: `construct ${construct.node.path}` });
      constructs.push(ours ? construct : undefined);
      apiObjects.push(construct);
    }
  }
  return { entries, apiObjects, constructs, known };
}

/** Every combination of the releases a chart targets: usually one release per project. */
function releaseAlternatives(releases: Map<string, Set<string>>): { [project: string]: string }[] {
  let alternatives: { [project: string]: string }[] = [{}];
  for (const [project, set] of releases) {
    alternatives = alternatives.flatMap(a => [...set].map(release => ({ ...a, [project]: release })));
  }
  return alternatives;
}

/** The route map setting of the app: from `SynthValidation.writeRouteMap()`, else the context key. */
function routeMapSetting(root: IConstruct): { format: RouteMapFormat; fileName: string } | undefined {
  let options = ROUTE_MAPS.get(root);
  if (options === undefined) {
    const context = root.node.tryGetContext(ROUTE_MAP_CONTEXT);
    if (context === undefined || context === false || context === 'false') return undefined;
    const formats = Object.values(RouteMapFormat) as string[];
    if (context !== true && context !== 'true' && !formats.includes(context)) {
      throw new Error(`context '${ROUTE_MAP_CONTEXT}' is '${context}'. Use true, or one of: ${formats.join(', ')}.`);
    }
    options = { format: context === true || context === 'true' ? RouteMapFormat.HTML : context as RouteMapFormat };
  }
  const format = options.format ?? RouteMapFormat.HTML;
  return { format, fileName: options.fileName ?? `route-map.${RouteMap.fileExtension(format)}` };
}

/** Writes the route map into the app's output directory (apps without one, such as bare constructs, get none). */
function writeRouteMapFile(root: IConstruct, setting: { fileName: string }, text: string): void {
  const outdir = (root as any).outdir;
  if (typeof outdir !== 'string') return;
  const file = resolve(outdir, setting.fileName);
  fs.mkdirSync(dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Writes the known-objects file into the app's output directory when that directory exists (apps without one,
 * such as bare constructs, get none; `App.synth()` creates it before validating); once per content.
 */
function writeKnownObjectsFile(root: IConstruct, known: KnownObject[]): void {
  const outdir = (root as any).outdir;
  if (typeof outdir !== 'string' || !isDirectory(outdir)) return;
  const file = resolve(outdir, KNOWN_OBJECTS_FILE);
  const text = knownObjectsText(known);
  const last = KNOWN_WRITTEN.get(root);
  if (last !== undefined && last.file === file && last.text === text && fs.existsSync(file)) return;
  fs.writeFileSync(file, text);
  KNOWN_WRITTEN.set(root, { file, text });
}

/**
 * Writes the constructs file (construct-index.ts) into the app's output directory when cdk8s records construct
 * metadata there (`CDK8S_RECORD_CONSTRUCT_METADATA=true`, which cdk8s-cli sets for apps with validation plugins):
 * the plugin's report then names the construct of each object, where cdk8s-cli's metadata, keyed by name, cannot.
 */
function writeConstructsFile(root: IConstruct): void {
  const outdir = (root as any).outdir;
  if ((root as any).recordConstructMetadata !== true || typeof outdir !== 'string' || !isDirectory(outdir)) return;
  const file = resolve(outdir, CONSTRUCTS_FILE);
  const text = constructsText(constructEntries(charts(root).flatMap(apiObjectsOf)));
  const last = CONSTRUCTS_WRITTEN.get(root);
  if (last !== undefined && last.file === file && last.text === text && fs.existsSync(file)) return;
  fs.writeFileSync(file, text);
  CONSTRUCTS_WRITTEN.set(root, { file, text });
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The errors of the objects of our charts, one line each, naming the object, its construct and the field. */
function problems(input: SynthInput, report: ValidationReport): string[] {
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
