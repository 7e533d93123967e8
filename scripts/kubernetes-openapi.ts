/**
 * The validation data of the Kubernetes built-in kinds, derived from the OpenAPI v3 documents the API server
 * publishes (`/openapi/v3/...`), pinned in ../shared/kubernetes-openapi/<release>/ (one file per group version,
 * as kubernetes/kubernetes keeps them under api/openapi-spec/v3/). Called by generate-schemas.ts.
 *
 * The output keeps the documents' shared definitions once each (`definitions`, keyed by their OpenAPI name) and
 * refers to them by name (`{ "$ref": "io.k8s.api.core.v1.PodSpec" }`), so that ObjectMeta or PodSpec are stored
 * and compiled once for every kind that uses them. Of each schema only what validation reads is kept:
 *
 * - `allOf: [{ $ref }]` wrappers become the `$ref` itself; documentation, `default` (the zero values of Go types,
 *   which the API server does not apply as defaults), patch strategies and map types are dropped;
 * - `IntOrString` becomes `x-kubernetes-int-or-string: true`; `Quantity` (a string or a number) becomes
 *   `format: quantity`;
 * - an object with neither properties nor additionalProperties (RawExtension, FieldsV1, JSON) holds any value:
 *   `x-kubernetes-preserve-unknown-fields: true`;
 * - `required` keeps the fields whose absence the API server's Go validation refuses; a required field of a
 *   number or boolean type, or one whose description names a default, may be absent on the server (its zero
 *   value or the server's default is then used): those go to `x-required-if-unsure`, which is checked as a warning.
 *
 * Kinds come from `x-kubernetes-group-version-kind` of the top-level definitions; a kind is served when the
 * documents have a create (`post`) path for it, and it is namespaced when that path contains
 * `/namespaces/{namespace}/`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, sha256File } from './pinned-crds';

/** The pinned OpenAPI documents: ../shared/kubernetes-openapi beside the project, or `CDK8S_AI_GATEWAY_KUBERNETES_OPENAPI`. */
export const KUBERNETES_OPENAPI_DIR = path.resolve(process.env.CDK8S_AI_GATEWAY_KUBERNETES_OPENAPI
  ?? path.join(ROOT, '..', 'shared', 'kubernetes-openapi'));

/** Keywords whose value is documentation or describes patching and storage, never validation. */
const DROPPED = new Set(['description', 'example', 'externalDocs', 'title', 'default', 'readOnly',
  'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-map-type', 'x-kubernetes-unions',
  'x-kubernetes-group-version-kind']);

/** Keywords kept as they are. */
const KEPT = new Set(['type', 'format', 'enum', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'nullable']);

const REF_PREFIX = '#/components/schemas/';

/**
 * Required fields the API server accepts absent though the OpenAPI documents list them as required (their Go
 * validation accepts the zero value): checked as warnings.
 */
const REQUIRED_IF_UNSURE = new Set([
  // validateHTTPHeaders checks the header name only; an empty value is allowed.
  'io.k8s.api.core.v1.HTTPHeader/value',
  // validateSysctls checks the name only.
  'io.k8s.api.core.v1.Sysctl/value',
  // An empty preference (a NodeSelectorTerm without requirements) is not refused by the Go validation.
  'io.k8s.api.core.v1.PreferredSchedulingTerm/preference',
  // Every field of a CSIDriver's spec has a default (SetDefaults_CSIDriver).
  'io.k8s.api.storage.v1.CSIDriver/spec',
]);

/** Required numbers whose zero value the API server's Go validation refuses (a port must be 1-65535): errors. */
const REQUIRED_NUMBERS = new Set([
  'io.k8s.api.core.v1.ServicePort/port',
  'io.k8s.api.core.v1.ContainerPort/containerPort',
]);

export interface KubernetesRelease {
  readonly id: string;
  readonly file: string;
  readonly data: any;
  readonly indexEntry: any;
}

/** The releases of the pinned OpenAPI documents: one per folder (v1.36.3). */
export function kubernetesReleases(): KubernetesRelease[] {
  if (!fs.existsSync(KUBERNETES_OPENAPI_DIR)) {
    throw new Error(`pinned Kubernetes OpenAPI documents not found at ${KUBERNETES_OPENAPI_DIR}: clone the project ` +
      'beside shared/, or set CDK8S_AI_GATEWAY_KUBERNETES_OPENAPI');
  }
  return fs.readdirSync(KUBERNETES_OPENAPI_DIR).filter(d => /^v\d/.test(d)).sort().map(release => generate(release));
}

function generate(release: string): KubernetesRelease {
  const dir = path.join(KUBERNETES_OPENAPI_DIR, release);
  const files = fs.readdirSync(dir).filter(f => f.endsWith('_openapi.json')).sort();
  const raw = new Map<string, any>();
  const posts = new Map<string, { plural: string; namespaced: boolean }>();
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const [name, schema] of Object.entries<any>(doc.components?.schemas ?? {})) {
      // Shared definitions (ObjectMeta, DeleteOptions) are in every document; only their lists of
      // group/version/kinds differ.
      const known = raw.get(name);
      const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
      if (known !== undefined) {
        const bare = (x: any) => JSON.stringify({ ...x, 'x-kubernetes-group-version-kind': undefined });
        if (bare(known) !== bare(schema)) throw new Error(`${file}: ${name} differs from its definition in another document`);
        const seen = new Set(known['x-kubernetes-group-version-kind'].map((g: any) => JSON.stringify(g)));
        known['x-kubernetes-group-version-kind'].push(...gvks.filter((g: any) => !seen.has(JSON.stringify(g))));
      } else {
        raw.set(name, { ...schema, 'x-kubernetes-group-version-kind': [...gvks] });
      }
    }
    for (const [route, item] of Object.entries<any>(doc.paths ?? {})) {
      // A create of a top-level resource: /api/v1/[namespaces/{namespace}/]configmaps, /apis/apps/v1/...
      const m = /^\/apis?\/(?:[^/]+\/)?[^/]+\/(namespaces\/\{namespace\}\/)?([a-z0-9.-]+)$/.exec(route);
      const gvk = item.post?.['x-kubernetes-group-version-kind'];
      if (m === null || gvk === undefined || item.post['x-kubernetes-action'] !== 'post') continue;
      posts.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, { plural: m[2], namespaced: m[1] !== undefined });
    }
  }

  const kinds = new Map<string, any>();
  for (const [name, schema] of raw) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const post = posts.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
      if (post === undefined) continue; // Not created by clients (lists, options, WatchEvent, Status...).
      const key = `${gvk.group}/${gvk.kind}`;
      let kind = kinds.get(key);
      if (kind === undefined) {
        kind = { group: gvk.group, kind: gvk.kind, plural: post.plural, scope: post.namespaced ? 'Namespaced' : 'Cluster', versions: [] };
        kinds.set(key, kind);
      }
      kind.versions.push({ name: gvk.version, schema: name });
    }
  }

  // Only the definitions the served kinds reach.
  const definitions: Record<string, any> = {};
  const pending = [...kinds.values()].flatMap(k => k.versions.map((v: any) => v.schema));
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (definitions[name] !== undefined) continue;
    const schema = raw.get(name);
    if (schema === undefined) throw new Error(`definition ${name} is referenced but not defined`);
    definitions[name] = convert(name, schema, raw, pending);
  }

  const sortedKinds = [...kinds.values()].sort((a, b) => `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`));
  for (const k of sortedKinds) k.versions.sort((a: any, b: any) => a.name.localeCompare(b.name));
  const id = `kubernetes-${release}`;
  const file = `${id}.json`;
  const data = {
    '//': 'Generated by scripts/generate-schemas.ts (npx projen schemas) from the pinned OpenAPI documents in ../shared/kubernetes-openapi. Do not edit.',
    'project': 'kubernetes',
    'release': release,
    'repository': 'kubernetes/kubernetes',
    'upstreamPath': 'api/openapi-spec/v3/',
    'builtIn': true,
    'openapiFiles': files.map(f => ({ path: path.posix.join(release, f), sha256: sha256File(path.join(dir, f)) })),
    'kinds': sortedKinds,
    'definitions': Object.fromEntries(Object.keys(definitions).sort().map(k => [k, definitions[k]])),
  };
  const indexEntry = {
    id,
    project: 'kubernetes',
    release,
    file,
    builtIn: true,
    served: sortedKinds.flatMap(k => k.versions.map((v: any) => `${k.group}/${v.name}/${k.kind}`)).sort(),
    scopes: Object.fromEntries(sortedKinds.map(k => [`${k.group}/${k.kind}`, k.scope])),
  };
  return { id, file, data, indexEntry };
}

/** One definition, converted (see the file comment); the definitions it refers to are queued. */
function convert(name: string, schema: any, raw: Map<string, any>, pending: string[]): any {
  if (schema.format === 'int-or-string') return { 'x-kubernetes-int-or-string': true };
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return { format: 'quantity' };
  return node(name, schema, raw, pending);
}

function node(where: string, s: any, raw: Map<string, any>, pending: string[]): any {
  if (s.$ref !== undefined) return ref(s.$ref, pending);
  if (Array.isArray(s.allOf)) {
    if (s.allOf.length !== 1 || s.allOf[0].$ref === undefined) throw new Error(`${where}: allOf other than one $ref`);
    const rest = Object.keys(s).filter(k => k !== 'allOf' && !DROPPED.has(k));
    if (rest.length > 0) throw new Error(`${where}: allOf beside ${rest.join(', ')}`);
    return ref(s.allOf[0].$ref, pending);
  }
  const result: any = {};
  for (const [key, value] of Object.entries<any>(s)) {
    if (DROPPED.has(key)) continue;
    if (KEPT.has(key)) {
      result[key] = value;
    } else if (key === 'properties') {
      result.properties = Object.fromEntries(Object.entries<any>(value).map(([n, sub]) => [n, node(`${where}.${n}`, sub, raw, pending)]));
    } else if (key === 'items') {
      result.items = node(`${where}[]`, value, raw, pending);
    } else if (key === 'additionalProperties') {
      result.additionalProperties = typeof value === 'object' ? node(`${where}{}`, value, raw, pending) : value;
    } else if (key === 'required') {
      const sure: string[] = [];
      const unsure: string[] = [];
      for (const field of value as string[]) (requiredIsSure(where, field, s.properties?.[field], raw) ? sure : unsure).push(field);
      if (sure.length > 0) result.required = sure;
      if (unsure.length > 0) result['x-required-if-unsure'] = unsure;
    } else {
      throw new Error(`${where}: unexpected keyword ${key}`);
    }
  }
  if (result.type === 'object' && result.properties === undefined && result.additionalProperties === undefined) {
    result['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return result;
}

function ref(target: string, pending: string[]): any {
  if (!target.startsWith(REF_PREFIX)) throw new Error(`unexpected $ref ${target}`);
  const name = target.slice(REF_PREFIX.length);
  pending.push(name);
  return { $ref: name };
}

/** Whether the API server refuses an object without this required field (see the file comment). */
function requiredIsSure(where: string, field: string, property: any, raw: Map<string, any>): boolean {
  if (REQUIRED_IF_UNSURE.has(`${where}/${field}`)) return false;
  if (REQUIRED_NUMBERS.has(`${where}/${field}`)) return true;
  if (property === undefined) return false;
  if (/default/i.test(property.description ?? '')) return false;
  let type = property.type;
  const target = property.$ref ?? property.allOf?.[0]?.$ref;
  if (type === undefined && target !== undefined) type = raw.get(target.slice(REF_PREFIX.length))?.type;
  return type !== 'integer' && type !== 'number' && type !== 'boolean';
}
