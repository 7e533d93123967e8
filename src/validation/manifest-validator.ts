import { analyseAttachment, AttachmentResult } from './attachment';
import { isObject, namespaceOf, ObjectIndex, objectIdentity } from './attachment-index';
import { GatewayController } from './controllers';
import { PodSecurityLevel, podSecurityFindings } from './pod-security';
import { analysePolicies, PolicyFinding } from './policy-attachment';
import { KnownObject, ObjectReport, ParentVerdict, PolicyVerdict, ReferenceVerdict, ValidationFinding, ValidationReport } from './report';
import { releases as pinnedReleases } from './schema/data';
import { SchemaResult, SchemaValidator } from './schema/validator';
import { tokenBudgetFindings } from './token-budgets';
import { compareStrings } from '../kubernetes/order';

/** Options of `ManifestValidator.validate()`. */
export interface ManifestValidatorOptions {
  /**
   * Objects that exist in the cluster though the set does not contain them (a pre-existing Gateway,
   * Namespace with its labels, Secret, ReferenceGrant): references to them count as resolved.
   *
   * @default - none
   */
  readonly knownObjects?: KnownObject[];

  /**
   * Treat every reference to an object that is neither in the set nor known as an error. By default such
   * a reference is unverified: a warning, so that single files from any source can be checked.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Treat every object whose fields were not checked (a kind of a group no pinned release defines, an alpha or
   * beta version of a built-in group: see `ObjectReport.notChecked`) as an error. By default it is a warning, so
   * that the objects of other projects (an Istio DestinationRule, a ServiceMonitor) do not fail the set; the CLI's
   * `--strict` sets this as well as `strict`.
   *
   * @default false
   */
  readonly uncheckedIsError?: boolean;

  /**
   * The pinned release to check each project's objects against, by project: 'gateway-api' ('v1.2.0' or
   * 'v1.6.1'), 'envoy-gateway', 'ai-gateway', 'cert-manager', 'inference-extension'.
   *
   * @default - the newest pinned release of each project that serves the object's apiVersion
   */
  readonly releases?: { [project: string]: string };

  /**
   * The file each manifest was read from, by position; objects report it with their index in that file.
   *
   * @default - no file names; an object's index is its position in the list
   */
  readonly fileNames?: string[];

  /**
   * The Gateway API controller whose capabilities decide which route kinds attach and which backendRef kinds
   * resolve (a backendRef to a kind the controller does not resolve is its `InvalidKind`). With
   * `GatewayController.ANY`, each route follows the controller its Gateway's GatewayClass names where the set or
   * the known objects hold that class, and a kind no controller of the table serves is a warning.
   *
   * @default GatewayController.ANY
   */
  readonly controller?: GatewayController;

  /**
   * Check Pods and the pod templates of workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
   * ReplicationController, PodTemplate) against this level of the Kubernetes Pod Security Standards, as
   * k8s.io/pod-security-admission v0.36.3 does at its latest version: each violation is an error on the object at
   * the offending field, naming the check, its level and the fix.
   *
   * @default - none: the Pod Security Standards are not checked
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * Offline validation of a set of Kubernetes manifests (plain objects, from any origin): each object against
 * the schema and CEL rules of its CRD, and the whole set for route attachment and reference resolution
 * under the Gateway API rules.
 */
export class ManifestValidator {
  /**
   * Validates a set of manifests and returns the typed report.
   *
   * @param manifests the objects, as parsed from YAML or JSON
   * @param options known objects, strictness, release pins and file names
   */
  public static validate(manifests: any[], options: ManifestValidatorOptions = {}): ValidationReport {
    return validateManifests(manifests, options);
  }

  /**
   * Turns manifests of objects that exist in the cluster (for example the output of `kubectl get -o yaml`)
   * into known objects for `ManifestValidatorOptions.knownObjects`.
   */
  public static knownFromManifests(manifests: any[]): KnownObject[] {
    return manifests.filter(m => isObject(m) && typeof m.kind === 'string' && typeof m.metadata?.name === 'string')
      .map(m => ({
        apiVersion: String(m.apiVersion ?? 'v1'),
        kind: m.kind,
        name: m.metadata.name,
        namespace: namespaceOf(m),
        labels: isObject(m.metadata.labels) ? m.metadata.labels : undefined,
        spec: m.spec,
      }));
  }

  private constructor() {}
}

/** `ManifestValidator.validate()`, with the schema checks on `pool`'s worker threads when given (the CLI's large inputs). */
export function validateManifests(manifests: any[], options: ManifestValidatorOptions = {}, pool?: SchemaChecks): ValidationReport {
  const counters = new Map<string, number>();
  const releases = [options.releases ?? {}];
  const entries: ManifestEntry[] = manifests.map((object, position) => {
    const file = options.fileNames?.[position];
    const counterKey = file ?? '\0';
    const index = counters.get(counterKey) ?? 0;
    counters.set(counterKey, index + 1);
    return { object, file, index, releases };
  });
  return validateEntries(entries, options.knownObjects ?? [], options.strict ?? false, {
    uncheckedIsError: options.uncheckedIsError, controller: options.controller, podSecurity: options.podSecurity, pool,
  });
}

/** Schema checks run elsewhere: on worker threads (parallel.ts). */
export interface SchemaChecks {
  /**
   * The schema check of each entry (undefined for entries not checked), or undefined when the set is better
   * checked on this thread.
   */
  check(entries: ManifestEntry[], check: (entry: ManifestEntry) => SchemaResult): (SchemaResult | undefined)[] | undefined;
}

/** One manifest to validate, with where it came from and the release pins to try. */
export interface ManifestEntry {
  readonly object: any;
  readonly file?: string;
  readonly index: number;
  /**
   * Alternative release pins: the object is checked against each and the result with the fewest errors is
   * kept (a chart whose constructs target two releases of a project).
   */
  readonly releases: { [project: string]: string }[];
  /** False to skip the schema check (objects that are only context for the attachment analysis). */
  readonly checkSchema?: boolean;
  /**
   * Where the object comes from, as messages about two objects name it, for example `construct chart/gateway/Resource`.
   *
   * @default - the file and document index (`app.yaml document 3`)
   */
  readonly source?: string;
}

const SCHEMA_VALIDATORS = new Map<string, SchemaValidator>();
/** The validator of each pins object already seen: entries of one chart or one call share theirs. */
const VALIDATOR_OF = new WeakMap<object, SchemaValidator>();

/** One schema validator per set of release pins, reused so that compiled schemas are reused. */
function schemaValidator(releases: { [project: string]: string }): SchemaValidator {
  let validator = VALIDATOR_OF.get(releases);
  if (validator !== undefined) return validator;
  const key = JSON.stringify(Object.entries(releases).sort(([a], [b]) => compareStrings(a, b)));
  validator = SCHEMA_VALIDATORS.get(key);
  if (validator === undefined) {
    validator = new SchemaValidator({ releases });
    SCHEMA_VALIDATORS.set(key, validator);
  }
  VALIDATOR_OF.set(releases, validator);
  return validator;
}

/**
 * The schema check of one object against each alternative set of release pins: the result with the fewest errors,
 * then the fewest warnings (a chart targeting Gateway API v1.2 and v1.6 emits TCPRoute v1alpha2 for its v1.2
 * gateway: v1.2.0 serves it without the deprecation v1.6.1 warns of), its deprecation warnings kept only when
 * they hold for the targeted release (see `targetedDeprecations`).
 */
export function schemaCheck(object: any, alternatives: { [project: string]: string }[]): SchemaResult {
  let best: { result: SchemaResult; releases: { [project: string]: string }; errors: number; warnings: number } | undefined;
  for (const releases of alternatives.length > 0 ? alternatives : [{}]) {
    let result: SchemaResult;
    try {
      result = schemaValidator(releases).validate(object);
    } catch (e) {
      result = { findings: [{ path: '', message: `the schema check failed: ${(e as Error).message}` }] };
    }
    const errors = result.findings.filter(f => !f.warning).length;
    const warnings = result.findings.length - errors;
    if (best === undefined || errors < best.errors || (errors === best.errors && warnings < best.warnings)) {
      best = { result, releases, errors, warnings };
    }
    if (errors === 0 && warnings === 0) break;
  }
  return targetedDeprecations(object, best!.result, best!.releases);
}

/**
 * A deprecation warning belongs to the release that deprecates the version: Gateway API v1.6.1 deprecates TCPRoute
 * v1alpha2 because it serves TCPRoute v1, v1.2.0 serves v1alpha2 only. When the object's project is pinned, the
 * pinned release is the target and its warning stands. When it is not, the target is not known: the warning is
 * kept only if every pinned release of the project that serves the version deprecates it, since telling a cluster
 * on v1.2.0 to "upgrade to v1" asks for a version it does not serve.
 */
function targetedDeprecations(object: any, result: SchemaResult, pins: { [project: string]: string }): SchemaResult {
  if (!result.findings.some(isDeprecation) || !isObject(object) || typeof object.apiVersion !== 'string') return result;
  const slash = object.apiVersion.indexOf('/');
  if (slash < 0) return result;
  const key = `${object.apiVersion}/${object.kind}`;
  const group = object.apiVersion.slice(0, slash);
  const serving = pinnedReleases().filter(r => r.channel !== 'standard' && r.served.includes(key));
  const project = serving[0]?.project ?? pinnedReleases().find(r => r.served.some(s => s.startsWith(`${group}/`)))?.project;
  if (project === undefined || pins[project] !== undefined) return result;
  const anywhereDeprecated = serving.filter(r => r.project === project).every(r => {
    try {
      return schemaValidator(pinOf(project, r.release)).validate(object).findings.some(isDeprecation);
    } catch {
      return true;
    }
  });
  return anywhereDeprecated ? result : { ...result, findings: result.findings.filter(f => !isDeprecation(f)) };
}

/** One shared pins object per project and release, so that its schema validator is found again. */
const PINS = new Map<string, { [project: string]: string }>();
function pinOf(project: string, release: string): { [project: string]: string } {
  const key = `${project}\0${release}`;
  let pins = PINS.get(key);
  if (pins === undefined) {
    pins = { [project]: release };
    PINS.set(key, pins);
  }
  return pins;
}

function isDeprecation(finding: { rule?: string; warning?: boolean }): boolean {
  return finding.warning === true && finding.rule === 'deprecated';
}

/** How `validateEntries()` and `analyseEntries()` judge: beside strictness, which the callers always give. */
export interface AnalysisOptions {
  /** Whether an object whose fields were not checked is an error (else a warning). */
  readonly uncheckedIsError?: boolean;
  /** The controller whose capabilities decide which route and backend kinds are supported. */
  readonly controller?: GatewayController;
  /** Where the schema checks of large sets run (worker threads, parallel.ts). */
  readonly pool?: SchemaChecks;
  /** The level of the Pod Security Standards to check Pods and pod templates against. */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * Validates entries: schema per object (and the Pod Security Standards of `podSecurity`, when given), then
 * attachment over the whole set; builds the report.
 */
export function validateEntries(entries: ManifestEntry[], known: KnownObject[], strict: boolean, options: AnalysisOptions = {}): ValidationReport {
  return analyseEntries(entries, known, strict, options).report;
}

/** The report of `validateEntries()` with the attachment findings it was built from (in the same order). */
export function analyseEntries(entries: ManifestEntry[], known: KnownObject[], strict: boolean, options: AnalysisOptions = {}):
{ report: ValidationReport; attachment: AttachmentResult; index: ObjectIndex; policyFindings: PolicyFinding[] } {
  const uncheckedIsError = options.uncheckedIsError ?? false;
  const controller = options.controller ?? GatewayController.ANY;
  const pool = options.pool;
  const podSecurity = options.podSecurity;
  const objects = entries.map(e => e.object);
  const errors: ValidationFinding[][] = entries.map(() => []);
  const warnings: ValidationFinding[][] = entries.map(() => []);
  const checks: { checkedAgainst?: string; notChecked?: string }[] = entries.map(() => ({}));

  const isManifest = (object: any) => isObject(object) && typeof object.apiVersion === 'string' && typeof object.kind === 'string'
    && isObject(object.metadata) && typeof object.metadata.name === 'string';
  // With a pool of worker threads, the schema checks of large sets run on every core (parallel.ts).
  const pooled = pool?.check(entries.map(e => (isManifest(e.object) ? e : { ...e, checkSchema: false })), e => schemaCheck(e.object, e.releases));
  entries.forEach((entry, i) => {
    const object = entry.object;
    if (!isManifest(object)) {
      errors[i].push({ path: '', message: 'not a Kubernetes object: apiVersion, kind and metadata.name are required.' });
      return;
    }
    if (entry.checkSchema === false) return;
    const result = pooled?.[i] ?? schemaCheck(object, entry.releases);
    checks[i] = { checkedAgainst: result.checkedAgainst, notChecked: result.notChecked };
    for (const finding of result.findings) {
      // An object whose fields were not checked fails only when asked (the CLI's --strict).
      const notChecked = uncheckedIsError && result.notChecked !== undefined && finding.rule === 'schema';
      const target = finding.warning && !notChecked ? warnings[i] : errors[i];
      target.push(finding.rule === undefined
        ? { path: finding.path, message: finding.message }
        : { path: finding.path, message: finding.message, rule: finding.rule });
    }
    if (podSecurity !== undefined) errors[i].push(...podSecurityFindings(object, podSecurity));
  });

  duplicateFindings(entries, errors);
  tokenBudgetFindings(objects, warnings);

  const index = new ObjectIndex(objects, known);
  const attachment = analyseAttachment(objects, index, controller);
  // Kinds no known controller serves, the route's controller unknown: a warning whatever the strictness.
  for (const note of attachment.notes) warnings[note.objectIndex].push({ path: note.path, message: note.message });
  // A verdict's message, with an error on its object where it refuses (a warning when unverified, but in strict mode).
  const judge = (f: { objectIndex: number; path: string; reason: string; message: string; verified: boolean }, ok: boolean): string => {
    const message = verdictMessage(f.message, f.verified);
    if (!ok) (f.verified || strict ? errors : warnings)[f.objectIndex].push({ path: f.path, message: `${f.reason}: ${message}` });
    return message;
  };
  const parents: ParentVerdict[] = attachment.parents.map(p => ({
    route: p.route, parentRef: p.parentRef, attached: p.attached, reason: p.reason, message: judge(p, p.attached), verified: p.verified,
  }));
  const backends: ReferenceVerdict[] = attachment.references.map(r => ({
    route: r.route, backendRef: r.backendRef, resolved: r.resolved, reason: r.reason, message: judge(r, r.resolved), verified: r.verified,
  }));

  const policyFindings = analysePolicies(objects, index);
  const policies: PolicyVerdict[] = policyFindings.map(p => ({
    policy: p.policy,
    targetRef: p.targetRef,
    ...(p.ancestor === undefined ? {} : { ancestor: p.ancestor }),
    accepted: p.accepted,
    reason: p.reason,
    message: judge(p, p.accepted),
    verified: p.verified,
  }));

  const reports: ObjectReport[] = entries.map((entry, i) => {
    const object = isObject(entry.object) ? entry.object : {};
    return {
      file: entry.file,
      index: entry.index,
      apiVersion: String(object.apiVersion ?? ''),
      kind: String(object.kind ?? ''),
      namespace: typeof object.kind === 'string' ? namespaceOf(object) : undefined,
      name: String(object.metadata?.name ?? ''),
      errors: errors[i],
      warnings: warnings[i],
      ...(checks[i].checkedAgainst !== undefined ? { checkedAgainst: checks[i].checkedAgainst } : {}),
      ...(checks[i].notChecked !== undefined ? { notChecked: checks[i].notChecked } : {}),
    };
  });
  const errorCount = errors.reduce((n, e) => n + e.length, 0);
  const report = {
    ok: errorCount === 0,
    errors: errorCount,
    warnings: warnings.reduce((n, w) => n + w.length, 0),
    objects: reports,
    parents,
    backends,
    policies,
  };
  return { report, attachment, index, policyFindings };
}

/**
 * Two objects of the set with the same identity (API group, kind, namespace, name; not the version) are one
 * object in a cluster: the one applied last replaces the other. Each such pair is an error naming both places,
 * on the later object, or on the earlier when only it is checked (the later being context of another chart).
 */
function duplicateFindings(entries: ManifestEntry[], errors: ValidationFinding[][]): void {
  const first = new Map<string, number>();
  entries.forEach((entry, i) => {
    const object = entry.object;
    if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string'
      || !isObject(object.metadata) || typeof object.metadata.name !== 'string') return;
    const identity = objectIdentity(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
    const earlier = first.get(identity);
    if (earlier === undefined) {
      first.set(identity, i);
      return;
    }
    const blamed = entry.checkSchema === false && entries[earlier].checkSchema !== false ? earlier : i;
    const namespace = namespaceOf(object);
    const name = namespace === undefined ? object.metadata.name : `${namespace}/${object.metadata.name}`;
    const versions = entries[earlier].object.apiVersion === object.apiVersion ? ''
      : ` (as ${entries[earlier].object.apiVersion} and ${object.apiVersion}: the version is not part of an object's identity)`;
    errors[blamed].push({
      path: 'metadata.name',
      message: `DuplicateObject: ${object.kind} '${name}' is in the set twice, at ${sourceOf(entries[earlier])} and at ` +
        `${sourceOf(entry)}${versions}. Applied to one cluster, the one applied last replaces the other. Remove one, ` +
        `or give one another name${namespace === undefined ? '' : ' or namespace'}.`,
    });
  });
}

/** Where an entry comes from, for messages: its source, else its file and document index. */
function sourceOf(entry: ManifestEntry): string {
  if (entry.source !== undefined) return entry.source;
  return entry.file === undefined ? `input object ${entry.index}` : `${entry.file} document ${entry.index}`;
}

/** The message of an attachment finding as the report gives it: marked when it depends on an object outside the set. */
export function verdictMessage(message: string, verified: boolean): string {
  return verified ? message : `unverified: ${message}`;
}

/** The objects of parsed YAML documents: empty documents dropped, `kind: List` (and `...List`) expanded. */
export function expandDocuments(documents: any[]): any[] {
  const objects: any[] = [];
  for (const value of documents) {
    if (value === null || value === undefined) continue;
    if (isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      objects.push(...value.items);
    } else {
      objects.push(value);
    }
  }
  return objects;
}
