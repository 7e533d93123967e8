/**
 * `cdk8s-ai-gateway validate FILE... [--json] [--known FILE] [--no-known-file] [--strict]
 * [--gateway-api-version VERSION] [--release PROJECT=VERSION]`: validates manifests of any origin offline and
 * exits non-zero on any error.
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
import { defaultKnownObjectsFiles, KNOWN_OBJECTS_FILE, readKnownObjectsFile } from './known-file';
import { withPositions } from './kube-yaml-positions';
import { ManifestFiles, ManifestReadError, readManifestFiles, SkippedPath } from './manifest-files';
import { ManifestEntry, ManifestValidator } from './manifest-validator';
import { KnownObject, ObjectName, ValidationFinding, ValidationReport } from './report';
import { runLockCommand } from '../ai/lock-command';
import { renderRouteMap, RouteMapFormat } from '../route-map/route-map';

/** The pinned releases of each project, as in `imports/sources.json`. */
const PINNED: { [project: string]: string[] } = {
  'gateway-api': ['v1.2.0', 'v1.6.1'],
  'envoy-gateway': ['v1.8.1'],
  'ai-gateway': ['v0.5.0', 'v1.1.0'],
  'cert-manager': ['v1.21.1'],
  'inference-extension': ['v1.6.0'],
};

const GRAPH_USAGE = `Usage: cdk8s-ai-gateway graph FILE... [--format svg|html|dot|mermaid] [--known FILE] [--strict] [--out PATH]

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
  --out PATH        write the map to PATH (default: standard output)
  --help            print this help

Exit status: 0 when the map is written (whatever it shows), 2 on bad usage or unreadable files.`;

const USAGE = `Usage: cdk8s-ai-gateway validate FILE... [options]
       cdk8s-ai-gateway graph FILE... [options]   (the route map; cdk8s-ai-gateway graph --help)
       cdk8s-ai-gateway lock FILE [MANIFEST...|-]  (the placement lock file; cdk8s-ai-gateway lock --help)

Validates Kubernetes manifests offline: each object against the schema and CEL rules of its CRD, and the
whole set for route attachment (parentRefs) and reference resolution (backendRefs, certificateRefs,
ReferenceGrants) under the Gateway API rules. FILE is a YAML or JSON file (multi-document), a directory
(its *.yaml, *.yml and *.json files) or '-' for standard input.

Options:
  --json                         print the report as JSON
  --known FILE                   objects that exist in the cluster (repeatable), e.g. kubectl get -o yaml
  --no-known-file                do not read the known-objects files the synth writes (see below)
  --strict                       a reference to an object neither in the files nor known is an error
                                 (default: a warning, 'unverified')
  --gateway-api-version VERSION  check Gateway API objects against ${PINNED['gateway-api'].join(' or ')}
                                 (default: the newest release that serves the object's apiVersion)
  --release PROJECT=VERSION      pin another project: ${Object.keys(PINNED).join(', ')}
  --help                         print this help

The synth of a cdk8s app built with cdk8s-ai-gateway writes, beside its YAML, the objects its constructs
declared as existing in the cluster: ${KNOWN_OBJECTS_FILE}. It is read, as if given with --known, from
every directory given and from the directory of every file given; an object that a --known file also
describes (same group, kind, namespace and name) is taken from the --known file.

Exit status: 0 when no object has an error, 1 when one has, 2 on bad usage or unreadable files.`;

/** Where the CLI writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageError extends Error {}

interface GraphOptions {
  readonly command: 'graph';
  readonly files: string[];
  readonly known: string[];
  readonly knownFile: boolean;
  readonly strict: boolean;
  readonly format: RouteMapFormat;
  readonly out?: string;
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
  return { command: 'graph', files, known, knownFile, strict, format: format ?? FORMATS[extension ?? ''] ?? RouteMapFormat.SVG, out };
}

interface CliOptions {
  readonly command: 'validate';
  readonly files: string[];
  readonly known: string[];
  readonly knownFile: boolean;
  readonly json: boolean;
  readonly strict: boolean;
  readonly releases: { [project: string]: string };
}

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
    } else if (arg.startsWith('--')) {throw new UsageError(`unknown option '${arg}'.`);} else {files.push(arg);}
  }
  if (files.length === 0) throw new UsageError('no FILE given.');
  return { command: 'validate', files, known, knownFile, json, strict, releases };
}

/**
 * Runs the CLI.
 *
 * @param args the arguments after the program name, for example ['validate', 'app.yaml', '--json']
 * @returns the exit status
 */
export function runCli(args: string[], output: CliOutput): number {
  if (args[0] === 'lock') return runLockCommand(args.slice(1), output);
  let options: CliOptions | GraphOptions | 'help' | 'graph-help';
  try {
    options = parseArgs(args);
  } catch (e) {
    output.stderr(`cdk8s-ai-gateway: ${(e as Error).message}\n\n${args[0] === 'graph' ? GRAPH_USAGE : USAGE}\n`);
    return 2;
  }
  if (options === 'help' || options === 'graph-help') {
    output.stdout(`${options === 'help' ? USAGE : GRAPH_USAGE}\n`);
    return 0;
  }
  if (options.command === 'graph') return runGraph(options, output);
  let report: ValidationReport;
  let skipped: SkippedPath[];
  try {
    const input = readManifestFiles(options.files);
    skipped = input.skipped;
    printSkipped(skipped, output);
    const known = knownObjects(options, input, output);
    report = withPositions(ManifestValidator.validate(input.objects, {
      fileNames: input.fileNames,
      knownObjects: known,
      strict: options.strict,
      releases: options.releases,
    }), input.sources);
  } catch (e) {
    if (!(e instanceof ManifestReadError)) throw e;
    output.stderr(`cdk8s-ai-gateway: ${e.message}\n`);
    return 2;
  }
  output.stdout(options.json ? `${JSON.stringify({ ...toJson(report), skipped }, undefined, 2)}\n` : textReport(report));
  return report.ok ? 0 : 1;
}

function runGraph(options: GraphOptions, output: CliOutput): number {
  let text: string;
  try {
    const input = readManifestFiles(options.files);
    printSkipped(input.skipped, output);
    const known = knownObjects(options, input, output);
    const counters = new Map<string, number>();
    const entries: ManifestEntry[] = input.objects.map((object, i) => {
      const file = input.fileNames[i];
      const index = counters.get(file) ?? 0;
      counters.set(file, index + 1);
      return { object, file, index, releases: [{}] };
    });
    text = renderRouteMap(entries, known, options.strict, options.format, 'Route map');
  } catch (e) {
    if (!(e instanceof ManifestReadError)) throw e;
    output.stderr(`cdk8s-ai-gateway: ${e.message}\n`);
    return 2;
  }
  if (options.out === undefined) {
    output.stdout(text);
  } else {
    try {
      fs.writeFileSync(options.out, text);
    } catch (e) {
      output.stderr(`cdk8s-ai-gateway: ${options.out}: cannot write the file (${(e as Error).message}).\n`);
      return 2;
    }
    output.stderr(`cdk8s-ai-gateway: wrote the route map (${options.format}) to ${options.out}\n`);
  }
  return 0;
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
  const known = options.known.length > 0 ? ManifestValidator.knownFromManifests(readManifestFiles(options.known, { allowEmpty: true }).objects) : [];
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
      errors: o.errors.map(finding),
      warnings: o.warnings.map(finding),
    })),
    parents: report.parents.map(p => ({ route: name(p.route), parentRef: p.parentRef, attached: p.attached, reason: p.reason, message: p.message })),
    backends: report.backends.map(b => ({
      route: name(b.route), backendRef: b.backendRef, resolved: b.resolved, reason: b.reason, message: b.message,
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
  const clean = report.objects.length - withFindings.length;
  lines.push('', `${plural(report.objects.length, 'object')} (${clean} without findings), ${plural(report.errors, 'error')}, ` +
    `${plural(report.warnings, 'warning')}: ${report.ok ? 'OK' : 'FAILED'}`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

/** Entry point of the `cdk8s-ai-gateway` program. */
export function main(): void {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
  });
}

if (require.main === module) main();
