import { compareTags, loadRelease, ReleaseEntry, releaseLabel, releases } from './data';
import { CompiledSchema } from './structural';

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
   * The pinned release whose schema was used, e.g. 'gateway-api v1.6.1 (experimental)'.
   *
   * @default - undefined for core kinds and kinds of groups no pinned release defines
   */
  readonly checkedAgainst?: string;
  readonly findings: SchemaFinding[];
}

/** Options of the schema validator. */
export interface SchemaValidatorOptions {
  /**
   * The release to validate against, per project ('gateway-api', 'envoy-gateway', 'ai-gateway',
   * 'cert-manager', 'inference-extension'), for example `{ 'gateway-api': 'v1.2.0' }`. A Gateway API
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
const COMPILED = new Map<string, Map<string, CompiledSchema>>();

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
 * CEL rule. Objects of core kinds and of groups no pinned release defines get no findings.
 *
 * Schemas and CEL programs are compiled once per kind/version and reused by every validator.
 */
export class SchemaValidator {
  private readonly pinned: Map<string, string>;

  public constructor(options: SchemaValidatorOptions = {}) {
    this.pinned = new Map(Object.entries(options.releases ?? {}));
    for (const [project, release] of this.pinned) {
      if (this.candidates(project).length === 0) {
        const known = [...new Set(releases().map(r => r.project))].sort().join(', ');
        throw new Error(`SchemaValidator: no pinned release '${release}' of '${project}' (projects: ${known}; ` +
          `releases of '${project}': ${releases().filter(r => r.project === project).map(r => r.release + (r.channel === 'standard' ? '-standard' : '')).join(', ') || 'none'})`);
      }
    }
  }

  /** Validates one object (a plain manifest object: apiVersion, kind, metadata, spec...). */
  public validate(object: any): SchemaResult {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      return { findings: [{ path: '', message: 'not a Kubernetes object (a mapping with apiVersion and kind)', rule: 'apiVersion' }] };
    }
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return { findings: [{ path: typeof apiVersion !== 'string' ? 'apiVersion' : 'kind', message: 'Required value: every object names its apiVersion and kind', rule: 'apiVersion' }] };
    }
    const slash = apiVersion.indexOf('/');
    if (slash < 0) return { findings: [] }; // The core group ('v1'): no CRD.
    const group = apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const project = projectOf(group);
    if (project === undefined) return { findings: [] };

    const key = `${group}/${version}/${kind}`;
    const candidates = this.candidates(project);
    const release = candidates.find(r => r.served.includes(key));
    if (release === undefined) {
      return {
        checkedAgainst: candidates.length > 0 ? releaseLabel(candidates[0]) : undefined,
        findings: [this.notServed(project, group, version, kind, candidates)],
      };
    }
    return { checkedAgainst: releaseLabel(release), findings: [...compiled(release, key).validate(object)] };
  }

  /** The releases to look in, newest first: the pinned one, or every release of the project but standard channels. */
  private candidates(project: string): ReleaseEntry[] {
    const pin = this.pinned.get(project);
    const all = releases().filter(r => r.project === project);
    if (pin !== undefined) {
      return all.filter(r => pin === r.release ? r.channel !== 'standard' : pin === `${r.release}-${r.channel}`);
    }
    return all.filter(r => r.channel !== 'standard').sort((a, b) => compareTags(b.release, a.release));
  }

  private notServed(project: string, group: string, version: string, kind: string, candidates: ReleaseEntry[]) {
    const versionsOfKind = (r: ReleaseEntry) => r.served
      .filter(s => s.startsWith(`${group}/`) && s.endsWith(`/${kind}`))
      .map(s => `${group}/${s.split('/')[1]}`);
    const where = candidates.map(releaseLabel).join(', ');
    const served = [...new Set(candidates.flatMap(versionsOfKind))];
    const others = releases().filter(r => r.project === project && !candidates.includes(r) && r.served.includes(`${group}/${version}/${kind}`));
    let message: string;
    if (served.length === 0) {
      message = `Invalid value: "${group}/${version}": kind ${kind} is not defined in group ${group} by ${where}`;
    } else {
      message = `Invalid value: "${group}/${version}": ${where} does not serve ${kind} in ${group}/${version}; use ${served.join(' or ')}`;
    }
    if (others.length > 0) message += ` (served by ${others.map(releaseLabel).join(', ')})`;
    return { path: 'apiVersion', message, rule: 'apiVersion' };
  }
}

function compiled(release: ReleaseEntry, key: string): CompiledSchema {
  let byKind = COMPILED.get(release.id);
  if (byKind === undefined) {
    byKind = new Map();
    COMPILED.set(release.id, byKind);
  }
  let schema = byKind.get(key);
  if (schema === undefined) {
    const [group, version, kind] = key.split('/');
    const data = loadRelease(release);
    const entry = data.kinds.find(k => k.group === group && k.kind === kind)!;
    const v = entry.versions.find(x => x.name === version)!;
    schema = new CompiledSchema(data.schemas[v.schema]);
    byKind.set(key, schema);
  }
  return schema;
}
