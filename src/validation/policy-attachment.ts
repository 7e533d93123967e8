/**
 * Which targets each Envoy Gateway SecurityPolicy applies to, as Envoy Gateway v1.8.1 decides it
 * (internal/gatewayapi/securitypolicy.go): policies in order of creation time, then namespace and name (offline,
 * without creation times, namespace and name); targets in four passes (route rules, routes, listeners, Gateways).
 *
 * - A target names an object of the policy's own namespace. A Gateway or route Envoy Gateway does not find gets no
 *   status at all: the policy does nothing there (TargetNotFound here, with no ancestor).
 * - A route's verdict is reported on each Gateway it names in its parentRefs (with the parentRef's sectionName); a
 *   listener's or Gateway's on that Gateway. A listener the Gateway lacks: Accepted False, TargetNotFound.
 * - A second policy on the same route, route rule, listener or Gateway: Accepted False, Conflicted (the earlier one
 *   applies). Policies on a Gateway and on a route of it do not conflict: the route's applies to the route.
 * - A policy that cannot be applied: Accepted False, Invalid (an API key Secret that is missing; an external
 *   authorization Service that is missing, lacks the port, or lies in another namespace no ReferenceGrant opens; on a
 *   TCPRoute, any check but authorization by client CIDR).
 * - targetSelectors select objects by label (an AIGatewayRoute for HTTPRoute: its HTTPRoute carries its labels) in the
 *   policy's namespace, or with `namespaces` in others a ReferenceGrant opens to SecurityPolicies; they come before
 *   the targetRefs of their policy in the route and Gateway passes. A selector that selects nothing gets no status.
 */
import { grantPermission, selectorMatches } from './attachment';
import { apiGroup, isObject, namespaceOf, ObjectIndex } from './attachment-index';
import { PolicyAncestor, PolicyReason, PolicyVerdict } from './report';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP } from '../kubernetes/well-known';

/** The referrer a ReferenceGrant names for a SecurityPolicy's cross-namespace targets and external authorization. */
const SECURITY_POLICY = { group: ENVOY_GATEWAY_GROUP, kind: 'SecurityPolicy' };

/** Route kinds a SecurityPolicy may target (the CRD's rule). */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute']);

/** A verdict on one target and ancestor of a policy, tied to the policy object and the targetRef's JSON path. */
export interface PolicyFinding extends PolicyVerdict {
  readonly objectIndex: number;
  readonly path: string;
}

interface Policy {
  readonly object: any;
  readonly objectIndex: number;
  readonly namespace: string;
  readonly name: string;
}

interface Target {
  readonly policy: Policy;
  readonly ref: any;
  readonly path: string;
  readonly kind: string;
  readonly name: string;
  readonly sectionName?: string;
  /** The target's namespace: the policy's, or a selected object's. */
  readonly namespace: string;
  /** Set for an object a targetSelectors entry selected (route and Gateway passes only, as Envoy Gateway resolves them). */
  readonly selected?: boolean;
}

/** The verdicts of every SecurityPolicy of the set (the objects kubectl would leave: `index.isApplied`). */
export function analysePolicies(objects: any[], index: ObjectIndex): PolicyFinding[] {
  const policies: Policy[] = [];
  objects.forEach((object, objectIndex) => {
    if (!isObject(object) || object.kind !== 'SecurityPolicy' || apiGroup(object.apiVersion) !== ENVOY_GATEWAY_GROUP) return;
    if (typeof object.metadata?.name !== 'string' || !index.isApplied(object)) return;
    policies.push({ object, objectIndex, namespace: namespaceOf(object) ?? 'default', name: object.metadata.name });
  });
  policies.sort(comparePolicies);

  // Per policy, in policy order: the objects its selectors select, then the targetRefs not among them (Envoy
  // Gateway's composePolicyTargetRefs).
  const targets: Target[] = [];
  const selectorFindings: PolicyFinding[] = [];
  for (const policy of policies) {
    const selected = selectedTargets(policy, index);
    targets.push(...selected.targets);
    selectorFindings.push(...selected.findings);
    const chosen = new Set(selected.targets.map(t => `${t.kind}\0${t.namespace}\0${t.name}`));
    (Array.isArray(policy.object.spec?.targetRefs) ? policy.object.spec.targetRefs : []).forEach((ref: any, i: number) => {
      if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return;
      const sectionName = typeof ref.sectionName === 'string' ? ref.sectionName : undefined;
      if (sectionName === undefined && chosen.has(`${ref.kind}\0${policy.namespace}\0${ref.name}`)) return;
      targets.push({ policy, ref, path: `spec.targetRefs[${i}]`, kind: ref.kind, name: ref.name, sectionName, namespace: policy.namespace });
    });
  }

  const findings: PolicyFinding[] = [...selectorFindings];
  const taken = new Map<string, Policy>();
  const isRoute = (t: Target) => ROUTE_KINDS.has(t.kind);
  // Envoy Gateway's passes: route rules, routes, listeners, Gateways.
  const passes: ((t: Target) => boolean)[] = [
    t => isRoute(t) && t.sectionName !== undefined,
    t => isRoute(t) && t.sectionName === undefined,
    t => t.kind === 'Gateway' && t.sectionName !== undefined,
    t => t.kind === 'Gateway' && t.sectionName === undefined,
  ];
  for (const pass of passes) {
    for (const target of targets.filter(pass)) {
      findings.push(...(isRoute(target) ? routeVerdicts(target, index, taken) : gatewayVerdicts(target, index, taken)));
    }
  }
  // In the order of the set, then of the targetRefs, whatever order Envoy Gateway decides them in.
  return findings.sort((a, b) => a.objectIndex - b.objectIndex || a.path.localeCompare(b.path, 'en', { numeric: true }));
}

/** A targetSelectors entry's label selector and namespaces, or undefined when it is not one the CRD admits. */
interface Selector {
  readonly group: string;
  readonly kind: string;
  /** The entry itself, read as a label selector (its matchLabels and matchExpressions). */
  readonly labels: any;
  readonly from: string;
  readonly namespaceSelector?: any;
}

/**
 * The objects of the set each targetSelectors entry of a policy selects (Envoy Gateway's
 * resolvePolicyTargetsFromSelectors): objects of the selector's group and kind (an AIGatewayRoute for HTTPRoute: its
 * HTTPRoute carries its labels) whose labels match, in the policy's namespace or, with `namespaces`, in the namespaces
 * it admits where a ReferenceGrant from SecurityPolicies of the policy's namespace permits them. A selector that
 * selects nothing gets a TargetNotFound finding without ancestor: Envoy Gateway writes nothing for it.
 */
function selectedTargets(policy: Policy, index: ObjectIndex): { targets: Target[]; findings: PolicyFinding[] } {
  const entries = Array.isArray(policy.object.spec?.targetSelectors) ? policy.object.spec.targetSelectors : [];
  const targets: Target[] = [];
  const findings: PolicyFinding[] = [];
  const seen = new Set<string>();
  entries.forEach((entry: any, i: number) => {
    if (!isObject(entry) || typeof entry.kind !== 'string') return;
    const selector: Selector = {
      group: typeof entry.group === 'string' ? entry.group : GATEWAY_API_GROUP,
      kind: entry.kind,
      labels: entry,
      from: typeof entry.namespaces?.from === 'string' ? entry.namespaces.from : 'Same',
      namespaceSelector: entry.namespaces?.selector,
    };
    const path = `spec.targetSelectors[${i}]`;
    let count = 0;
    const unlabelled: string[] = [];
    for (const { object, known, specKnown } of index.all()) {
      const group = apiGroup(object.apiVersion);
      const kindMatches = (group === selector.group && object.kind === selector.kind)
        || (selector.group === GATEWAY_API_GROUP && selector.kind === 'HTTPRoute' && group === AI_GATEWAY_GROUP && object.kind === 'AIGatewayRoute');
      if (!kindMatches) continue;
      const ns = namespaceOf(object) ?? 'default';
      if (!namespaceAdmitted(selector, policy.namespace, ns, index)) continue;
      if (known && !specKnown && object.metadata.labels === undefined) {
        unlabelled.push(`${object.kind} '${ns}/${object.metadata.name}'`);
        continue;
      }
      if (!selectorMatches(selector.labels, isObject(object.metadata.labels) ? object.metadata.labels : {})) continue;
      if (ns !== policy.namespace && !grantPermission(index, SECURITY_POLICY, policy.namespace,
        { group: GATEWAY_API_GROUP, kind: selector.kind, namespace: ns, name: object.metadata.name }).permitted) continue;
      const key = `${selector.kind}\0${ns}\0${object.metadata.name}`;
      count++;
      if (seen.has(key)) continue;
      seen.add(key);
      const ref = {
        group: GATEWAY_API_GROUP, kind: selector.kind, name: object.metadata.name, ...(ns === policy.namespace ? {} : { namespace: ns }),
      };
      targets.push({ policy, ref, path, kind: selector.kind, name: object.metadata.name, namespace: ns, selected: true });
    }
    if (count === 0 && unlabelled.length > 0) {
      findings.push(finding({ policy, ref: entry, path, kind: selector.kind, name: '', namespace: policy.namespace }, true, PolicyReason.ACCEPTED,
        `targetSelectors[${i}] selects no ${selector.kind} of the set; the known ${unlabelled.join(', ')} may carry its labels (they are not ` +
        'known here).', false));
    } else if (count === 0) {
      findings.push(finding({ policy, ref: entry, path, kind: selector.kind, name: '', namespace: policy.namespace }, false, PolicyReason.TARGET_NOT_FOUND,
        `targetSelectors[${i}] selects no ${selector.kind} of the set (labels ${JSON.stringify(isObject(entry.matchLabels) ? entry.matchLabels : {})}${selector.from === 'Same' ? '' : `, namespaces from ${selector.from}`}): ` +
        'Envoy Gateway writes no status for it. Label the objects, or fix the selector.', false));
    }
  });
  return { targets, findings };
}

function namespaceAdmitted(selector: Selector, policyNamespace: string, namespace: string, index: ObjectIndex): boolean {
  if (selector.from === 'All') return true;
  if (selector.from === 'Selector') {
    const labels = index.namespaceLabels(namespace);
    if (labels === undefined || !isObject(selector.namespaceSelector)) return false;
    return selectorMatches(selector.namespaceSelector, labels);
  }
  return namespace === policyNamespace;
}

function comparePolicies(a: Policy, b: Policy): number {
  // A creation time that is absent or not a time (offline input) leaves the order to namespace and name.
  const ta = Date.parse(a.object.metadata?.creationTimestamp);
  const tb = Date.parse(b.object.metadata?.creationTimestamp);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function finding(target: Target, accepted: boolean, reason: PolicyReason, message: string, verified: boolean,
  ancestor?: PolicyAncestor): PolicyFinding {
  const p = target.policy;
  return {
    objectIndex: p.objectIndex,
    path: target.path,
    policy: { kind: 'SecurityPolicy', namespace: p.namespace, name: p.name },
    targetRef: target.ref,
    ...(ancestor === undefined ? {} : { ancestor }),
    accepted,
    reason,
    message,
    verified,
  };
}

function describeTarget(target: Target): string {
  return `${target.kind} '${target.namespace}/${target.name}'${target.sectionName === undefined ? '' : ` (section '${target.sectionName}')`}`;
}

function notFound(target: Target, what: string): PolicyFinding {
  return finding(target, false, PolicyReason.TARGET_NOT_FOUND,
    `${what}: Envoy Gateway writes no status for the policy there and it does nothing. A SecurityPolicy targets objects of its own ` +
    `namespace ('${target.policy.namespace}'): fix the name, or put the policy in the target's namespace.`, false);
}

function routeVerdicts(target: Target, index: ObjectIndex, taken: Map<string, Policy>): PolicyFinding[] {
  const ns = target.namespace;
  const group = target.ref.group ?? GATEWAY_API_GROUP;
  let found = group === GATEWAY_API_GROUP ? index.find(GATEWAY_API_GROUP, target.kind, ns, target.name) : undefined;
  // The AI Gateway controller makes an HTTPRoute of the same name and namespace for each AIGatewayRoute.
  if (found === undefined && group === GATEWAY_API_GROUP && target.kind === 'HTTPRoute') found = index.find(AI_GATEWAY_GROUP, 'AIGatewayRoute', ns, target.name);
  if (found === undefined) return [notFound(target, `${describeTarget(target)} is neither in the set nor known`)];
  if (!found.specKnown) {
    return [finding(target, true, PolicyReason.ACCEPTED, `${describeTarget(target)} is declared known; its Gateways are not known here.`, false)];
  }
  const ancestors = routeAncestors(found.object, ns, index);
  if (ancestors.length === 0) {
    return [notFound(target, `${describeTarget(target)} names no Gateway in the set or known (its parentRefs)`)];
  }
  if (target.sectionName !== undefined) {
    const rules = Array.isArray(found.object.spec?.rules) ? found.object.spec.rules : [];
    if (!rules.some((r: any) => isObject(r) && r.name === target.sectionName)) {
      return ancestors.map(a => finding(target, false, PolicyReason.TARGET_NOT_FOUND,
        `${describeTarget(target)}: the route has no rule named '${target.sectionName}'. Name one of its rules.`, true, a));
    }
  }
  const key = `route\0${target.kind}\0${ns}\0${target.name}\0${target.sectionName ?? ''}`;
  const earlier = taken.get(key);
  if (earlier !== undefined && earlier !== target.policy) {
    return ancestors.map(a => finding(target, false, PolicyReason.CONFLICTED,
      `${describeTarget(target)} is already the target of SecurityPolicy '${earlier.namespace}/${earlier.name}', which comes first (by creation ` +
      'time, then namespace and name): Envoy Gateway ignores this one there. Put both into one policy.', true, a));
  }
  taken.set(key, target.policy);
  const invalid = invalidity(target, index);
  return ancestors.map(a => (invalid === undefined
    ? finding(target, true, PolicyReason.ACCEPTED, `applies to ${describeTarget(target)}.`, true, a)
    : finding(target, false, PolicyReason.INVALID, invalid.message, invalid.verified, a)));
}

function gatewayVerdicts(target: Target, index: ObjectIndex, taken: Map<string, Policy>): PolicyFinding[] {
  const ns = target.namespace;
  const found = (target.ref.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP ? index.find(GATEWAY_API_GROUP, 'Gateway', ns, target.name) : undefined;
  if (found === undefined) return [notFound(target, `Gateway '${ns}/${target.name}' is neither in the set nor known`)];
  const ancestor: PolicyAncestor = {
    namespace: ns, name: target.name, ...(target.sectionName === undefined ? {} : { sectionName: target.sectionName }),
  };
  if (target.sectionName !== undefined && found.specKnown) {
    const listeners = (Array.isArray(found.object.spec?.listeners) ? found.object.spec.listeners : []).filter(isObject);
    if (!listeners.some((l: any) => l.name === target.sectionName)) {
      return [finding(target, false, PolicyReason.TARGET_NOT_FOUND, `Gateway '${ns}/${target.name}' has no listener '${target.sectionName}' ` +
        `(listeners: ${listeners.map((l: any) => `'${l.name}'`).join(', ') || 'none'}). Name one of those.`, true, ancestor)];
    }
  }
  const key = `gateway\0${ns}\0${target.name}\0${target.sectionName ?? ''}`;
  const earlier = taken.get(key);
  if (earlier !== undefined && earlier !== target.policy) {
    return [finding(target, false, PolicyReason.CONFLICTED, `${target.sectionName === undefined ? 'Gateway' : 'listener'} ` +
      `'${ns}/${target.name}${target.sectionName === undefined ? '' : `/${target.sectionName}`}' is already the target of SecurityPolicy ` +
      `'${earlier.namespace}/${earlier.name}', which comes first (by creation time, then namespace and name): Envoy Gateway ignores this one ` +
      'there. Put both into one policy.', true, ancestor)];
  }
  taken.set(key, target.policy);
  const invalid = invalidity(target, index);
  const verified = found.specKnown || target.sectionName === undefined;
  return [invalid === undefined
    ? finding(target, true, PolicyReason.ACCEPTED, `applies to ${describeTarget(target)}.`, verified, ancestor)
    : finding(target, false, PolicyReason.INVALID, invalid.message, invalid.verified, ancestor)];
}

/** The Gateways a route's policy verdict is reported on: each Gateway of its parentRefs that is in the set or known. */
function routeAncestors(route: any, namespace: string, index: ObjectIndex): PolicyAncestor[] {
  const out: PolicyAncestor[] = [];
  const seen = new Set<string>();
  for (const p of Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : []) {
    if (!isObject(p) || typeof p.name !== 'string') continue;
    if ((p.kind ?? 'Gateway') !== 'Gateway' || (p.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP) continue;
    const ns = typeof p.namespace === 'string' ? p.namespace : namespace;
    if (index.find(GATEWAY_API_GROUP, 'Gateway', ns, p.name) === undefined) continue;
    const ancestor: PolicyAncestor = { namespace: ns, name: p.name, ...(typeof p.sectionName === 'string' ? { sectionName: p.sectionName } : {}) };
    const key = `${ns}/${p.name}/${ancestor.sectionName ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ancestor);
  }
  return out;
}

/** Why Envoy Gateway cannot apply the policy to the target (Invalid), or undefined. */
function invalidity(target: Target, index: ObjectIndex): { message: string; verified: boolean } | undefined {
  const spec = target.policy.object.spec ?? {};
  if (target.kind === 'TCPRoute') {
    const http = ['apiKeyAuth', 'basicAuth', 'cors', 'extAuth', 'jwt', 'oidc'].filter(k => spec[k] !== undefined);
    const rules = Array.isArray(spec.authorization?.rules) ? spec.authorization.rules : [];
    const nonCidr = rules.some((r: any) => isObject(r?.principal) && Object.keys(r.principal).some(k => k !== 'clientCIDRs'));
    if (http.length > 0 || nonCidr) {
      return {
        message: `invalid SecurityPolicy for TCP route ${describeTarget(target)}: a TCPRoute carries no HTTP, so only authorization by client ` +
          `CIDR applies (the policy has ${[...http, ...nonCidr ? ['authorization by JWT or header'] : []].join(', ')}). Use a policy of its own for the TCPRoute.`,
        verified: true,
      };
    }
  }
  const ext = extAuthProblem(spec.extAuth, target.policy.namespace, index);
  if (ext !== undefined) return ext;
  const refs = Array.isArray(spec.apiKeyAuth?.credentialRefs) ? spec.apiKeyAuth.credentialRefs : [];
  for (const ref of refs) {
    if (!isObject(ref) || typeof ref.name !== 'string') continue;
    const ns = typeof ref.namespace === 'string' ? ref.namespace : target.policy.namespace;
    const kind = typeof ref.kind === 'string' ? ref.kind : 'Secret';
    const group = typeof ref.group === 'string' ? ref.group : '';
    if (group !== '' || kind !== 'Secret') {
      return { message: `apiKeyAuth credentialRef ${group === '' ? '' : `${group}/`}${kind} '${ref.name}' is not a Secret. Name a Secret.`, verified: true };
    }
    if (index.find('', 'Secret', ns, ref.name) === undefined) {
      return {
        message: `the API key Secret '${ns}/${ref.name}' is neither in the set nor known: Envoy Gateway cannot read the keys and refuses the policy. ` +
          'Create the Secret, or declare it known.',
        verified: false,
      };
    }
  }
  return undefined;
}

/**
 * Why Envoy Gateway cannot reach the policy's external authorization Services (validateExtServiceBackendReference):
 * a Service that does not exist, a port it lacks, or one of another namespace no ReferenceGrant permits; undefined
 * when nothing is wrong (Backend and ServiceImport references are left to the cluster).
 */
function extAuthProblem(extAuth: any, policyNamespace: string, index: ObjectIndex): { message: string; verified: boolean } | undefined {
  if (!isObject(extAuth)) return undefined;
  const refs: any[] = [];
  for (const service of [extAuth.http, extAuth.grpc]) {
    if (!isObject(service)) continue;
    if (Array.isArray(service.backendRefs) && service.backendRefs.length > 0) refs.push(...service.backendRefs);
    else if (isObject(service.backendRef)) refs.push(service.backendRef);
  }
  for (const ref of refs) {
    if (!isObject(ref) || typeof ref.name !== 'string') continue;
    if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') continue;
    const ns = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : policyNamespace;
    const found = index.find('', 'Service', ns, ref.name);
    if (found === undefined) {
      return {
        message: `the external authorization Service '${ns}/${ref.name}' is neither in the set nor known: Envoy Gateway refuses the policy. ` +
          'Create the Service, or declare it known.',
        verified: false,
      };
    }
    if (found.specKnown) {
      const ports = (Array.isArray(found.object.spec?.ports) ? found.object.spec.ports : []).filter(isObject);
      if (!ports.some((p: any) => p.port === ref.port && (p.protocol ?? 'TCP') === 'TCP')) {
        return {
          message: `the external authorization Service '${ns}/${ref.name}' has no TCP port ${ref.port} (ports: ` +
            `${ports.map((p: any) => p.port).join(', ') || 'none'}): Envoy Gateway refuses the policy. Name one of its ports.`,
          verified: true,
        };
      }
    }
    const permission = ns === policyNamespace ? undefined : grantPermission(index, SECURITY_POLICY, policyNamespace, { group: '', kind: 'Service', namespace: ns, name: ref.name });
    if (permission !== undefined && !permission.permitted) {
      return {
        message: `no ReferenceGrant in namespace '${ns}' permits SecurityPolicies from '${policyNamespace}' to refer to Service '${ref.name}'${permission.near} ` +
          `(its external authorization): Envoy Gateway refuses the policy. Add a ReferenceGrant in '${ns}' with from {group: '${ENVOY_GATEWAY_GROUP}', ` +
          `kind: 'SecurityPolicy', namespace: '${policyNamespace}'} and to {group: '', kind: 'Service', name: '${ref.name}'}.`,
        verified: true,
      };
    }
  }
  return undefined;
}
