/**
 * Attachment analysis over a set of manifests: whether each route parentRef attaches to a listener, and
 * whether each reference (route backendRefs, listener certificateRefs, Envoy AI Gateway references)
 * resolves, with the Gateway API's rules and condition reasons. Works on plain manifest objects, so it
 * checks our synth output, Helm output and hand-written YAML alike.
 *
 * Order of the checks follows Envoy Gateway, the controller our output targets: for a parentRef,
 * NoMatchingParent (sectionName/port), then NotAllowedByListeners (kind, namespace), then
 * NoMatchingListenerHostname; for a reference, InvalidKind, then RefNotPermitted, then BackendNotFound,
 * then PortNotFound.
 */
import { apiGroup, FoundObject, isObject, namespaceOf, ObjectIndex } from './attachment-index';
import {
  backendKindsOf, controllerLabel, controllerOfClass, GatewayController, groupKindText, KNOWN_CONTROLLERS, routeKindsOf, servesBackend,
  servesRoute,
} from './controllers';
import { ObjectName, ParentReason, ReferenceReason } from './report';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, INFERENCE_GROUP } from '../kubernetes/well-known';

const INFERENCE_X_GROUP = 'inference.networking.x-k8s.io';

/** Route kinds of the Gateway API whose parentRefs and backendRefs are analysed. */
const GATEWAY_ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Route kinds that carry `spec.hostnames`. */
const ROUTES_WITH_HOSTNAMES = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'AIGatewayRoute']);

/** A verdict on one parentRef, tied to the route object and the parentRef's JSON path. */
export interface ParentFinding {
  readonly objectIndex: number;
  readonly path: string;
  readonly route: ObjectName;
  readonly parentRef: any;
  readonly attached: boolean;
  readonly reason: ParentReason;
  readonly message: string;
  readonly verified: boolean;
  /** The Gateway the parentRef names, defaults applied; undefined when it names no Gateway. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /**
   * The listeners of the Gateway the verdict is about: those the route attaches to when Accepted, else
   * those the parentRef selects; empty when the Gateway's listeners are not known or none matches.
   */
  readonly listeners: string[];
}

/** A verdict on one reference, tied to the referring object and the reference's JSON path. */
export interface ReferenceFinding {
  readonly objectIndex: number;
  readonly path: string;
  readonly route: ObjectName;
  readonly backendRef: any;
  readonly resolved: boolean;
  readonly reason: ReferenceReason;
  readonly message: string;
  readonly verified: boolean;
  /** What the reference points at, defaults applied; undefined when the reference has no name. */
  readonly target?: ReferenceTarget;
  /** The ReferenceGrant that permits a reference to another namespace. */
  readonly grant?: { readonly namespace: string; readonly name: string };
}

/** What a reference points at, with defaults applied. */
export interface ReferenceTarget {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
}

/**
 * A warning that is no verdict: a route backendRef to a kind that no controller of the table serves, when the
 * route's controller is not known (`GatewayController.ANY`). It stays a warning in strict mode too.
 */
export interface AttachmentNote {
  readonly objectIndex: number;
  readonly path: string;
  readonly message: string;
}

/** The verdicts of the analysis. */
export interface AttachmentResult {
  readonly parents: ParentFinding[];
  readonly references: ReferenceFinding[];
  readonly notes: AttachmentNote[];
}

/**
 * Analyses every route parentRef and every reference of the given objects.
 *
 * @param objects the manifests to analyse (each with its index in the validated set)
 * @param index the lookup of the set's objects and the known ones
 * @param controller the controller whose capabilities route kinds and backendRef kinds are checked against; with
 * `ANY`, the controller of each route's Gateway where its GatewayClass is known, else none
 */
export function analyseAttachment(objects: any[], index: ObjectIndex, controller: GatewayController = GatewayController.ANY): AttachmentResult {
  const parents: ParentFinding[] = [];
  const references: ReferenceFinding[] = [];
  const notes: AttachmentNote[] = [];
  objects.forEach((object, objectIndex) => {
    if (!isObject(object) || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') return;
    // An object a later one of the set replaces (DuplicateObject) is not in the cluster: it attaches and refers to nothing.
    if (!index.isApplied(object)) return;
    const analyser = new ObjectAnalyser(object, objectIndex, index, { parents, references, notes }, controller);
    analyser.run();
  });
  return { parents, references, notes };
}

/** The kind a route attaches as: an AIGatewayRoute becomes an HTTPRoute of the same name and namespace. */
function attachingKind(group: string, kind: string): string | undefined {
  if (group === GATEWAY_API_GROUP && GATEWAY_ROUTE_KINDS.has(kind)) return kind;
  if (group === AI_GATEWAY_GROUP && kind === 'AIGatewayRoute') return 'HTTPRoute';
  return undefined;
}

/** Describes an object for messages: `HTTPRoute 'ns/name'`. */
function describe(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} '${namespace === undefined ? name : `${namespace}/${name}`}'`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

type Target = ReferenceTarget;

/** Which kinds a referrer may point at, and the reason to use when the target is missing. */
interface ReferenceRules {
  /** The kinds the reference may name; for route backendRefs, the kinds the route's controller resolves instead. */
  readonly allowed: { group: string; kind: string }[];
  /** True for route backendRefs: the kinds come from the controller (controllers.ts), not from `allowed`. */
  readonly byController?: boolean;
  readonly notFoundReason: ReferenceReason;
  readonly invalidKindReason: ReferenceReason;
  /** Whether a reference may leave the referrer's namespace (with a ReferenceGrant). */
  readonly crossNamespace: boolean;
}

const ROUTE_BACKENDS: ReferenceRules = {
  allowed: [],
  byController: true,
  notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
  invalidKindReason: ReferenceReason.INVALID_KIND,
  crossNamespace: true,
};

/** The controller a verdict follows, and why it is that one (for messages). */
interface ControllerChoice {
  readonly controller: GatewayController;
  readonly why: string;
}

class ObjectAnalyser {
  private readonly group: string;
  private readonly kind: string;
  private readonly namespace: string | undefined;
  private readonly name: string;
  private readonly ref: ObjectName;
  private readonly parents: ParentFinding[];
  private readonly references: ReferenceFinding[];
  private readonly notes: AttachmentNote[];

  public constructor(
    private readonly object: any,
    private readonly objectIndex: number,
    private readonly index: ObjectIndex,
    out: AttachmentResult,
    private readonly controller: GatewayController,
  ) {
    this.parents = out.parents;
    this.references = out.references;
    this.notes = out.notes;
    this.group = apiGroup(object.apiVersion);
    this.kind = object.kind;
    this.namespace = namespaceOf(object);
    this.name = object.metadata.name;
    this.ref = { kind: this.kind, namespace: this.namespace, name: this.name };
  }

  public run(): void {
    const spec = isObject(this.object.spec) ? this.object.spec : {};
    const routeKind = attachingKind(this.group, this.kind);
    if (routeKind !== undefined) {
      list(spec.parentRefs).forEach((parentRef, i) => this.checkParent(parentRef, i, routeKind, spec));
    }
    if (this.group === GATEWAY_API_GROUP && GATEWAY_ROUTE_KINDS.has(this.kind)) this.checkRouteBackends(spec);
    if (this.group === AI_GATEWAY_GROUP && this.kind === 'AIGatewayRoute') this.checkAiRouteBackends(spec);
    if (this.group === AI_GATEWAY_GROUP && this.kind === 'AIServiceBackend') this.checkAiServiceBackend(spec);
    if (this.group === AI_GATEWAY_GROUP && this.kind === 'BackendSecurityPolicy') this.checkBackendSecurityPolicy(spec);
    if (this.group === GATEWAY_API_GROUP && this.kind === 'Gateway') this.checkCertificateRefs(spec);
    if ((this.group === INFERENCE_GROUP || this.group === INFERENCE_X_GROUP) && this.kind === 'InferencePool') {
      this.checkEndpointPicker(spec);
    }
  }

  // ---------------------------------------------------------------- parents

  private checkParent(parentRef: any, i: number, routeKind: string, spec: any): void {
    const path = `spec.parentRefs[${i}]`;
    let gatewayRef: { namespace: string; name: string } | undefined;
    const verdict = (attached: boolean, reason: ParentReason, message: string, verified = true, listeners: any[] = []) => {
      this.parents.push({
        objectIndex: this.objectIndex,
        path,
        route: this.ref,
        parentRef,
        attached,
        reason,
        message,
        verified,
        gateway: gatewayRef,
        listeners: listeners.map(l => String(l.name)),
      });
    };
    if (!isObject(parentRef) || typeof parentRef.name !== 'string') {
      verdict(false, ParentReason.NO_MATCHING_PARENT, 'the parentRef has no name. Name the Gateway to attach to.');
      return;
    }
    const group = str(parentRef.group) ?? GATEWAY_API_GROUP;
    const kind = str(parentRef.kind) ?? 'Gateway';
    const namespace = str(parentRef.namespace) ?? this.namespace ?? 'default';
    if (group !== GATEWAY_API_GROUP || kind !== 'Gateway') {
      verdict(false, ParentReason.NO_MATCHING_PARENT,
        `parent ${group === '' ? '' : `${group}/`}${kind} '${namespace}/${parentRef.name}' is not a Gateway; ` +
        'only Gateway parents are checked. Attach to a Gateway (group gateway.networking.k8s.io, kind Gateway).', false);
      return;
    }
    gatewayRef = { namespace, name: parentRef.name };
    const gatewayName = describe('Gateway', namespace, parentRef.name);
    const gateway = this.index.find(GATEWAY_API_GROUP, 'Gateway', namespace, parentRef.name);
    const choice = this.controllerOf(gateway);
    if (choice !== undefined && !servesRoute(choice.controller, this.group, this.kind)) {
      const served = routeKindsOf(choice.controller).map(k => k.kind).join(', ');
      verdict(false, ParentReason.NOT_ALLOWED_BY_LISTENERS,
        `${controllerLabel(choice.controller)} (${choice.why}) does not serve ${this.kind}s: no listener of ${gatewayName} admits one, ` +
        `and the route gets no status and carries no traffic. It serves ${served}. Use one of those kinds, or attach to a Gateway ` +
        `whose controller serves ${this.kind}.`, gateway !== undefined);
      return;
    }
    if (gateway === undefined) {
      verdict(false, ParentReason.NO_MATCHING_PARENT,
        `${gatewayName} is neither in the manifests nor declared known. Add it to the set, or declare it ` +
        'known (--known FILE, or declareKnown() in a construct) when it exists in the cluster.', false);
      return;
    }
    if (!gateway.specKnown) {
      verdict(true, ParentReason.ACCEPTED,
        `${gatewayName} is declared known without listeners: sectionName, port, kinds, namespaces and hostnames were not checked.`);
      return;
    }
    const listeners = list(gateway.object.spec?.listeners).filter(isObject);
    const sectionName = str(parentRef.sectionName);
    const port = typeof parentRef.port === 'number' ? parentRef.port : undefined;
    const selected = listeners.filter(l => (sectionName === undefined || l.name === sectionName) && (port === undefined || l.port === port));
    const names = listeners.map(l => `'${l.name}' (${l.protocol} ${l.port})`).join(', ') || 'none';
    if (selected.length === 0) {
      const wanted = [sectionName === undefined ? undefined : `sectionName '${sectionName}'`, port === undefined ? undefined : `port ${port}`]
        .filter(x => x !== undefined).join(' and ');
      verdict(false, ParentReason.NO_MATCHING_PARENT,
        `no listener of ${gatewayName} matches ${wanted || 'the parentRef'} (listeners: ${names}). Use one of those.`);
      return;
    }

    const allowed: any[] = [];
    const undecided: { listener: any; why: string }[] = [];
    const refusals: string[] = [];
    for (const listener of selected) {
      const kinds = listenerKinds(listener);
      if (!kinds.includes(routeKind)) {
        refusals.push(`listener '${listener.name}' (${listener.protocol}) admits ${kinds.join(', ') || 'no route kind'}, not ${routeKind}`);
        continue;
      }
      const admission = this.namespaceAdmission(listener, namespace);
      if (admission.admits === true) allowed.push(listener);
      else if (admission.admits === undefined) undecided.push({ listener, why: admission.why });
      else refusals.push(`listener '${listener.name}' ${admission.why}`);
    }
    const routeLabel = this.kind === routeKind ? routeKind : `${this.kind} (attaching as ${routeKind})`;
    if (allowed.length === 0 && undecided.length === 0) {
      verdict(false, ParentReason.NOT_ALLOWED_BY_LISTENERS,
        `no listener of ${gatewayName} selected by the parentRef admits this ${routeLabel}: ${refusals.join('; ')}. ` +
        'Attach to a listener that admits it, or change the listener\'s allowedRoutes.', true, selected);
      return;
    }

    const hostnames = ROUTES_WITH_HOSTNAMES.has(this.kind) ? list(spec.hostnames).filter(h => typeof h === 'string') : [];
    const hostnameMatch = (listener: any) => hostnames.length === 0 || !listenerHasHostnames(listener)
      || hostnames.some(h => hostnamesIntersect(str(listener.hostname), h));
    const attachedTo = allowed.filter(hostnameMatch);
    if (attachedTo.length > 0) {
      verdict(true, ParentReason.ACCEPTED,
        `attached to ${gatewayName} through listener${attachedTo.length > 1 ? 's' : ''} ${attachedTo.map(l => `'${l.name}'`).join(', ')}.`,
        true, attachedTo);
      return;
    }
    const undecidedMatching = undecided.filter(u => hostnameMatch(u.listener));
    if (undecidedMatching.length > 0) {
      verdict(false, ParentReason.NOT_ALLOWED_BY_LISTENERS,
        `whether ${gatewayName} admits this ${routeLabel} depends on labels that are not known: ` +
        `${undecidedMatching.map(u => `listener '${u.listener.name}' ${u.why}`).join('; ')}. ` +
        `Add the Namespace '${namespaceText(this.namespace)}' with its labels to the set, or declare it known.`, false,
        undecidedMatching.map(u => u.listener));
      return;
    }
    const listenerHosts = [...allowed, ...undecided.map(u => u.listener)]
      .map(l => `'${l.name}' ${l.hostname === undefined ? 'any hostname' : `'${l.hostname}'`}`).join(', ');
    verdict(false, ParentReason.NO_MATCHING_LISTENER_HOSTNAME,
      `no hostname of the route (${hostnames.map(h => `'${h}'`).join(', ')}) intersects the hostname of a listener of ` +
      `${gatewayName} that admits it (${listenerHosts}). Use a hostname under a listener's hostname, or attach to another listener.`,
      true, [...allowed, ...undecided.map(u => u.listener)]);
  }

  /**
   * The controller a route's verdicts on a Gateway follow: the one chosen for the check, else the one the Gateway's
   * GatewayClass names (when the set or the known objects hold the class, with a controllerName of the table);
   * undefined when neither is known.
   */
  private controllerOf(gateway: FoundObject | undefined): ControllerChoice | undefined {
    if (this.controller !== GatewayController.ANY) {
      return { controller: this.controller, why: `the controller the check was asked for: '${this.controller}'` };
    }
    if (gateway === undefined || !gateway.specKnown) return undefined;
    const className = str(gateway.object.spec?.gatewayClassName);
    if (className === undefined) return undefined;
    const gatewayClass = this.index.find(GATEWAY_API_GROUP, 'GatewayClass', undefined, className);
    const controllerName = gatewayClass?.specKnown ? gatewayClass.object.spec?.controllerName : undefined;
    const controller = controllerOfClass(controllerName);
    return controller === undefined ? undefined
      : { controller, why: `the controller of GatewayClass '${className}', ${controllerName}` };
  }

  /** The controllers of a route: the one chosen, else those its parent Gateways' classes name (each once). */
  private routeControllers(spec: any): ControllerChoice[] {
    if (this.controller !== GatewayController.ANY) return [this.controllerOf(undefined)!];
    const choices: ControllerChoice[] = [];
    for (const parentRef of list(spec.parentRefs)) {
      if (!isObject(parentRef) || typeof parentRef.name !== 'string') continue;
      if ((str(parentRef.group) ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (str(parentRef.kind) ?? 'Gateway') !== 'Gateway') continue;
      const namespace = str(parentRef.namespace) ?? this.namespace ?? 'default';
      const choice = this.controllerOf(this.index.find(GATEWAY_API_GROUP, 'Gateway', namespace, parentRef.name));
      if (choice !== undefined && !choices.some(c => c.controller === choice.controller)) choices.push(choice);
    }
    return choices;
  }

  /** Whether a listener's allowedRoutes.namespaces admits the route's namespace; undefined when undecidable. */
  private namespaceAdmission(listener: any, gatewayNamespace: string): { admits: boolean | undefined; why: string } {
    const routeNamespace = this.namespace ?? 'default';
    const namespaces = listener.allowedRoutes?.namespaces;
    const from = str(namespaces?.from) ?? 'Same';
    if (from === 'All') return { admits: true, why: '' };
    if (from === 'Same') {
      return routeNamespace === gatewayNamespace
        ? { admits: true, why: '' }
        : { admits: false, why: `admits routes from its own namespace '${gatewayNamespace}' only (allowedRoutes.namespaces.from: Same), not from '${routeNamespace}'` };
    }
    if (from !== 'Selector') {
      return { admits: false, why: `has allowedRoutes.namespaces.from '${from}', which admits no namespace` };
    }
    const selector = namespaces?.selector;
    if (!isObject(selector)) {
      return { admits: false, why: 'has allowedRoutes.namespaces.from Selector without a selector' };
    }
    const selectorText = describeSelector(selector);
    const labels = this.index.namespaceLabels(routeNamespace);
    if (labels === undefined) {
      // Without the Namespace object only the implied name label is known.
      const keys = selectorKeys(selector);
      if (keys.every(k => k === 'kubernetes.io/metadata.name')) {
        const matches = selectorMatches(selector, { 'kubernetes.io/metadata.name': routeNamespace });
        return matches ? { admits: true, why: '' } : { admits: false, why: `selects namespaces ${selectorText}, which '${routeNamespace}' is not` };
      }
      return { admits: undefined, why: `selects namespaces ${selectorText}, and the labels of Namespace '${routeNamespace}' are unknown` };
    }
    if (selectorMatches(selector, labels)) return { admits: true, why: '' };
    const own = Object.entries(labels).filter(([k]) => k !== 'kubernetes.io/metadata.name').map(([k, v]) => `${k}=${v}`);
    return {
      admits: false,
      why: `selects namespaces ${selectorText}, and Namespace '${routeNamespace}' has ${own.length > 0 ? `labels ${own.join(', ')}` : 'no labels'}`,
    };
  }

  // ---------------------------------------------------------------- references

  private checkRouteBackends(spec: any): void {
    list(spec.rules).forEach((rule, r) => {
      if (!isObject(rule)) return;
      list(rule.backendRefs).forEach((backendRef, b) => {
        this.checkReference(backendRef, `spec.rules[${r}].backendRefs[${b}]`, this.gatewayDefaults(backendRef), ROUTE_BACKENDS,
          { group: GATEWAY_API_GROUP, kind: this.kind });
        if (isObject(backendRef)) {
          list(backendRef.filters).forEach((filter, f) => this.checkMirror(filter, `spec.rules[${r}].backendRefs[${b}].filters[${f}]`));
        }
      });
      list(rule.filters).forEach((filter, f) => this.checkMirror(filter, `spec.rules[${r}].filters[${f}]`));
    });
  }

  private checkMirror(filter: any, path: string): void {
    const backendRef = isObject(filter) && isObject(filter.requestMirror) ? filter.requestMirror.backendRef : undefined;
    if (backendRef === undefined) return;
    this.checkReference(backendRef, `${path}.requestMirror.backendRef`, this.gatewayDefaults(backendRef), ROUTE_BACKENDS,
      { group: GATEWAY_API_GROUP, kind: this.kind });
  }

  /** A Gateway API BackendObjectReference with its defaults: core group, kind Service, the referrer's namespace. */
  private gatewayDefaults(ref: any, defaultKind = 'Service'): Target | undefined {
    if (!isObject(ref) || typeof ref.name !== 'string') return undefined;
    return {
      group: str(ref.group) ?? '',
      kind: str(ref.kind) ?? defaultKind,
      namespace: str(ref.namespace) || (this.namespace ?? 'default'),
      name: ref.name,
      port: typeof ref.port === 'number' ? ref.port : undefined,
    };
  }

  private checkAiRouteBackends(spec: any): void {
    const rules: ReferenceRules = {
      allowed: [{ group: AI_GATEWAY_GROUP, kind: 'AIServiceBackend' }, { group: INFERENCE_GROUP, kind: 'InferencePool' }],
      notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
      invalidKindReason: ReferenceReason.INVALID_KIND,
      crossNamespace: true,
    };
    list(spec.rules).forEach((rule, r) => {
      if (!isObject(rule)) return;
      list(rule.backendRefs).forEach((backendRef, b) => {
        const target = isObject(backendRef) && typeof backendRef.name === 'string' ? {
          // No group and kind means an AIServiceBackend; a group names an InferencePool.
          group: str(backendRef.group) ?? AI_GATEWAY_GROUP,
          kind: str(backendRef.kind) ?? 'AIServiceBackend',
          namespace: str(backendRef.namespace) || (this.namespace ?? 'default'),
          name: backendRef.name,
        } : undefined;
        this.checkReference(backendRef, `spec.rules[${r}].backendRefs[${b}]`, target, rules, { group: AI_GATEWAY_GROUP, kind: this.kind });
      });
    });
  }

  private checkAiServiceBackend(spec: any): void {
    if (spec.backendRef === undefined) return;
    const rules: ReferenceRules = {
      allowed: [{ group: ENVOY_GATEWAY_GROUP, kind: 'Backend' }],
      notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
      invalidKindReason: ReferenceReason.INVALID_KIND,
      crossNamespace: true,
    };
    this.checkReference(spec.backendRef, 'spec.backendRef', this.gatewayDefaults(spec.backendRef), rules, { group: AI_GATEWAY_GROUP, kind: this.kind });
  }

  private checkBackendSecurityPolicy(spec: any): void {
    const targets: ReferenceRules = {
      allowed: [{ group: AI_GATEWAY_GROUP, kind: 'AIServiceBackend' }, { group: INFERENCE_GROUP, kind: 'InferencePool' }],
      notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
      invalidKindReason: ReferenceReason.INVALID_KIND,
      crossNamespace: false,
    };
    list(spec.targetRefs).forEach((targetRef, t) => {
      const target = isObject(targetRef) && typeof targetRef.name === 'string' ? {
        group: str(targetRef.group) ?? '', kind: str(targetRef.kind) ?? '', namespace: this.namespace ?? 'default', name: targetRef.name,
      } : undefined;
      this.checkReference(targetRef, `spec.targetRefs[${t}]`, target, targets, { group: AI_GATEWAY_GROUP, kind: this.kind });
    });
    const secrets: ReferenceRules = {
      allowed: [{ group: '', kind: 'Secret' }],
      notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
      invalidKindReason: ReferenceReason.INVALID_KIND,
      crossNamespace: true,
    };
    for (const { ref, path } of secretRefs(spec, 'spec')) {
      this.checkReference(ref, path, this.gatewayDefaults(ref, 'Secret'), secrets, { group: AI_GATEWAY_GROUP, kind: this.kind });
    }
  }

  private checkCertificateRefs(spec: any): void {
    const rules: ReferenceRules = {
      allowed: [{ group: '', kind: 'Secret' }],
      notFoundReason: ReferenceReason.INVALID_CERTIFICATE_REF,
      invalidKindReason: ReferenceReason.INVALID_CERTIFICATE_REF,
      crossNamespace: true,
    };
    list(spec.listeners).forEach((listener, l) => {
      if (!isObject(listener) || !isObject(listener.tls)) return;
      list(listener.tls.certificateRefs).forEach((certificateRef, c) => {
        this.checkReference(certificateRef, `spec.listeners[${l}].tls.certificateRefs[${c}]`,
          this.gatewayDefaults(certificateRef, 'Secret'), rules, { group: GATEWAY_API_GROUP, kind: 'Gateway' });
      });
    });
  }

  private checkEndpointPicker(spec: any): void {
    const ref = spec.endpointPickerRef ?? spec.extensionRef;
    if (!isObject(ref)) return;
    const path = spec.endpointPickerRef !== undefined ? 'spec.endpointPickerRef' : 'spec.extensionRef';
    const rules: ReferenceRules = {
      allowed: [{ group: '', kind: 'Service' }],
      notFoundReason: ReferenceReason.BACKEND_NOT_FOUND,
      invalidKindReason: ReferenceReason.INVALID_KIND,
      crossNamespace: false,
    };
    const target = this.gatewayDefaults(ref);
    const port = isObject(ref.port) && typeof ref.port.number === 'number' ? ref.port.number : target?.port;
    this.checkReference(ref, path, target === undefined ? undefined : { ...target, namespace: this.namespace ?? 'default', port }, rules,
      { group: this.group, kind: this.kind });
  }

  /**
   * Decides one reference: InvalidKind, then RefNotPermitted (cross-namespace without a grant), then
   * BackendNotFound (or the rules' reason), then PortNotFound for a Service without the port.
   */
  private checkReference(ref: any, path: string, target: Target | undefined, rules: ReferenceRules,
    from: { group: string; kind: string }): void {
    let grant: { namespace: string; name: string } | undefined;
    const verdict = (resolved: boolean, reason: ReferenceReason, message: string, verified = true) => {
      this.references.push({
        objectIndex: this.objectIndex, path, route: this.ref, backendRef: ref, resolved, reason, message, verified, target, grant,
      });
    };
    if (target === undefined) {
      verdict(false, rules.notFoundReason, 'the reference has no name. Name the object to refer to.');
      return;
    }
    const kindText = `${target.group === '' ? '' : `${target.group}/`}${target.kind}`;
    const targetText = describe(kindText, target.namespace, target.name);
    if (rules.byController) {
      const spec = isObject(this.object.spec) ? this.object.spec : {};
      const choices = this.routeControllers(spec);
      const refusing = choices.find(c => !servesBackend(c.controller, target.group, target.kind));
      if (refusing !== undefined) {
        verdict(false, rules.invalidKindReason,
          `${controllerLabel(refusing.controller)} (${refusing.why}) does not resolve backendRefs to ${kindText}. It resolves ` +
          `${backendKindsOf(refusing.controller).map(groupKindText).join(', ')}: refer to one of those, or attach the ${this.kind} ` +
          `to a Gateway whose controller resolves ${kindText}.`);
        return;
      }
      if (choices.length === 0 && !servesBackend(GatewayController.ANY, target.group, target.kind)) {
        this.notes.push({
          objectIndex: this.objectIndex,
          path,
          message: `${ReferenceReason.INVALID_KIND}: no controller this check knows (${KNOWN_CONTROLLERS.map(controllerLabel).join(', ')}) ` +
            `resolves backendRefs to ${kindText}, and the controller of the ${this.kind}'s Gateway is not known: unless it serves ` +
            `${kindText}, it answers InvalidKind. Name the controller (--controller, or the GatewayClass with its controllerName in ` +
            `the set) to check it, or refer to one of: ${backendKindsOf(GatewayController.ANY).map(groupKindText).join(', ')}.`,
        });
      }
    } else if (!rules.allowed.some(a => a.group === target.group && a.kind === target.kind)) {
      const allowed = rules.allowed.map(a => `${a.group === '' ? 'core' : a.group} ${a.kind}`).join(', ');
      verdict(false, rules.invalidKindReason,
        `${this.kind} cannot refer to ${kindText}. Refer to one of: ${allowed}.`);
      return;
    }
    const ownNamespace = this.namespace ?? 'default';
    if (target.namespace !== ownNamespace) {
      if (!rules.crossNamespace) {
        verdict(false, rules.notFoundReason, `${targetText} must be in the ${this.kind}'s own namespace '${ownNamespace}'.`);
        return;
      }
      const permission = grantPermission(this.index, from, ownNamespace, target);
      if (!permission.permitted) {
        verdict(false, ReferenceReason.REF_NOT_PERMITTED,
          `no ReferenceGrant in namespace '${target.namespace}' permits ${from.kind}s from '${ownNamespace}' to refer to ` +
          `${targetText}${permission.near}. Add a ReferenceGrant in '${target.namespace}' with from {group: '${from.group}', ` +
          `kind: ${from.kind}, namespace: ${ownNamespace}} and to {group: '${target.group}', kind: ${target.kind}, name: ${target.name}}` +
          ', or declare the one the cluster has as known.', false);
        return;
      }
      grant = permission.grant;
    }
    const found = this.index.find(target.group, target.kind, target.namespace, target.name);
    if (found === undefined) {
      verdict(false, rules.notFoundReason,
        `${targetText} is neither in the manifests nor declared known. Add it, fix the name, or declare it known ` +
        '(--known FILE, or declareKnown() in a construct) when it exists in the cluster.', false);
      return;
    }
    const portProblem = servicePortProblem(found, target);
    if (portProblem !== undefined) {
      verdict(false, ReferenceReason.PORT_NOT_FOUND, `${targetText} ${portProblem}`);
      return;
    }
    verdict(true, ReferenceReason.RESOLVED_REFS,
      `${targetText}${target.port === undefined ? '' : ` port ${target.port}`} ${presence(found)}` +
      `${target.namespace !== ownNamespace ? ', and a ReferenceGrant permits the reference' : ''}.`);
  }
}

/**
 * Whether a ReferenceGrant in the target's namespace permits a reference from `from` objects of `fromNamespace`;
 * `near` explains a grant that almost does (one for another object or kind). Every reference check uses it.
 */
export function grantPermission(index: ObjectIndex, from: { group: string; kind: string }, fromNamespace: string, target: ReferenceTarget):
{ permitted: boolean; near: string; grant?: { namespace: string; name: string } } {
  const nearMisses: string[] = [];
  for (const grant of index.grantsFrom(target.namespace, from.group, from.kind, fromNamespace)) {
    const toKindMatches = list(grant.object.spec?.to).filter(t => isObject(t) && (t.group ?? '') === target.group && t.kind === target.kind);
    if (toKindMatches.some(t => t.name === undefined || t.name === '' || t.name === target.name)) {
      return { permitted: true, near: '', grant: { namespace: target.namespace, name: grant.object.metadata.name } };
    }
    const names = toKindMatches.map(t => `'${t.name}'`);
    nearMisses.push(`ReferenceGrant '${grant.object.metadata.name}' admits ${from.kind}s from '${fromNamespace}' ` +
      (names.length > 0 ? `to ${target.kind} ${names.join(', ')} only` : `but not to any ${target.kind}`));
  }
  return { permitted: false, near: nearMisses.length > 0 ? ` (${nearMisses.join('; ')})` : '' };
}

/** The route kinds a listener admits: its protocol's kinds, narrowed by allowedRoutes.kinds (Envoy Gateway's rules). */
export function listenerKinds(listener: any): string[] {
  const protocolKinds = kindsOfProtocol(listener);
  const kinds = list(listener.allowedRoutes?.kinds).filter(isObject);
  if (kinds.length === 0) return protocolKinds;
  return kinds
    .filter(k => (str(k.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && protocolKinds.includes(k.kind))
    .map(k => k.kind as string);
}

function kindsOfProtocol(listener: any): string[] {
  switch (listener.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return listener.tls?.mode === 'Passthrough' ? ['TLSRoute'] : ['TLSRoute', 'TCPRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return [];
  }
}

/** TCP and UDP listeners ignore hostnames; the others match them when set. */
function listenerHasHostnames(listener: any): boolean {
  return listener.protocol !== 'TCP' && listener.protocol !== 'UDP' && typeof listener.hostname === 'string';
}

function namespaceText(namespace: string | undefined): string {
  return namespace ?? 'default';
}

/** The label keys a selector reads. */
function selectorKeys(selector: any): string[] {
  return [
    ...Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}),
    ...list(selector.matchExpressions).filter(isObject).map(e => String(e.key)),
  ];
}

/** Kubernetes label selector semantics: every matchLabels pair and every matchExpression must hold. */
export function selectorMatches(selector: any, labels: { [key: string]: string }): boolean {
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== v) return false;
  }
  for (const expression of list(selector.matchExpressions)) {
    if (!isObject(expression)) return false;
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = list(expression.values);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function describeSelector(selector: any): string {
  const parts = [
    ...Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {}).map(([k, v]) => `${k}=${v}`),
    ...list(selector.matchExpressions).filter(isObject).map(e =>
      `${e.key} ${e.operator}${list(e.values).length > 0 ? ` (${list(e.values).join(', ')})` : ''}`),
  ];
  return parts.length > 0 ? `{${parts.join(', ')}}` : '{} (all)';
}

/**
 * Secret references in a spec: every `secretRef` or `...SecretRef` object with a name, with its JSON path.
 * Keys in `skip` are not followed (an issuer's ACME account key, which cert-manager creates itself).
 */
export function secretRefs(value: any, path: string, skip: readonly string[] = []): { ref: any; path: string }[] {
  const found: { ref: any; path: string }[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...secretRefs(item, `${path}[${i}]`, skip)));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (skip.includes(k)) continue;
      if ((k === 'secretRef' || k.endsWith('SecretRef')) && isObject(v) && typeof v.name === 'string') {
        found.push({ ref: v, path: `${path}.${k}` });
      } else {
        found.push(...secretRefs(v, `${path}.${k}`, skip));
      }
    }
  }
  return found;
}

/** How a resolved reference's target is present: in the set, issued for a Certificate of the set, or declared known. */
function presence(found: FoundObject): string {
  if (found.known) return 'is declared known';
  return found.issuedBy === undefined ? 'is in the set' : `is written by cert-manager for ${found.issuedBy} of the set`;
}

/** For a Service target with a port: says what is wrong when the Service's ports are known and lack it. */
function servicePortProblem(found: FoundObject, target: Target): string | undefined {
  if (target.group !== '' || target.kind !== 'Service' || target.port === undefined || !found.specKnown) return undefined;
  const ports = list(found.object.spec?.ports).filter(isObject).map(p => p.port).filter(p => typeof p === 'number');
  if (ports.length === 0 || ports.includes(target.port)) return undefined;
  return `has no port ${target.port} (its ports: ${ports.join(', ')}). Use one of those.`;
}
