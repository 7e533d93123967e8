/**
 * `cdk8s-ai-gateway validate FILE... [--json] [--known FILE] [--no-known-file] [--strict]
 * [--gateway-api-version VERSION] [--release PROJECT=VERSION] [--controller NAME] [--pod-security baseline|restricted]`:
 * validates manifests of any origin offline; exit status 0 when no object has an error, 1 when one has, 2 on bad usage or input, 3 on an
 * internal error (see USAGE).
 *
 * `cdk8s-ai-gateway graph FILE... [--format svg|html|dot|mermaid] [--known FILE] [--no-known-file] [--strict]
 * [--out PATH]`: draws the route map of the manifests with every attachment verdict on it.
 *
 * Both read, besides the --known files, the known-objects file the synth writes beside the YAML
 * (`cdk8s-ai-gateway.known`, see known-file.ts) in every directory given and beside every file given.
 *
 * `cdk8s-ai-gateway lock FILE [MANIFEST...|-] [--force]`: writes the placement lock file from manifests (see
 * src/ai/lock-command.ts).
 */
import * as fs from 'fs';
import { GatewayController, KNOWN_CONTROLLERS, controllerLabel, parseController } from './controllers';
import { defaultKnownObjectsFiles, KNOWN_OBJECTS_FILE, knownObjectsOf, readKnownObjectsFile } from './known-file';
import { withPositions } from './kube-yaml-positions';
import { listManifestFiles, ManifestFiles, ManifestList, ManifestReadError, readManifestFiles, readManifestList, SkippedPath } from './manifest-files';
import { ManifestEntry, validateManifests } from './manifest-validator';
import { PARALLEL_MIN_BYTES, PARALLEL_MIN_OBJECTS, SchemaCheckPool } from './parallel';
import { PodSecurityLevel } from './pod-security';
import { KnownObject, ObjectName, ValidationFinding, ValidationReport } from './report';
// Used as a type only, so TypeScript drops this import: the lock command (and cdk8s, which it reads YAML with) loads when run.
import { runLockCommand } from '../ai/lock-command';
import { renderRouteMap, RouteMapFormat } from '../route-map/route-map';

/** The pinned releases of each project, as in `imports/sources.json`. */
const PINNED: { [project: string]: string[] } = {
  'kubernetes': ['v1.36.3'],
  'gateway-api': ['v1.2.0', 'v1.6.1'],
  'envoy-gateway': ['v1.8.1'],
  'ai-gateway': ['v0.5.0', 'v1.1.0'],
  'cert-manager': ['v1.21.1'],
  'inference-extension': ['v1.6.0'],
};

const GRAPH_USAGE = `Usage: cdk8s-ai-gateway graph FILE... [--format svg|html|dot|mermaid] [--known FILE] [--strict] [--controller NAME] [--out PATH]

Draws the route map of the manifests: GatewayClasses, Gateways and their listeners, routes, backends,
certificates, ReferenceGrants and policies, namespaces as clusters, with the verdict of the attachment
analysis on every edge (Accepted, NotAllowedByListeners, RefNotPermitted, BackendNotFound ...). Objects
outside the files are drawn dashed. FILE is read as for 'validate'.

Options:
  --format FORMAT   svg (Graphviz, default), html (one self-contained page: picture, legend, problems,
                    models per route), dot (Graphviz source) or mermaid (a flowchart for Markdown);
                    default: from the --out extension (.svg, .html, .dot, .mmd/.md), else svg
  --known FILE      objects that exist in the cluster (repeatable), e.g. kubectl get -o yaml
  --no-known-file   do not read the ${KNOWN_OBJECTS_FILE} files the synth writes (see 'validate --help')
  --strict          references to objects neither in the files nor known fail (red) instead of unverified
  --controller NAME the controller whose verdicts the edges show, as for 'validate' (default: any)
  --out PATH        write the map to PATH (default: standard output)
  --help            print this help

Exit status: 0 when the map is written (whatever it shows), 2 on bad usage or input (as for 'validate'),
3 on an internal error.`;

const USAGE = `Usage: cdk8s-ai-gateway validate FILE... [options]
       cdk8s-ai-gateway graph FILE... [options]   (the route map; cdk8s-ai-gateway graph --help)
       cdk8s-ai-gateway lock FILE [MANIFEST...|-]  (the placement lock file; cdk8s-ai-gateway lock --help)

Validates Kubernetes manifests offline: each object against the schema and CEL rules of its CRD, or, for
built-in kinds, the OpenAPI schema of Kubernetes ${PINNED.kubernetes[0]}; and the whole set for route attachment
(parentRefs) and reference resolution (backendRefs, certificateRefs, ReferenceGrants) under the Gateway API
rules. An object of a kind no pinned release defines is not checked: a warning, counted apart in the summary.
FILE is a YAML or JSON file (multi-document), a directory
(its *.yaml, *.yml and *.json files) or '-' for standard input.

Options:
  --json                         print the report as JSON
  --known FILE                   objects that exist in the cluster (repeatable), e.g. kubectl get -o yaml
  --no-known-file                do not read the known-objects files the synth writes (see below)
  --strict                       a reference to an object neither in the files nor known is an error
                                 (default: a warning, 'unverified'), and so is an object not checked
  --gateway-api-version VERSION  check Gateway API objects against ${PINNED['gateway-api'].join(' or ')}
                                 (default: the newest release that serves the object's apiVersion)
  --release PROJECT=VERSION      pin another project: ${Object.keys(PINNED).join(', ')}
  --controller NAME              the Gateway API controller whose capabilities decide which route kinds attach
                                 and which backendRef kinds resolve (InvalidKind): ${[...KNOWN_CONTROLLERS, GatewayController.ANY].join(', ')}
                                 (default: any: each route follows the controller its Gateway's GatewayClass
                                 names when the set or a known file holds that GatewayClass, and a kind no
                                 controller serves is a warning)
  --pod-security LEVEL           check Pods and the pod templates of workloads against the Pod Security
                                 Standards, LEVEL baseline or restricted (k8s.io/pod-security-admission
                                 v0.36.3, latest version): each violation is an error (default: not checked)
  --help                         print this help

The synth of a cdk8s app built with cdk8s-ai-gateway writes, beside its YAML, the objects its constructs
declared as existing in the cluster: ${KNOWN_OBJECTS_FILE}. It is read, as if given with --known, from
every directory given and from the directory of every file given; an object that a --known file also
describes (same group, kind, namespace and name) is taken from the --known file.

Exit status:
  0  no object has an error (warnings allowed)
  1  an object has an error
  2  bad usage, or input that cannot be validated: a FILE or --known FILE that cannot be read or is not YAML
     or JSON; input that holds no Kubernetes object at all (empty, only comments; a FILE without objects
     beside others is only named on stderr); a --known FILE without objects or with an object lacking
     apiVersion, kind or metadata.name; a malformed ${KNOWN_OBJECTS_FILE} file
  3  an internal error of the validator (one line on stderr; please report it)
A closed standard output (validate ... | head) ends the run quietly with its status.

With --json, standard output holds exactly one JSON document, also for usage, input and internal errors:
  {"ok": false, "status": 2, "error": {"kind": "usage" | "input" | "internal", "message": "..."}}
and for every run that validates, the report: {"ok", "errors", "warnings", "objects", "parents", "backends", "policies"}.`;

/** Where the CLI writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageError extends Error {}

/** The exit statuses (see USAGE). */
const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_INPUT = 2;
const EXIT_INTERNAL = 3;

/** What stopped a run before a report: its `error.kind` in the JSON. */
type RunErrorKind = 'usage' | 'input' | 'internal';

interface GraphOptions {
  readonly command: 'graph';
  readonly files: string[];
  readonly known: string[];
  readonly knownFile: boolean;
  readonly strict: boolean;
  readonly format: RouteMapFormat;
  readonly out?: string;
  readonly controller: GatewayController;
}

const FORMATS: { [name: string]: RouteMapFormat } = {
  svg: RouteMapFormat.SVG,
  html: RouteMapFormat.HTML,
  htm: RouteMapFormat.HTML,
  dot: RouteMapFormat.DOT,
  gv: RouteMapFormat.DOT,
  mermaid: RouteMapFormat.MERMAID,
  mmd: RouteMapFormat.MERMAID,
  md: RouteMapFormat.MERMAID,
};

function parseGraphArgs(rest: string[]): GraphOptions | 'help' {
  const files: string[] = [];
  const known: string[] = [];
  let knownFile = true;
  let strict = false;
  let format: RouteMapFormat | undefined;
  let out: string | undefined;
  let controller = GatewayController.ANY;
  const value = (i: number, flag: string) => {
    const v = rest[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--strict') {
      strict = true;
    } else if (arg === '--known') {
      known.push(value(i++, arg));
    } else if (arg === '--no-known-file') {
      knownFile = false;
    } else if (arg === '--out' || arg === '-o') {
      out = value(i++, arg);
    } else if (arg === '--controller') {
      controller = controllerArg(value(i++, arg));
    } else if (arg === '--format') {
      const name = value(i++, arg);
      if (!['svg', 'html', 'dot', 'mermaid'].includes(name)) throw new UsageError(`unknown format '${name}'. Use svg, html, dot or mermaid.`);
      format = FORMATS[name];
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option '${arg}'.`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('no FILE given.');
  const extension = out === undefined ? undefined : /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
  return { command: 'graph', files, known, knownFile, strict, format: format ?? FORMATS[extension ?? ''] ?? RouteMapFormat.SVG, out, controller };
}

/** The value of --controller. */
function controllerArg(name: string): GatewayController {
  const parsed = parseController(name);
  if (parsed === undefined) {
    throw new UsageError(`unknown controller '${name}'. Use one of: ${[...KNOWN_CONTROLLERS, GatewayController.ANY].join(', ')}.`);
  }
  return parsed;
}

interface CliOptions {
  readonly command: 'validate';
  readonly files: string[];
  readonly known: string[];
  readonly knownFile: boolean;
  readonly json: boolean;
  readonly strict: boolean;
  readonly releases: { [project: string]: string };
  readonly controller: GatewayController;
  readonly podSecurity?: PodSecurityLevel;
}

const POD_SECURITY_LEVELS = new Map<string, PodSecurityLevel>([
  ['baseline', PodSecurityLevel.BASELINE],
  ['restricted', PodSecurityLevel.RESTRICTED],
]);

function parseArgs(args: string[]): CliOptions | GraphOptions | 'help' | 'graph-help' {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return 'help';
  if (command === 'graph') {
    const graph = parseGraphArgs(rest);
    return graph === 'help' ? 'graph-help' : graph;
  }
  if (command !== 'validate') throw new UsageError(`unknown command '${command}'. The commands are 'validate', 'graph' and 'lock'.`);
  const files: string[] = [];
  const known: string[] = [];
  const releases: { [project: string]: string } = {};
  let json = false;
  let strict = false;
  let knownFile = true;
  let controller = GatewayController.ANY;
  let podSecurity: PodSecurityLevel | undefined;
  const value = (i: number, flag: string) => {
    const v = rest[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  const pin = (project: string, version: string) => {
    const pinned = PINNED[project];
    if (pinned === undefined) throw new UsageError(`unknown project '${project}'. Use one of: ${Object.keys(PINNED).join(', ')}.`);
    if (!pinned.includes(version)) throw new UsageError(`${project} ${version} is not pinned. Use one of: ${pinned.join(', ')}.`);
    releases[project] = version;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {json = true;} else if (arg === '--strict') {strict = true;} else if (arg === '--help' || arg === '-h') {return 'help';} else if (arg === '--known') {known.push(value(i++, arg));} else if (arg === '--no-known-file') {knownFile = false;} else if (arg === '--gateway-api-version') {pin('gateway-api', value(i++, arg));} else if (arg === '--release') {
      const spec = value(i++, arg);
      const eq = spec.indexOf('=');
      if (eq < 0) throw new UsageError(`--release takes PROJECT=VERSION, not '${spec}'.`);
      pin(spec.slice(0, eq), spec.slice(eq + 1));
    } else if (arg === '--controller') {
      controller = controllerArg(value(i++, arg));
    } else if (arg === '--pod-security') {
      const level = value(i++, arg);
      podSecurity = POD_SECURITY_LEVELS.get(level);
      if (podSecurity === undefined) throw new UsageError(`--pod-security takes baseline or restricted, not '${level}'.`);
    } else if (arg.startsWith('--')) {throw new UsageError(`unknown option '${arg}'.`);} else {files.push(arg);}
  }
  if (files.length === 0) throw new UsageError('no FILE given.');
  return { command: 'validate', files, known, knownFile, json, strict, releases, controller, podSecurity };
}

/**
 * Runs the CLI. It does not throw: an unexpected error is reported in one line as an internal error (status 3).
 *
 * @param args the arguments after the program name, for example ['validate', 'app.yaml', '--json']
 * @returns the exit status: 0 no object has an error, 1 an object has one, 2 bad usage or input, 3 internal error
 */
export function runCli(args: string[], output: CliOutput): number {
  // --json promises one JSON document on stdout, whatever happens, from the moment it is on the command line.
  const json = args[0] === 'validate' && args.includes('--json');
  const fail = (kind: RunErrorKind, message: string, usage?: string): number => {
    const status = kind === 'internal' ? EXIT_INTERNAL : EXIT_INPUT;
    if (json) output.stdout(`${JSON.stringify({ ok: false, status, error: { kind, message } }, undefined, 2)}\n`);
    const line = kind === 'internal' ? `internal error: ${message} (please report)` : message;
    output.stderr(`cdk8s-ai-gateway: ${line}\n${usage === undefined || json ? '' : `\n${usage}\n`}`);
    return status;
  };
  try {
    return run(args, output, fail);
  } catch (e) {
    return fail('internal', errorLine(e));
  }
}

/** An error in one line, without its stack: `TypeError: x is not a function`. */
function errorLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n')[0];
}

function run(args: string[], output: CliOutput, fail: (kind: RunErrorKind, message: string, usage?: string) => number): number {
  if (args[0] === 'lock') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../ai/lock-command') as { runLockCommand: typeof runLockCommand }).runLockCommand(args.slice(1), output);
  }
  let options: CliOptions | GraphOptions | 'help' | 'graph-help';
  try {
    options = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail('usage', e.message, args[0] === 'graph' ? GRAPH_USAGE : USAGE);
  }
  if (options === 'help' || options === 'graph-help') {
    output.stdout(`${options === 'help' ? USAGE : GRAPH_USAGE}\n`);
    return EXIT_OK;
  }
  if (options.command === 'graph') return runGraph(options, output, fail);
  let input: ManifestFiles;
  let known: KnownObject[];
  let list: ManifestList;
  try {
    list = listManifestFiles(options.files);
  } catch (e) {
    if (!(e instanceof ManifestReadError)) throw e;
    return fail('input', e.message);
  }
  // Large inputs are checked on every core; the workers start now and load the validator while the input is read.
  let pool = list.bytes >= PARALLEL_MIN_BYTES ? SchemaCheckPool.start() : undefined;
  let report: ValidationReport;
  let skipped: SkippedPath[];
  try {
    try {
      input = readInput(list, output);
      skipped = input.skipped;
      printSkipped(skipped, output);
      known = knownObjects(options, input, output);
    } catch (e) {
      if (!(e instanceof ManifestReadError)) throw e;
      return fail('input', e.message);
    }
    if (pool === undefined && input.objects.length >= PARALLEL_MIN_OBJECTS) pool = SchemaCheckPool.start();
    report = withPositions(validateManifests(input.objects, {
      fileNames: input.fileNames,
      knownObjects: known,
      strict: options.strict,
      uncheckedIsError: options.strict,
      releases: options.releases,
      controller: options.controller,
      podSecurity: options.podSecurity,
    }, pool), input.sources);
  } finally {
    pool?.close();
  }
  if (options.controller !== GatewayController.ANY) {
    output.stderr(`cdk8s-ai-gateway: route kinds and backendRef kinds checked against ${controllerLabel(options.controller)} (--controller)\n`);
  }
  output.stdout(options.json ? `${JSON.stringify({ ...toJson(report), skipped }, undefined, 2)}\n` : textReport(report));
  return report.ok ? EXIT_OK : EXIT_FINDINGS;
}

/**
 * Reads the manifests of the FILE arguments. Input that holds no object at all is an input error (an empty
 * `kubectl get` or `helm template` answer validates nothing, and passing it would hide that); a FILE without
 * objects beside others that have some (the empty file of a chart without objects) is named on stderr. Anything
 * that stops the reading is an input error naming the path.
 */
function readInput(list: ManifestList, output?: CliOutput): ManifestFiles {
  const read = guarded(list.paths.length === 1 ? list.paths[0] : list.paths.join(', '), () => readManifestList(list, { allowEmpty: true }));
  const empty = list.paths.filter((_, i) => read.objectsPerPath[i] === 0).map(p => (p === '-' ? 'standard input' : p));
  if (read.objects.length === 0) {
    const stdinOnly = list.paths.every(p => p === '-');
    throw new ManifestReadError(`${empty.join(', ')}: ${empty.length === 1 ? 'holds' : 'hold'} no Kubernetes object to validate ` +
      `(empty or only comments${stdinOnly ? '' : ', or a directory without *.yaml, *.yml or *.json files that hold one'}` +
      `${read.skipped.length === 0 ? '' : `; skipped: ${read.skipped.map(s => `${s.path} (${s.reason})`).join(', ')}`}). ` +
      'Give the manifests to validate.');
  }
  for (const name of empty) output?.stderr(`cdk8s-ai-gateway: ${name} holds no Kubernetes object; validating the others\n`);
  return read;
}

/** Reads one path; an unexpected failure of the reading is an input error naming the path. */
function readPath(p: string): ManifestFiles {
  return guarded(p, () => readManifestFiles([p], { allowEmpty: true }));
}

/** Runs a read; an unexpected failure of it (not a ManifestReadError) is an input error naming what was read. */
function guarded<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ManifestReadError) throw e;
    throw new ManifestReadError(`${what === '-' ? 'standard input' : what}: cannot read the manifests (${errorLine(e)}).`);
  }
}

function runGraph(options: GraphOptions, output: CliOutput, fail: (kind: RunErrorKind, message: string) => number): number {
  let text: string;
  try {
    const input = readInput(listManifestFiles(options.files), output);
    printSkipped(input.skipped, output);
    const known = knownObjects(options, input, output);
    const counters = new Map<string, number>();
    const entries: ManifestEntry[] = input.objects.map((object, i) => {
      const file = input.fileNames[i];
      const index = counters.get(file) ?? 0;
      counters.set(file, index + 1);
      return { object, file, index, releases: [{}] };
    });
    text = renderRouteMap(entries, known, options.strict, options.format, 'Route map', options.controller);
  } catch (e) {
    if (!(e instanceof ManifestReadError)) throw e;
    return fail('input', e.message);
  }
  if (options.out === undefined) {
    output.stdout(text);
  } else {
    try {
      fs.writeFileSync(options.out, text);
    } catch (e) {
      return fail('input', `${options.out}: cannot write the file (${errorLine(e)}).`);
    }
    output.stderr(`cdk8s-ai-gateway: wrote the route map (${options.format}) to ${options.out}\n`);
  }
  return EXIT_OK;
}

/** Paths of a scanned directory that were not read: each on stderr. */
function printSkipped(skipped: readonly SkippedPath[], output: CliOutput): void {
  for (const s of skipped) output.stderr(`cdk8s-ai-gateway: skipped ${s.path}: ${s.reason}\n`);
}

/**
 * The known objects of a run: those of the --known files first, so that where they describe an object the
 * synth's known-objects file also lists, theirs is used; then those of the known-objects files beside the
 * manifests (unless --no-known-file), each file named on stderr.
 */
function knownObjects(options: CliOptions | GraphOptions, input: ManifestFiles, output: CliOutput): KnownObject[] {
  // Each --known FILE must hold objects: an empty or foreign file is an input error naming it, not ignored.
  const known = options.known.flatMap(file => knownObjectsOf(file, readPath(file).objects));
  if (!options.knownFile) return known;
  for (const file of defaultKnownObjectsFiles(options.files, input.fileNames, options.known)) {
    const objects = readKnownObjectsFile(file);
    output.stderr(`cdk8s-ai-gateway: known objects from ${file} (${objects.length}; --no-known-file skips it)\n`);
    known.push(...objects);
  }
  return known;
}

/** The JSON the CLI prints: the report's fields, every key present (null when absent), `rule` only for CEL failures. */
export function toJson(report: ValidationReport): any {
  const name = (n: ObjectName) => ({ kind: n.kind, namespace: n.namespace ?? null, name: n.name });
  const at = (p: { line?: number; column?: number }) => ({ line: p.line ?? null, column: p.column ?? null });
  const finding = (f: ValidationFinding) =>
    (f.rule === undefined ? { path: f.path, message: f.message, ...at(f) } : { path: f.path, message: f.message, rule: f.rule, ...at(f) });
  return {
    ok: report.ok,
    errors: report.errors,
    warnings: report.warnings,
    objects: report.objects.map(o => ({
      file: o.file ?? null,
      index: o.index,
      ...at(o),
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.namespace ?? null,
      name: o.name,
      checkedAgainst: o.checkedAgainst ?? null,
      notChecked: o.notChecked ?? null,
      errors: o.errors.map(finding),
      warnings: o.warnings.map(finding),
    })),
    parents: report.parents.map(p => ({ route: name(p.route), parentRef: p.parentRef, attached: p.attached, reason: p.reason, message: p.message })),
    backends: report.backends.map(b => ({
      route: name(b.route), backendRef: b.backendRef, resolved: b.resolved, reason: b.reason, message: b.message,
    })),
    policies: report.policies.map(p => ({
      policy: name(p.policy), targetRef: p.targetRef, ancestor: p.ancestor ?? null, accepted: p.accepted, reason: p.reason, message: p.message,
    })),
  };
}

function objectName(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace === undefined ? '' : `${o.namespace}/`}${o.name}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The readable report: objects with problems, then every route parent and reference, then the totals. */
export function textReport(report: ValidationReport): string {
  const lines: string[] = [];
  const withFindings = report.objects.filter(o => o.errors.length + o.warnings.length > 0);
  let file: string | undefined | null = null;
  for (const object of withFindings) {
    if (object.file !== file) {
      file = object.file;
      lines.push(file ?? '(input)');
    }
    lines.push(`  ${objectName(object)} (document ${object.index}${object.line === undefined ? '' : `, line ${object.line}`})`);
    const item = (label: string, f: ValidationFinding) =>
      `    ${label} ${f.line === undefined ? '' : `${file}:${f.line}:${f.column}: `}${f.path === '' ? '' : `${f.path}: `}${f.message}${f.rule === undefined ? '' : `\n            rule: ${f.rule}`}`;
    lines.push(...object.errors.map(f => item('error  ', f)), ...object.warnings.map(f => item('warning', f)));
  }
  if (report.parents.length > 0) {
    lines.push('', 'Route attachment:');
    for (const p of report.parents) {
      const target = `${p.parentRef?.kind ?? 'Gateway'} ${p.parentRef?.namespace ?? p.route.namespace ?? ''}/${p.parentRef?.name}` +
        (p.parentRef?.sectionName === undefined ? '' : ` (${p.parentRef.sectionName})`);
      lines.push(`  ${p.attached ? 'attached    ' : 'not attached'} ${objectName(p.route)} -> ${target}: ${p.reason}`);
    }
  }
  if (report.backends.length > 0) {
    lines.push('', 'References:');
    for (const b of report.backends) {
      const ref = b.backendRef ?? {};
      const port = ref.port === undefined ? '' : `:${typeof ref.port === 'object' ? ref.port.number : ref.port}`;
      const target = `${ref.kind === undefined ? '' : `${ref.kind} `}${ref.namespace ?? b.route.namespace ?? ''}/${ref.name}${port}`;
      lines.push(`  ${b.resolved ? 'resolved    ' : 'unresolved  '} ${objectName(b.route)} -> ${target}: ${b.reason}`);
    }
  }
  if (report.policies.length > 0) {
    lines.push('', 'Policies:');
    for (const p of report.policies) {
      const ref = p.targetRef ?? {};
      const target = `${ref.kind} ${p.policy.namespace}/${ref.name}${ref.sectionName === undefined ? '' : ` (${ref.sectionName})`}`;
      const on = p.ancestor === undefined ? ' (no status)' : ` on Gateway ${p.ancestor.namespace}/${p.ancestor.name}${p.ancestor.sectionName === undefined ? '' : ` (${p.ancestor.sectionName})`}`;
      lines.push(`  ${p.accepted ? 'accepted    ' : 'not accepted'} ${objectName(p.policy)} -> ${target}${on}: ${p.reason}`);
    }
  }
  // An object whose fields were not checked is counted apart, never as without findings.
  const notChecked = report.objects.filter(o => o.notChecked !== undefined);
  const clean = report.objects.length - withFindings.length;
  const reasons = [...new Set(notChecked.map(o => o.notChecked))];
  const notCheckedText = notChecked.length === 0 ? ''
    : `, ${notChecked.length} not checked: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ''}`;
  lines.push('', `${plural(report.objects.length, 'object')} (${clean} without findings${notCheckedText}), ${plural(report.errors, 'error')}, ` +
    `${plural(report.warnings, 'warning')}: ${report.ok ? 'OK' : 'FAILED'}`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

/**
 * Entry point of the `cdk8s-ai-gateway` program. Never ends with a stack trace: an unexpected error is one line
 * and status 3. A reader that closes standard output early (`validate ... | head -1`: EPIPE) ends the output, not
 * the run, which exits with its status.
 */
export function main(): void {
  let stdoutClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    reportInternal(e);
  });
  // Standard error is the last place to report to: a failure there ends nothing.
  process.stderr.on('error', () => undefined);
  process.on('uncaughtException', reportInternal);
  const output: CliOutput = {
    stdout: text => {
      if (stdoutClosed) return;
      try {
        process.stdout.write(text);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
        stdoutClosed = true;
      }
    },
    stderr: text => {
      process.stderr.write(text);
    },
  };
  let status: number;
  try {
    status = runCli(process.argv.slice(2), output);
  } catch (e) {
    reportInternal(e);
    return;
  }
  process.exitCode = status;
}

function reportInternal(e: unknown): void {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE') return;
  try {
    process.stderr.write(`cdk8s-ai-gateway: internal error: ${errorLine(e)} (please report)\n`);
  } finally {
    process.exitCode = EXIT_INTERNAL;
  }
}

if (require.main === module) main();
