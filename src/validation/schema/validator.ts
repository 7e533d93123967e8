import { builtInProblems, nameRuleOf } from './builtin-rules';
import { compareTags, loadRelease, ReleaseData, ReleaseEntry, releaseLabel, releases } from './data';
import { CompiledSchema, NameRule, SchemaDefinitions } from './structural';

/** One problem of an object against its schema. */
export interface SchemaFinding {
  /** The field, as `spec.rules[0].backendRefs[1].port`; '' for the object itself. */
  readonly path: string;
  /** What is wrong, worded as the API server words it (`Required value`, `Invalid value: ...`). */
  readonly message: string;
  /**
   * The CEL expression of the failing `x-kubernetes-validations` rule, or the schema keyword that failed
   * (`type`, `required`, `enum`, `pattern`, `format`, `maxItems`, `maxLength`, `minimum`, `unknown-field`,
   * `x-kubernetes-list-type`, `apiVersion`, `metadata` ...).
   *
   * @default - none
   */
  readonly rule?: string;
  /**
   * True for a finding the API server would accept the object with.
   *
   * @default false
   */
  readonly warning?: boolean;
}

/** The outcome of validating one object. */
export interface SchemaResult {
  /**
   * The pinned release whose schema was used, e.g. 'gateway-api v1.6.1 (experimental)', 'kubernetes v1.36.3'.
   *
   * @default - not checked: no pinned release defines the object's group (see `notChecked`)
   */
  readonly checkedAgainst?: string;
  /**
   * Why the object's fields were not checked, e.g. 'no schema for monitoring.coreos.com/v1 ServiceMonitor'; the
   * findings then hold a warning saying so.
   *
   * @default - checked (see `checkedAgainst`)
   */
  readonly notChecked?: string;
  readonly findings: SchemaFinding[];
}

/** Options of the schema validator. */
export interface SchemaValidatorOptions {
  /**
   * The release to validate against, per project ('kubernetes' for the built-in kinds, 'gateway-api',
   * 'envoy-gateway', 'ai-gateway', 'cert-manager', 'inference-extension'), for example `{ 'gateway-api': 'v1.2.0' }`. A Gateway API
   * release names the experimental channel (a superset of standard); 'v1.6.1-standard' names the
   * standard channel.
   *
   * @default - the newest pinned release of the project that serves the object's apiVersion and kind
   */
  readonly releases?: { [project: string]: string };
}

/** group → project, from the releases' served kinds. */
let groupProjects: Map<string, string> | undefined;
/** release id → 'group/version/Kind' → compiled schema (shared by every validator of the process). */
const COMPILED = new Map<string, Map<string, Resolved>>();
/** release id/schema id → compiled schema. */
const SCHEMAS = new Map<string, CompiledSchema>();
/** release id → the compiled shared definitions of a release of built-in kinds. */
const DEFINITIONS = new Map<string, SchemaDefinitions>();

function projectOf(group: string): string | undefined {
  if (groupProjects === undefined) {
    groupProjects = new Map();
    for (const r of releases()) {
      for (const gvk of r.served) groupProjects.set(gvk.split('/')[0], r.project);
    }
  }
  return groupProjects.get(group);
}

/**
 * Validates Kubernetes objects offline against the `openAPIV3Schema` of exactly the apiVersion they name,
 * from the pinned upstream CRDs (the data ships in the package), the way the API server does on create:
 * schema defaults first, then the structural checks (types, nullable, int-or-string, unknown fields,
 * formats, enums, patterns, bounds, required, list-type uniqueness), then every `x-kubernetes-validations`
 * CEL rule. Built-in kinds (Service, Deployment, ConfigMap, RBAC...) are checked against the OpenAPI schemas of
 * the pinned Kubernetes release as the API server decodes them (types, unknown fields, required fields, formats,
 * int-or-string, quantities), with the name rule of each kind and the ConfigMap and Secret key and size limits;
 * the rest of their Go validation is not reproduced. Objects of groups no pinned release defines are not
 * checked: their result says so (`notChecked`) with a warning.
 *
 * Schemas and CEL programs are compiled once per kind/version, on first use, and reused by every validator.
 */
export class SchemaValidator {
  private readonly pinned: Map<string, string>;
  private readonly candidatesOf = new Map<string, ReleaseEntry[]>();

  public constructor(options: SchemaValidatorOptions = {}) {
    this.pinned = new Map(Object.entries(options.releases ?? {}));
    for (const [project, release] of this.pinned) {
      if (this.candidates(project).length === 0) {
        const known = [...new Set(releases().map(r => r.project))].sort().join(', ');
        throw new Error(`SchemaValidator: no pinned release '${release}' of '${project}' (projects: ${known}; ` +
          `releases of '${project}': ${releaseNames(project) || 'none'})`);
      }
    }
  }

  /** Validates one object (a plain manifest object: apiVersion, kind, metadata, spec...). */
  public validate(manifest: any): SchemaResult {
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
      return { findings: [{ path: '', message: 'not a Kubernetes object (a mapping with apiVersion and kind)', rule: 'apiVersion' }] };
    }
    if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
      const path = typeof manifest.apiVersion !== 'string' ? 'apiVersion' : 'kind';
      return { findings: [{ path, message: 'Required value: every object names its apiVersion and kind', rule: 'apiVersion' }] };
    }
    const resolved = this.resolve(manifest.apiVersion, manifest.kind);
    if (resolved === undefined || 'notChecked' in resolved) {
      const reason = resolved?.notChecked ?? `no schema for ${manifest.apiVersion} ${manifest.kind}`;
      const advice = resolved?.advice ?? 'no pinned release defines its group, so its fields are not validated offline; the API ' +
        'server accepts it only where its CRD is installed';
      return {
        notChecked: reason,
        findings: [{
          path: 'apiVersion',
          message: `not checked: ${reason}: ${advice}`,
          rule: 'schema',
          warning: true,
        }],
      };
    }
    if ('problem' in resolved) return { checkedAgainst: resolved.checkedAgainst, findings: [resolved.problem] };
    const findings: SchemaFinding[] = [];
    if (resolved.deprecation) {
      findings.push({ path: 'apiVersion', message: `Warning: ${resolved.deprecation}`, rule: 'deprecated', warning: true });
    }
    findings.push(...resolved.schema.validate(resolved.ignoresStatus ? withoutStatus(manifest) : manifest, resolved.scope === 'Namespaced', resolved.nameRule));
    if (resolved.builtIn) {
      const slash = manifest.apiVersion.indexOf('/');
      findings.push(...builtInProblems(slash < 0 ? '' : manifest.apiVersion.slice(0, slash), manifest.kind, manifest));
    }
    return { checkedAgainst: resolved.checkedAgainst, findings };
  }

  /**
   * The manifest as the API server would store it: a copy with the schema's defaults applied and unknown
   * fields and nulls of non-nullable fields removed (for example `spec.listeners[].allowedRoutes` defaults
   * to `{ namespaces: { from: 'Same' } }`, `parentRefs[].group/kind` to the Gateway's). Objects without
   * a pinned schema come back as they are (copied).
   */
  public withDefaults(manifest: any): any {
    const resolved = manifest && typeof manifest === 'object' && typeof manifest.apiVersion === 'string' && typeof manifest.kind === 'string'
      ? this.resolve(manifest.apiVersion, manifest.kind) : undefined;
    // Built-in kinds: their defaults are Go code, not in the schema.
    if (resolved === undefined || 'problem' in resolved || 'notChecked' in resolved || resolved.builtIn) return JSON.parse(JSON.stringify(manifest ?? null));
    return resolved.schema.defaulted(resolved.ignoresStatus ? withoutStatus(manifest) : manifest);
  }

  /**
   * Whether a kind of a pinned release is 'Namespaced' or 'Cluster' scoped.
   *
   * @returns undefined for kinds without a pinned schema
   */
  public scopeOf(apiVersion: string, kind: string): string | undefined {
    const resolved = this.resolve(apiVersion, kind);
    return resolved === undefined || 'problem' in resolved || 'notChecked' in resolved ? undefined : resolved.scope;
  }

  private resolve(apiVersion: string, kind: string): Resolved | NotServed | NotChecked | undefined {
    const slash = apiVersion.indexOf('/');
    // The core group: 'v1'.
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const project = projectOf(group);
    if (project === undefined) return undefined;

    const key = `${group}/${version}/${kind}`;
    const candidates = this.candidates(project);
    const release = candidates.find(r => r.served.includes(key));
    if (release === undefined && candidates[0]?.builtIn && /^v\d+(alpha|beta)\d+$/.test(version)) {
      // An alpha or beta version of a built-in group: off by default (or removed) in the pinned release, but a
      // cluster may enable it.
      const served = candidates[0].served.filter(s => s.startsWith(`${group}/`) && s.endsWith(`/${kind}`)).map(s => s.split('/')[1]);
      return {
        notChecked: `${apiVersion} ${kind} is not in ${releaseLabel(candidates[0])}, which serves ` +
          (served.length > 0 ? `${kind} as ${served.map(v => group === '' ? v : `${group}/${v}`).join(', ')}` : `no ${kind} in ${group === '' ? 'the core group' : group}`) +
          ` (${version} is off by default or removed)`,
        advice: 'its fields are not validated offline; the API server accepts it only where that version is enabled',
      };
    }
    if (release === undefined) {
      return {
        checkedAgainst: candidates.length > 0 ? releaseLabel(candidates[0]) : undefined,
        problem: this.notServed(project, group, version, kind, candidates),
      };
    }
    return compiled(release, key);
  }

  /** The releases to look in, newest first: the pinned one, or every release of the project but standard channels. */
  private candidates(project: string): ReleaseEntry[] {
    let result = this.candidatesOf.get(project);
    if (result === undefined) {
      result = this.findCandidates(project);
      this.candidatesOf.set(project, result);
    }
    return result;
  }

  private findCandidates(project: string): ReleaseEntry[] {
    const pin = this.pinned.get(project);
    const all = releases().filter(r => r.project === project);
    if (pin !== undefined) {
      return all.filter(r => pin === r.release ? r.channel !== 'standard' : pin === `${r.release}-${r.channel}`);
    }
    return all.filter(r => r.channel !== 'standard').sort((a, b) => compareTags(b.release, a.release));
  }

  private notServed(project: string, group: string, version: string, kind: string, candidates: ReleaseEntry[]) {
    // The core group's apiVersion is the version alone ('v1').
    const apiVersion = (v: string) => (group === '' ? v : `${group}/${v}`);
    const versionsOfKind = (r: ReleaseEntry) => r.served
      .filter(s => s.startsWith(`${group}/`) && s.endsWith(`/${kind}`))
      .map(s => apiVersion(s.split('/')[1]));
    const where = candidates.map(releaseLabel).join(', ');
    const served = [...new Set(candidates.flatMap(versionsOfKind))];
    const others = releases().filter(r => r.project === project && !candidates.includes(r) && r.served.includes(`${group}/${version}/${kind}`));
    let message: string;
    if (served.length === 0) {
      message = `Invalid value: "${apiVersion(version)}": kind ${kind} is not defined in ${group === '' ? 'the core group' : `group ${group}`} by ${where}`;
    } else {
      message = `Invalid value: "${apiVersion(version)}": ${where} does not serve ${kind} in ${apiVersion(version)}; use ${served.join(' or ')}`;
    }
    if (others.length > 0) message += ` (served by ${others.map(releaseLabel).join(', ')})`;
    return { path: 'apiVersion', message, rule: 'apiVersion' };
  }
}

/** How the releases of a project are named in the options: 'v1.2.0', 'v1.6.1', 'v1.6.1-standard'. */
function releaseNames(project: string): string {
  return releases().filter(r => r.project === project).map(r => r.release + (r.channel === 'standard' ? '-standard' : '')).join(', ');
}

/** An apiVersion and kind a pinned release of the object's group does not serve: an error. */
interface NotServed {
  readonly problem: SchemaFinding;
  readonly checkedAgainst?: string;
}

/** An apiVersion and kind that is not checked (an alpha or beta version of a built-in group): why, and what it means. */
interface NotChecked {
  readonly notChecked: string;
  readonly advice: string;
}

/** A kind/version of a release, compiled. */
interface Resolved {
  readonly checkedAgainst: string;
  readonly schema: CompiledSchema;
  readonly scope: string;
  /** A built-in kind (of the 'kubernetes' project). */
  readonly builtIn: boolean;
  /** The rule of metadata.name: the kind's for built-in kinds, else a DNS subdomain. */
  readonly nameRule?: NameRule;
  readonly deprecation?: string;
  /** The kind has the status subresource: a create ignores `status`. */
  readonly ignoresStatus: boolean;
}

function withoutStatus(object: any): any {
  if (object.status === undefined) return object;
  const { status, ...rest } = object;
  return rest;
}

/** The shared definitions of a release of built-in kinds, compiled on first use of each. */
function definitionsOf(release: ReleaseEntry, data: ReleaseData): SchemaDefinitions {
  let definitions = DEFINITIONS.get(release.id);
  if (definitions === undefined) {
    definitions = new SchemaDefinitions(data.definitions ?? {});
    DEFINITIONS.set(release.id, definitions);
  }
  return definitions;
}

function compiled(release: ReleaseEntry, key: string): Resolved {
  let byKind = COMPILED.get(release.id);
  if (byKind === undefined) {
    byKind = new Map();
    COMPILED.set(release.id, byKind);
  }
  let resolved = byKind.get(key);
  if (resolved === undefined) {
    const [group, version, kind] = key.split('/');
    const data = loadRelease(release);
    const entry = data.kinds.find(k => k.group === group && k.kind === kind)!;
    const v = entry.versions.find(x => x.name === version)!;
    // Versions whose schemas are identical (HTTPRoute v1 and v1beta1) share one compiled schema.
    const schemaKey = `${release.id}/${v.schema}`;
    let schema = SCHEMAS.get(schemaKey);
    if (schema === undefined) {
      schema = release.builtIn
        ? new CompiledSchema({ $ref: v.schema }, { definitions: definitionsOf(release, data), builtIn: true })
        : new CompiledSchema(data.schemas![v.schema]);
      SCHEMAS.set(schemaKey, schema);
    }
    resolved = {
      checkedAgainst: releaseLabel(release),
      schema,
      scope: entry.scope,
      builtIn: release.builtIn === true,
      nameRule: release.builtIn ? nameRuleOf(group, kind) : undefined,
      deprecation: v.deprecated ? v.deprecationWarning ?? `${group}/${version} ${kind} is deprecated` : undefined,
      ignoresStatus: v.statusSubresource === true,
    };
    byKind.set(key, resolved);
  }
  return resolved;
}
