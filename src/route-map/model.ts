/**
 * The route map's model: nodes (objects, Gateway listeners, referenced objects outside the set), namespaces,
 * and edges carrying the attachment analysis's verdicts. Built from the findings of `analyseEntries()`; it
 * decides nothing about attachment itself. Sorted, so that the same set in any order gives the same model.
 */
import { compareStrings } from '../kubernetes/order';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, MODEL_HEADER } from '../kubernetes/well-known';
import { ParentFinding, ReferenceFinding, secretRefs } from '../validation/attachment';
import { apiGroup, isObject, namespaceOf, ObjectIndex } from '../validation/attachment-index';
import { GatewayController } from '../validation/controllers';
import { analyseEntries, ManifestEntry, verdictMessage } from '../validation/manifest-validator';
import { PolicyFinding } from '../validation/policy-attachment';
import { KnownObject, ValidationReport } from '../validation/report';

/** Where a node's object is: in the set, declared known (in the cluster), or nowhere the map can see. */
export type NodeStatus = 'set' | 'known' | 'missing';

/** How an edge is drawn: its verdict's tone. */
export type Tone = 'ok' | 'failed' | 'unverified' | 'grant' | 'plain' | 'missing';

export interface MapListener {
  readonly id: string;
  readonly name: string;
  readonly text: string;
}

export interface MapNode {
  /** Stable id: n1, n2 ... in sorted order. */
  id: string;
  readonly key: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status: NodeStatus;
  /** Extra label lines (class, hostnames, model count ...). */
  readonly notes: string[];
  /** Listeners of a Gateway whose spec is known, in spec order. */
  readonly listeners: MapListener[];
}

export interface MapEdge {
  /** Stable id: e1, e2 ... in sorted order. */
  id: string;
  readonly from: { node: MapNode; listener?: string };
  readonly to: { node: MapNode; listener?: string };
  /** The field the edge stands for: parentRef, backendRef, certificateRef ... */
  readonly relation: string;
  /** The analysis's reason (Accepted, ResolvedRefs, RefNotPermitted ...), or Found / NotFound for plain links. */
  readonly verdict: string;
  readonly tone: Tone;
  /** Per-reference detail: models, weights, priorities, ports, the permitting grant. */
  readonly details: string[];
  /** The analysis's messages, one per finding the edge stands for. */
  readonly messages: string[];
  /** Draw from the head's side (traffic flows left to right: class, gateway, route, backend). */
  readonly reversed: boolean;
}

/** One rule of a route, for the per-route model lists. */
export interface MapRule {
  /** What the rule matches: model names for AIGatewayRoutes, else paths, headers, or 'any request'. */
  readonly match: string;
  readonly models: string[];
  readonly backends: { text: string; verdict: string; tone: Tone; edge?: string }[];
}

export interface MapRoute {
  readonly node: MapNode;
  readonly rules: MapRule[];
  readonly models: number;
  readonly problems: number;
}

export interface MapProblem {
  readonly severity: 'error' | 'warning';
  readonly object: string;
  readonly path: string;
  readonly message: string;
  readonly edge?: string;
}

export interface RouteMapModel {
  readonly nodes: MapNode[];
  readonly edges: MapEdge[];
  /** Namespaces in name order, with their nodes. */
  readonly namespaces: { name: string; inSet: boolean; nodes: MapNode[] }[];
  /** Cluster-scoped nodes. */
  readonly clusterScoped: MapNode[];
  readonly routes: MapRoute[];
  readonly problems: MapProblem[];
  /** Objects of the set the map does not draw, counted by kind. */
  readonly notDrawn: { kind: string; count: number }[];
  readonly report: ValidationReport;
}

const CERT_GROUP = 'cert-manager.io';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'AIGatewayRoute']);
const TARGET_REF_POLICIES = [
  'ClientTrafficPolicy', 'SecurityPolicy', 'BackendTrafficPolicy', 'EnvoyExtensionPolicy', 'EnvoyPatchPolicy', 'BackendTLSPolicy',
];

/** Kinds drawn, in the order they appear inside a namespace (left to right, roughly the traffic's way). */
const KIND_ORDER = [
  'GatewayClass', 'EnvoyProxy', 'Gateway', 'ClientTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy', 'EnvoyPatchPolicy',
  'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'AIGatewayRoute', 'BackendTrafficPolicy', 'BackendTLSPolicy',
  'BackendSecurityPolicy', 'AIServiceBackend', 'Backend', 'InferencePool', 'Service', 'ServiceImport', 'ReferenceGrant',
  'Certificate', 'Issuer', 'ClusterIssuer', 'Secret',
];
const DRAWN = new Set(KIND_ORDER);

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `Kind ns/name`, or `Kind name` for cluster-scoped objects. */
export function objectText(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

/** At most `max` items, then `+N more`. */
export function summarize(items: string[], max: number): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `+${items.length - max} more`];
}

/** One end of an edge: a node, or one listener of a Gateway node. */
interface EdgeEnd {
  readonly node: MapNode;
  readonly listener?: string;
}

class Builder {
  private readonly nodes = new Map<string, MapNode>();
  private readonly edges = new Map<string, {
    from: EdgeEnd;
    to: EdgeEnd;
    relation: string;
    verdict: string;
    tone: Tone;
    details: Set<string>;
    messages: Set<string>;
    reversed: boolean;
    findings: string[];
  }>();
  /** Finding key (object index and path) to edge key. */
  public readonly findingEdges = new Map<string, string>();

  public constructor(public readonly index: ObjectIndex) {}

  public node(group: string, kind: string, namespace: string | undefined, name: string, object?: any): MapNode {
    const key = `${kind}\0${namespace ?? ''}\0${name}\0${group}`;
    let node = this.nodes.get(key);
    if (node !== undefined) return node;
    const found = object === undefined ? this.index.find(group, kind, namespace, name) : { object, known: false, specKnown: true };
    const status: NodeStatus = found === undefined ? 'missing' : found.known ? 'known' : 'set';
    const source = found?.object;
    const notes: string[] = [];
    const listeners: MapListener[] = [];
    if (kind === 'Gateway' && source !== undefined) {
      if (str(source.spec?.gatewayClassName)) notes.push(`class ${source.spec.gatewayClassName}`);
      if (found?.specKnown) {
        for (const listener of list(source.spec?.listeners).filter(isObject)) {
          if (typeof listener.name !== 'string') continue;
          const text = `${listener.name} · ${listener.protocol ?? '?'} :${listener.port ?? '?'}` +
            (typeof listener.hostname === 'string' ? ` · ${listener.hostname}` : '');
          listeners.push({ id: `l${listeners.length + 1}`, name: listener.name, text });
        }
      }
    }
    if (ROUTE_KINDS.has(kind) && source !== undefined) {
      notes.push(...summarize(list(source.spec?.hostnames).filter(h => typeof h === 'string'), 2));
      if (kind === 'AIGatewayRoute') {
        const models = new Set(list(source.spec?.rules).flatMap(ruleModels));
        notes.push(`${models.size} model${models.size === 1 ? '' : 's'}`);
      }
    }
    if (kind === 'Backend' && source !== undefined) {
      notes.push(...summarize(list(source.spec?.endpoints).filter(isObject).map(endpointText).filter((e): e is string => e !== undefined), 2));
    }
    if (kind === 'Certificate' && source !== undefined) {
      notes.push(...summarize(list(source.spec?.dnsNames).filter(h => typeof h === 'string'), 2));
    }
    if (status === 'known') notes.push(found?.specKnown ? 'declared known' : 'declared known (no spec)');
    if (found?.issuedBy !== undefined) notes.push(`issued for ${found.issuedBy}`);
    if (status === 'missing') notes.push('not in the set');
    node = { id: '', key, kind, namespace, name, status, notes, listeners };
    this.nodes.set(key, node);
    return node;
  }

  /** A node for a reference without a usable name: drawn so that the broken reference is visible. */
  public unnamed(referrer: MapNode, path: string): MapNode {
    const key = `Unnamed\0${referrer.namespace ?? ''}\0${referrer.key}\0${path}`;
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { id: '', key, kind: 'reference', namespace: referrer.namespace, name: '(no name)', status: 'missing', notes: [`from ${path}`], listeners: [] };
      this.nodes.set(key, node);
    }
    return node;
  }

  public edge(from: EdgeEnd, to: EdgeEnd, relation: string,
    verdict: string, tone: Tone, detail: string | undefined, message: string | undefined, reversed: boolean, finding?: string): void {
    const key = [from.node.key, from.listener ?? '', to.node.key, to.listener ?? '', relation, verdict, tone].join('\u0001');
    let edge = this.edges.get(key);
    if (edge === undefined) {
      edge = { from, to, relation, verdict, tone, details: new Set(), messages: new Set(), reversed, findings: [] };
      this.edges.set(key, edge);
    }
    if (detail !== undefined && detail.length > 0) edge.details.add(detail);
    if (message !== undefined) edge.messages.add(message);
    if (finding !== undefined) this.findingEdges.set(finding, key);
  }

  /**
   * A plain link the analysis does not judge, from an object to what it names: drawn as found, or missing
   * (dashed) when outside the set.
   */
  public link(from: EdgeEnd, group: string, kind: string, namespace: string | undefined, name: string,
    relation: string, reversed: boolean, detail?: string): void {
    const to = this.node(group, kind, namespace, name);
    this.plain(from, { node: to }, to, objectText(kind, namespace, name), relation, reversed, detail);
  }

  /** A plain edge whose verdict is whether `target` (named `targetText` in the message) is in the set or known. */
  public plain(from: EdgeEnd, to: EdgeEnd, target: MapNode, targetText: string, relation: string, reversed: boolean,
    detail?: string): void {
    const found = target.status !== 'missing';
    this.edge(from, to, relation, found ? 'Found' : 'NotFound', found ? 'plain' : 'missing', detail,
      found ? undefined : `${targetText} is neither in the set nor declared known.`, reversed);
  }

  /** Nodes and edges with ids in sorted order; the map from edge keys to edge ids. */
  public finish(): { nodes: MapNode[]; edges: MapEdge[]; edgeIds: Map<string, string> } {
    const nodes = [...this.nodes.values()].sort((a, b) =>
      compareStrings(a.namespace ?? '', b.namespace ?? '') || kindRank(a.kind) - kindRank(b.kind) || compareStrings(a.kind, b.kind)
      || compareStrings(a.name, b.name) || compareStrings(a.key, b.key));
    nodes.forEach((n, i) => { n.id = `n${i + 1}`; });
    const entries = [...this.edges.entries()].sort(([ka, a], [kb, b]) =>
      compareStrings(a.from.node.id.padStart(8, '0'), b.from.node.id.padStart(8, '0')) || compareStrings(a.from.listener ?? '', b.from.listener ?? '')
      || compareStrings(a.to.node.id.padStart(8, '0'), b.to.node.id.padStart(8, '0')) || compareStrings(a.to.listener ?? '', b.to.listener ?? '')
      || compareStrings(ka, kb));
    const edgeIds = new Map<string, string>();
    const edges = entries.map(([key, e], i) => {
      const id = `e${i + 1}`;
      edgeIds.set(key, id);
      return {
        id,
        from: e.from,
        to: e.to,
        relation: e.relation,
        verdict: e.verdict,
        tone: e.tone,
        details: [...e.details].sort(compareNatural),
        messages: [...e.messages].sort(),
        reversed: e.reversed,
      };
    });
    return { nodes, edges, edgeIds };
  }
}

/** Sorts 'model a10' after 'model a9'. */
function compareNatural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function endpointText(endpoint: any): string | undefined {
  if (isObject(endpoint.fqdn)) return `${endpoint.fqdn.hostname}:${endpoint.fqdn.port}`;
  if (isObject(endpoint.ip)) return `${endpoint.ip.address}:${endpoint.ip.port}`;
  if (isObject(endpoint.unix)) return `unix:${endpoint.unix.path}`;
  return undefined;
}

/** The models an AIGatewayRoute rule matches (the x-ai-eg-model header values). */
function ruleModels(rule: any): string[] {
  if (!isObject(rule)) return [];
  return list(rule.matches).filter(isObject).flatMap(m => list(m.headers))
    .filter(h => isObject(h) && h.name === MODEL_HEADER && typeof h.value === 'string').map(h => h.value as string);
}

/** What a Gateway API route rule matches, briefly. */
function ruleMatch(rule: any): string {
  const parts = list(rule?.matches).filter(isObject).map(m => {
    const bits: string[] = [];
    if (isObject(m.path)) bits.push(`${m.path.type ?? 'PathPrefix'} ${m.path.value ?? '/'}`);
    if (isObject(m.method)) bits.push(`${m.method.service ?? '*'}/${m.method.method ?? '*'}`);
    else if (typeof m.method === 'string') bits.push(m.method);
    for (const h of list(m.headers).filter(isObject)) bits.push(`${h.name}: ${h.value}`);
    return bits.join(' ');
  }).filter(p => p.length > 0);
  return parts.length > 0 ? parts.join(' | ') : 'any request';
}

/** The rule and backendRef indexes of a finding path `spec.rules[r].backendRefs[b]`. */
function rulePosition(path: string): { rule: number; backend: number } | undefined {
  const m = /^spec\.rules\[(\d+)\]\.backendRefs\[(\d+)\]$/.exec(path);
  return m === null ? undefined : { rule: Number(m[1]), backend: Number(m[2]) };
}

/** What the edge functions share: the builder, the set's objects with their nodes, the tone of a verdict. */
interface MapInput {
  readonly builder: Builder;
  readonly objects: any[];
  /** Per object of the set: its node, or undefined for an object the map does not draw. */
  readonly nodes: (MapNode | undefined)[];
  /** As in the validator: an unverified verdict is a warning, or an error in strict mode. */
  readonly tone: (ok: boolean, verified: boolean) => Tone;
}

/** The edge id of a finding of the analysis (by object index and path), once the edges have ids. */
type EdgeOfFinding = (objectIndex: number, path: string) => string | undefined;

/** The key of an analysis finding: its object's position in the set and the finding's path. */
function findingKey(objectIndex: number, path: string): string {
  return `${objectIndex}\0${path}`;
}

/**
 * Builds the route map of a set of manifests.
 *
 * @param entries the manifests, as for `validateEntries()`
 * @param known the objects declared known
 * @param strict whether references to objects outside the set are errors (as in the validator)
 * @param controller the controller route kinds and backendRef kinds are checked against (as in the validator)
 */
export function buildRouteMap(entries: ManifestEntry[], known: KnownObject[], strict: boolean,
  controller: GatewayController = GatewayController.ANY): RouteMapModel {
  const { report, attachment, index, policyFindings } = analyseEntries(entries, known, strict, { controller });
  const builder = new Builder(index);
  const objects = entries.map(e => e.object);
  const notDrawn = new Map<string, number>();
  const input: MapInput = {
    builder,
    objects,
    nodes: objectNodes(builder, objects, notDrawn),
    tone: (ok, verified) => (ok ? 'ok' : verified || strict ? 'failed' : 'unverified'),
  };

  // Edges with the analysis's verdicts.
  parentEdges(input, attachment.parents);
  referenceEdges(input, attachment.references);
  grantEdges(input, attachment.references);
  // Plain links the analysis does not judge: drawn as found, or missing (dashed) when outside the set.
  gatewayClassEdges(input);
  parametersRefEdges(input);
  policyEdges(input, policyFindings);
  certificateEdges(input);
  issuerAnnotationEdges(input);
  issuerSecretEdges(input);

  const { nodes, edges, edgeIds } = builder.finish();
  const edgeOfFinding: EdgeOfFinding = (objectIndex, path) => {
    const key = builder.findingEdges.get(findingKey(objectIndex, path));
    return key === undefined ? undefined : edgeIds.get(key);
  };
  return {
    nodes,
    edges,
    namespaces: mapNamespaces(nodes, objects),
    clusterScoped: nodes.filter(n => n.namespace === undefined),
    routes: mapRoutes(input, attachment.references, report, edgeOfFinding),
    problems: mapProblems(report, edgeOfFinding),
    notDrawn: [...notDrawn.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([kind, count]) => ({ kind, count })),
    report,
  };
}

/** The node of each object of the set; objects of kinds the map does not draw count in `notDrawn` (Namespaces aside). */
function objectNodes(builder: Builder, objects: any[], notDrawn: Map<string, number>): (MapNode | undefined)[] {
  return objects.map(object => {
    if (!isObject(object) || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') return undefined;
    if (!DRAWN.has(object.kind)) {
      if (object.kind !== 'Namespace') notDrawn.set(object.kind, (notDrawn.get(object.kind) ?? 0) + 1);
      return undefined;
    }
    return builder.node(apiGroup(object.apiVersion), object.kind, namespaceOf(object), object.metadata.name, object);
  });
}

/** The drawn objects of the set of the given kinds, with their position, node and spec (`{}` when it has none). */
function drawnOf(input: MapInput, kinds: readonly string[]): { object: any; index: number; node: MapNode; spec: any }[] {
  const drawn: { object: any; index: number; node: MapNode; spec: any }[] = [];
  input.objects.forEach((object, index) => {
    const node = input.nodes[index];
    if (node === undefined || !kinds.includes(object.kind)) return;
    drawn.push({ object, index, node, spec: isObject(object.spec) ? object.spec : {} });
  });
  return drawn;
}

/** Route parentRefs: to the listeners the verdict is about, else to the Gateway (or what the parentRef names). */
function parentEdges({ builder, nodes, tone }: MapInput, parents: ParentFinding[]): void {
  for (const p of parents) {
    const from = nodes[p.objectIndex];
    if (from === undefined) continue;
    const section = str(p.parentRef?.sectionName);
    const detail = section === undefined ? undefined : `sectionName ${section}`;
    const parent = parentNode(builder, p, from);
    for (const listener of p.listeners.length > 0 ? p.listeners : [undefined]) {
      builder.edge({ node: parent, listener }, { node: from }, 'parentRef', p.reason, tone(p.attached, p.verified), detail,
        verdictMessage(p.message, p.verified), true, findingKey(p.objectIndex, p.path));
    }
  }
}

/** The parent of a parentRef: the Gateway of the verdict, else what the parentRef names, else a placeholder. */
function parentNode(builder: Builder, p: ParentFinding, route: MapNode): MapNode {
  if (p.gateway !== undefined) return builder.node(GATEWAY_API_GROUP, 'Gateway', p.gateway.namespace, p.gateway.name);
  if (isObject(p.parentRef) && typeof p.parentRef.name === 'string') {
    return builder.node(str(p.parentRef.group) ?? GATEWAY_API_GROUP, str(p.parentRef.kind) ?? 'Gateway',
      str(p.parentRef.namespace) ?? route.namespace, p.parentRef.name);
  }
  return builder.unnamed(route, p.path);
}

/** References: route backends, listener certificates, AI Gateway references, endpoint pickers. */
function referenceEdges({ builder, objects, nodes, tone }: MapInput, references: ReferenceFinding[]): void {
  for (const r of references) {
    const referrer = nodes[r.objectIndex];
    if (referrer === undefined) continue;
    const object = objects[r.objectIndex];
    const { from, relation } = referenceStart(r.path, object, referrer);
    const to = { node: referenceTarget(builder, r, referrer) };
    const details = referenceDetails(r, object);
    for (const detail of details.length > 0 ? details : [undefined]) {
      builder.edge(from, to, relation, r.reason, tone(r.resolved, r.verified), detail, verdictMessage(r.message, r.verified), false,
        findingKey(r.objectIndex, r.path));
    }
  }
}

/** Where the edge of a reference starts (a Gateway's listener, for its certificateRefs) and the field it stands for. */
function referenceStart(path: string, object: any, referrer: MapNode): { from: EdgeEnd; relation: string } {
  const listenerMatch = /^spec\.listeners\[(\d+)\]\.tls\.certificateRefs/.exec(path);
  if (listenerMatch !== null) {
    const listener = list(object.spec?.listeners)[Number(listenerMatch[1])];
    const named = isObject(listener) && typeof listener.name === 'string';
    return { from: named ? { node: referrer, listener: listener.name } : { node: referrer }, relation: 'certificateRef' };
  }
  let relation = 'backendRef';
  if (path.startsWith('spec.targetRefs')) relation = 'targetRef';
  else if (/SecretRef$|secretRef$/.test(path)) relation = 'secretRef';
  else if (path === 'spec.endpointPickerRef' || path === 'spec.extensionRef') relation = 'endpointPickerRef';
  else if (path.includes('requestMirror')) relation = 'requestMirror';
  return { from: { node: referrer }, relation };
}

/** The node a reference points at, or a placeholder for a reference without a usable name. */
function referenceTarget(builder: Builder, r: ReferenceFinding, referrer: MapNode): MapNode {
  return r.target === undefined ? builder.unnamed(referrer, r.path)
    : builder.node(r.target.group, r.target.kind, r.target.namespace, r.target.name);
}

/** Per-reference detail: the models of an AIGatewayRoute rule, else the port; weight, priority, the permitting grant. */
function referenceDetails(r: ReferenceFinding, object: any): string[] {
  const details: string[] = [];
  const position = rulePosition(r.path);
  const extras = backendExtras(r.backendRef);
  if (position !== undefined && object.kind === 'AIGatewayRoute') {
    const models = ruleModels(list(object.spec?.rules)[position.rule]);
    if (models.length === 0) details.push(`rule ${position.rule}${extrasSuffix(extras)}`);
    for (const model of models) details.push(`${model}${extrasSuffix(extras)}`);
  } else {
    if (r.target?.port !== undefined) details.push(`port ${r.target.port}`);
    details.push(...extras);
  }
  if (r.grant !== undefined) details.push(`grant ${r.grant.name}`);
  return details;
}

/**
 * A backendRef's weight and priority, as detail text, when they differ from the schemas' defaults (weight 1,
 * priority 0): a manifest that writes the defaults out maps as one that leaves them to the API server.
 */
function backendExtras(backendRef: unknown): string[] {
  const ref = isObject(backendRef) ? backendRef : {};
  return [
    typeof ref.weight === 'number' && ref.weight !== 1 ? `weight ${ref.weight}` : undefined,
    typeof ref.priority === 'number' && ref.priority !== 0 ? `priority ${ref.priority}` : undefined,
  ].filter((x): x is string => x !== undefined);
}

/** ` (weight 2, priority 1)`, or '' without extras. */
function extrasSuffix(extras: string[]): string {
  return extras.length > 0 ? ` (${extras.join(', ')})` : '';
}

/** The ReferenceGrant that permits a cross-namespace reference, to the object the reference reaches. */
function grantEdges({ builder, nodes }: MapInput, references: ReferenceFinding[]): void {
  for (const r of references) {
    const referrer = nodes[r.objectIndex];
    if (referrer === undefined || r.grant === undefined) continue;
    const grant = builder.node(GATEWAY_API_GROUP, 'ReferenceGrant', r.grant.namespace, r.grant.name);
    builder.edge({ node: grant }, { node: referenceTarget(builder, r, referrer) }, 'grant', 'permits', 'grant',
      `${r.route.kind}s from ${r.route.namespace ?? 'default'}`, undefined, false);
  }
}

/** A Gateway's GatewayClass, drawn from the class (traffic flows left to right: class, gateway, route, backend). */
function gatewayClassEdges(input: MapInput): void {
  for (const { node, spec } of drawnOf(input, ['Gateway'])) {
    if (!str(spec.gatewayClassName)) continue;
    const klass = input.builder.node(GATEWAY_API_GROUP, 'GatewayClass', undefined, spec.gatewayClassName);
    input.builder.plain({ node: klass }, { node }, klass, objectText('GatewayClass', undefined, spec.gatewayClassName),
      'gatewayClassName', true);
  }
}

/** The parameters of a Gateway (`spec.infrastructure.parametersRef`, in its namespace) and of a GatewayClass. */
function parametersRefEdges(input: MapInput): void {
  for (const { object, node, spec } of drawnOf(input, ['Gateway', 'GatewayClass'])) {
    const gateway = object.kind === 'Gateway';
    const ref = gateway ? spec.infrastructure?.parametersRef : spec.parametersRef;
    if (!isObject(ref) || typeof ref.name !== 'string') continue;
    input.builder.link({ node }, str(ref.group) ?? '', str(ref.kind) ?? 'EnvoyProxy', gateway ? node.namespace : str(ref.namespace), ref.name,
      'parametersRef', false);
  }
}

/** Policies to their targets: a Gateway's listener when the sectionName names one. */
function policyEdges(input: MapInput, securityPolicies: PolicyFinding[]): void {
  // SecurityPolicies: the verdict Envoy Gateway gives each target (policy-attachment.ts), once per target.
  const drawnTargets = new Set<string>();
  for (const p of securityPolicies) {
    const from = input.nodes[p.objectIndex];
    if (from === undefined) continue;
    const edgeKey = findingKey(p.objectIndex, p.path);
    const ref = p.targetRef;
    // A selector that selects nothing names no object to draw on.
    if (typeof ref?.name !== 'string') continue;
    const kind = str(ref.kind) ?? 'Gateway';
    // A selector's objects may lie in other namespaces (its targetRef says which).
    const ns = str(ref.namespace) ?? from.namespace;
    // One edge per target and verdict: a selector's path stands for every object it selects.
    const drawnKey = `${edgeKey}\0${kind}\0${ns}\0${ref.name}\0${str(ref.sectionName) ?? ''}\0${p.reason}`;
    if (drawnTargets.has(drawnKey)) continue;
    drawnTargets.add(drawnKey);
    // The HTTPRoute the AI Gateway controller makes for an AIGatewayRoute of the same name: drawn on that AIGatewayRoute.
    const ai = kind === 'HTTPRoute' && input.builder.index.find(GATEWAY_API_GROUP, 'HTTPRoute', ns, ref.name) === undefined
      && input.builder.index.find(AI_GATEWAY_GROUP, 'AIGatewayRoute', ns, ref.name) !== undefined;
    const target = ai ? input.builder.node(AI_GATEWAY_GROUP, 'AIGatewayRoute', ns, ref.name) : input.builder.node(str(ref.group) ?? GATEWAY_API_GROUP, kind, ns, ref.name);
    const listener = kind === 'Gateway' && target.listeners.some(l => l.name === ref.sectionName) ? ref.sectionName : undefined;
    const detail = ai ? 'its generated HTTPRoute' : str(ref.sectionName) === undefined || listener !== undefined ? undefined : `sectionName ${ref.sectionName}`;
    input.builder.edge({ node: from }, { node: target, listener }, 'targetRef', p.reason, input.tone(p.accepted, p.verified), detail,
      verdictMessage(p.message, p.verified), false, edgeKey);
  }
  for (const { node, spec, object } of drawnOf(input, TARGET_REF_POLICIES)) {
    if (object.kind === 'SecurityPolicy' && apiGroup(object.apiVersion) === ENVOY_GATEWAY_GROUP) continue;
    const ns = node.namespace;
    const refs = [...(isObject(spec.targetRef) ? [spec.targetRef] : []), ...list(spec.targetRefs).filter(isObject)];
    for (const ref of refs) {
      if (typeof ref.name !== 'string') continue;
      const kind = str(ref.kind) ?? 'Gateway';
      const target = input.builder.node(str(ref.group) ?? (kind === 'Service' ? '' : GATEWAY_API_GROUP), kind, ns, ref.name);
      const listener = kind === 'Gateway' && target.listeners.some(l => l.name === ref.sectionName) ? ref.sectionName : undefined;
      input.builder.plain({ node }, { node: target, listener }, target, objectText(kind, ns, ref.name), 'targetRef', false,
        str(ref.sectionName) === undefined || listener !== undefined ? undefined : `sectionName ${ref.sectionName}`);
    }
  }
}

/** A Certificate's Secret and its issuer. */
function certificateEdges(input: MapInput): void {
  for (const { node, spec } of drawnOf(input, ['Certificate'])) {
    const ns = node.namespace;
    if (str(spec.secretName)) input.builder.link({ node }, '', 'Secret', ns, spec.secretName, 'secretName', false);
    if (isObject(spec.issuerRef) && typeof spec.issuerRef.name === 'string') {
      const kind = str(spec.issuerRef.kind) ?? 'Issuer';
      input.builder.link({ node }, str(spec.issuerRef.group) ?? CERT_GROUP, kind, kind === 'ClusterIssuer' ? undefined : ns,
        spec.issuerRef.name, 'issuerRef', true);
    }
  }
}

/** The issuer a Gateway's cert-manager annotation names (cert-manager's gateway-shim makes its Certificates). */
function issuerAnnotationEdges(input: MapInput): void {
  for (const { object, node } of drawnOf(input, ['Gateway'])) {
    const annotations = isObject(object.metadata.annotations) ? object.metadata.annotations : {};
    if (str(annotations['cert-manager.io/issuer'])) {
      input.builder.link({ node }, CERT_GROUP, 'Issuer', node.namespace, annotations['cert-manager.io/issuer'], 'cert-manager.io/issuer', false);
    }
    if (str(annotations['cert-manager.io/cluster-issuer'])) {
      input.builder.link({ node }, CERT_GROUP, 'ClusterIssuer', undefined, annotations['cert-manager.io/cluster-issuer'],
        'cert-manager.io/cluster-issuer', false);
    }
  }
}

/** The Secrets an Issuer or ClusterIssuer refers to (ACME account key aside). */
function issuerSecretEdges(input: MapInput): void {
  for (const { object, node, spec } of drawnOf(input, ['Issuer', 'ClusterIssuer'])) {
    // A ClusterIssuer's Secrets live in cert-manager's cluster resource namespace (default 'cert-manager').
    const secretNamespace = object.kind === 'Issuer' ? node.namespace : 'cert-manager';
    for (const { ref, path } of secretRefs(spec, 'spec', ['privateKeySecretRef'])) {
      input.builder.link({ node }, '', 'Secret', secretNamespace, ref.name, 'secretRef', false, path.replace(/^spec\./, ''));
    }
  }
}

/** Namespaces: every namespace a node lives in, and Namespace objects of the set, in name order. */
function mapNamespaces(nodes: MapNode[], objects: any[]): RouteMapModel['namespaces'] {
  const namespaceNames = new Set<string>();
  for (const node of nodes) if (node.namespace !== undefined) namespaceNames.add(node.namespace);
  const namespaceObjects = new Set(objects.filter(o => isObject(o) && o.kind === 'Namespace' && typeof o.metadata?.name === 'string')
    .map(o => o.metadata.name as string));
  for (const name of namespaceObjects) namespaceNames.add(name);
  return [...namespaceNames].sort(compareStrings).map(name => ({
    name, inSet: namespaceObjects.has(name), nodes: nodes.filter(n => n.namespace === name),
  }));
}

/** Routes with their rules (the model lists), in node order. */
function mapRoutes(input: MapInput, references: ReferenceFinding[], report: ValidationReport, edgeOfFinding: EdgeOfFinding): MapRoute[] {
  const routes = drawnOf(input, [...ROUTE_KINDS]).map(({ object, index, node }): MapRoute => {
    const rules = list(object.spec?.rules).map((rule, r) =>
      mapRule(input, object.kind, rule, references.filter(f => f.objectIndex === index && rulePosition(f.path)?.rule === r), edgeOfFinding));
    const problems = report.objects[index].errors.length + report.objects[index].warnings.length;
    return { node, rules, models: new Set(rules.flatMap(r => r.models)).size, problems };
  });
  return routes.sort((a, b) => compareStrings(a.node.id.padStart(8, '0'), b.node.id.padStart(8, '0')));
}

/** One rule of a route, with the references of its backendRefs. */
function mapRule(input: MapInput, kind: string, rule: any, references: ReferenceFinding[], edgeOfFinding: EdgeOfFinding): MapRule {
  const models = kind === 'AIGatewayRoute' ? ruleModels(rule) : [];
  return {
    match: models.length > 0 ? models.join(', ') : ruleMatch(rule),
    models,
    backends: references.map(f => {
      const target = f.target === undefined ? '(no name)' : objectText(f.target.kind, f.target.namespace, f.target.name);
      return {
        text: `${target}${extrasSuffix(backendExtras(f.backendRef))}`,
        verdict: f.reason,
        tone: input.tone(f.resolved, f.verified),
        edge: edgeOfFinding(f.objectIndex, f.path),
      };
    }),
  };
}

/** Problems: every error and warning of the validator, tied to its edge when it has one. */
function mapProblems(report: ValidationReport, edgeOfFinding: EdgeOfFinding): MapProblem[] {
  const problems: MapProblem[] = [];
  report.objects.forEach((o, i) => {
    const object = objectText(o.kind, o.namespace, o.name);
    for (const [severity, findings] of [['error', o.errors], ['warning', o.warnings]] as const) {
      for (const f of findings) problems.push({ severity, object, path: f.path, message: f.message, edge: edgeOfFinding(i, f.path) });
    }
  });
  return problems.sort((a, b) => compareStrings(a.severity, b.severity) || compareStrings(a.object, b.object)
    || compareStrings(a.path, b.path) || compareStrings(a.message, b.message));
}
