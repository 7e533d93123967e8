/**
 * What each Gateway API controller serves: the route kinds it reconciles and the backendRef kinds it resolves.
 * A route of a kind its controller does not serve is never attached; a backendRef to a kind it does not resolve
 * gets `ResolvedRefs=False (InvalidKind)` from that controller. Both are verdicts of the controller, not of the
 * object, so the analysis asks this table for the controller the route's Gateway names (through its GatewayClass's
 * controllerName) or the one the user chose.
 */
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, INFERENCE_GROUP } from '../kubernetes/well-known';

/**
 * The Gateway API controller to check routes against (`--controller` of `cdk8s-ai-gateway validate`,
 * `ManifestValidatorOptions.controller`).
 */
export enum GatewayController {
  /** Envoy Gateway v1.8.1 (the pinned release), with Envoy AI Gateway for AIGatewayRoutes. */
  ENVOY_GATEWAY = 'envoy-gateway',
  /** Istio's Gateway API controller (`istio.io/gateway-controller`). */
  ISTIO = 'istio',
  /** The GKE Gateway controller (`networking.gke.io/gateway`, `networking.gke.io/gateway-multicluster`). */
  GKE = 'gke',
  /** kgateway's Envoy controller (`kgateway.dev/kgateway`). */
  KGATEWAY = 'kgateway',
  /** The agentgateway controller (`agentgateway.dev/agentgateway`, formerly `kgateway.dev/agentgateway`). */
  AGENTGATEWAY = 'agentgateway',
  /**
   * No controller chosen: each route is checked against the controller its Gateway's GatewayClass names when
   * the set (or the known objects) holds that GatewayClass with a controllerName of this table; otherwise a kind no
   * controller of this table serves is a warning, not an error.
   */
  ANY = 'any',
}

/** A group and kind, the group '' for the core group. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** One controller's row of the table. */
interface Capabilities {
  /** How messages name the controller. */
  readonly label: string;
  /** The GatewayClass `spec.controllerName` values of the controller. */
  readonly controllerNames: readonly string[];
  readonly routeKinds: readonly GroupKind[];
  readonly backendKinds: readonly GroupKind[];
}

const gw = (kind: string): GroupKind => ({ group: GATEWAY_API_GROUP, kind });
const SERVICE: GroupKind = { group: '', kind: 'Service' };
const INFERENCE_POOL: GroupKind = { group: INFERENCE_GROUP, kind: 'InferencePool' };
const MCS_SERVICE_IMPORT: GroupKind = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };
const ISTIO_HOSTNAME: GroupKind = { group: 'networking.istio.io', kind: 'Hostname' };

const TABLE: { [controller: string]: Capabilities } = {
  // Envoy Gateway v1.8.1 (pinned in imports/sources.json). Routes: the "Gateway API Support" task page lists
  // HTTPRoute, GRPCRoute, TLSRoute, TCPRoute and UDPRoute (read at gateway.envoyproxy.io/v1.9/tasks/traffic/
  // gatewayapi-support/ and /latest/; the same list since v0.3). AIGatewayRoute: Envoy AI Gateway's controller
  // turns it into an HTTPRoute on an Envoy Gateway Gateway (aigateway.envoyproxy.io/docs; tried with v1.1.0 and
  // Envoy Gateway v1.8.1, /work/shared/REAL-SYSTEMS.md). Backends: "Envoy Gateway supports routing to native K8s
  // resources such as Service and ServiceImport", and its Backend API (gateway.envoyproxy.io/v1.10/tasks/traffic/
  // backend/; `extensionApis.enableBackend` must be on); InferencePool inference.networking.k8s.io/v1 as an
  // extension backend resource (aigateway.envoyproxy.io/docs/capabilities/inference/httproute-inferencepool).
  [GatewayController.ENVOY_GATEWAY]: {
    label: 'Envoy Gateway v1.8.1',
    controllerNames: [ENVOY_GATEWAY_CONTROLLER],
    routeKinds: [gw('HTTPRoute'), gw('GRPCRoute'), gw('TLSRoute'), gw('TCPRoute'), gw('UDPRoute'), { group: AI_GATEWAY_GROUP, kind: 'AIGatewayRoute' }],
    backendKinds: [SERVICE, MCS_SERVICE_IMPORT, { group: ENVOY_GATEWAY_GROUP, kind: 'Backend' }, INFERENCE_POOL],
  },
  // Istio. Backends: buildDestination in istio/istio pilot/pkg/config/kube/gateway/conversion.go resolves core
  // Service, networking.istio.io Hostname, ServiceImport of the MCS group (multicluster.x-k8s.io) and InferencePool
  // (inference.networking.k8s.io, with SUPPORT_GATEWAY_API_INFERENCE_EXTENSION); every other kind is
  // "referencing unsupported backendRef" (InvalidKind). Routes: HTTPRoute, GRPCRoute, TCPRoute and TLSRoute
  // (istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/; Istio has no UDPRoute support).
  [GatewayController.ISTIO]: {
    label: 'Istio',
    controllerNames: ['istio.io/gateway-controller'],
    routeKinds: [gw('HTTPRoute'), gw('GRPCRoute'), gw('TCPRoute'), gw('TLSRoute')],
    backendKinds: [SERVICE, ISTIO_HOSTNAME, MCS_SERVICE_IMPORT, INFERENCE_POOL],
  },
  // GKE Gateway controller: GatewayClass capabilities (cloud.google.com/kubernetes-engine/docs/how-to/
  // gatewayclass-capabilities): L7 load balancers, HTTPRoute and GRPCRoute; no TCPRoute, TLSRoute or UDPRoute.
  // Backends: Services, ServiceImport of multi-cluster Services (net.gke.io, the -mc classes), InferencePool
  // (GKE Inference Gateway, inference.networking.k8s.io).
  [GatewayController.GKE]: {
    label: 'GKE Gateway',
    controllerNames: ['networking.gke.io/gateway', 'networking.gke.io/gateway-multicluster'],
    routeKinds: [gw('HTTPRoute'), gw('GRPCRoute')],
    backendKinds: [SERVICE, { group: 'net.gke.io', kind: 'ServiceImport' }, INFERENCE_POOL],
  },
  // kgateway (Envoy data plane), controllerName kgateway.dev/kgateway (kgateway.dev docs, GatewayClass
  // `kgateway`). Backends: its route translation resolves core Service, its Backend (gateway.kgateway.dev) and
  // InferencePool, and answers InvalidKind "referencing unsupported backendRef" for others (kgateway-dev/kgateway).
  // Routes: HTTPRoute, GRPCRoute, TCPRoute, TLSRoute.
  [GatewayController.KGATEWAY]: {
    label: 'kgateway',
    controllerNames: ['kgateway.dev/kgateway'],
    routeKinds: [gw('HTTPRoute'), gw('GRPCRoute'), gw('TCPRoute'), gw('TLSRoute')],
    backendKinds: [SERVICE, { group: 'gateway.kgateway.dev', kind: 'Backend' }, INFERENCE_POOL],
  },
  // agentgateway: controllerName agentgateway.dev/agentgateway (kgateway's DefaultAgwControllerName; earlier
  // releases used kgateway.dev/agentgateway). Backends: its RouteBackend resolution accepts InferencePool,
  // networking.istio.io Hostname, core Service and AgentgatewayBackend (agentgateway.dev), InvalidKind otherwise.
  // Routes: HTTPRoute, GRPCRoute, TCPRoute, TLSRoute (the kinds its reference index follows; the same list in
  // istio.io/latest/docs/ambient/usage/agentgateway/).
  [GatewayController.AGENTGATEWAY]: {
    label: 'agentgateway',
    controllerNames: ['agentgateway.dev/agentgateway', 'kgateway.dev/agentgateway'],
    routeKinds: [gw('HTTPRoute'), gw('GRPCRoute'), gw('TCPRoute'), gw('TLSRoute')],
    backendKinds: [INFERENCE_POOL, ISTIO_HOSTNAME, SERVICE, { group: 'agentgateway.dev', kind: 'AgentgatewayBackend' }],
  },
};

/** The controllers of the table, in table order (without `any`). */
export const KNOWN_CONTROLLERS: readonly GatewayController[] = Object.keys(TABLE) as GatewayController[];

/** The controller a GatewayClass `spec.controllerName` names, or undefined for one this table does not know. */
export function controllerOfClass(controllerName: unknown): GatewayController | undefined {
  if (typeof controllerName !== 'string') return undefined;
  return KNOWN_CONTROLLERS.find(c => TABLE[c].controllerNames.includes(controllerName));
}

/** The controller named on the command line or in the plugin's properties, or undefined for an unknown name. */
export function parseController(name: string): GatewayController | undefined {
  return (Object.values(GatewayController) as string[]).includes(name) ? name as GatewayController : undefined;
}

/** How messages name a controller. */
export function controllerLabel(controller: GatewayController): string {
  return controller === GatewayController.ANY ? 'any controller' : TABLE[controller].label;
}

function has(kinds: readonly GroupKind[], group: string, kind: string): boolean {
  return kinds.some(k => k.group === group && k.kind === kind);
}

/** Whether a controller reconciles routes of a kind; for `any`, whether some controller of the table does. */
export function servesRoute(controller: GatewayController, group: string, kind: string): boolean {
  if (controller === GatewayController.ANY) return KNOWN_CONTROLLERS.some(c => servesRoute(c, group, kind));
  return has(TABLE[controller].routeKinds, group, kind);
}

/** Whether a controller resolves backendRefs of a kind; for `any`, whether some controller of the table does. */
export function servesBackend(controller: GatewayController, group: string, kind: string): boolean {
  if (controller === GatewayController.ANY) return KNOWN_CONTROLLERS.some(c => servesBackend(c, group, kind));
  return has(TABLE[controller].backendKinds, group, kind);
}

/** The backendRef kinds a controller resolves (for `any`: those of every controller), for messages. */
export function backendKindsOf(controller: GatewayController): GroupKind[] {
  const rows = controller === GatewayController.ANY ? KNOWN_CONTROLLERS.map(c => TABLE[c]) : [TABLE[controller]];
  const kinds: GroupKind[] = [];
  for (const row of rows) for (const k of row.backendKinds) if (!has(kinds, k.group, k.kind)) kinds.push(k);
  return kinds;
}

/** The route kinds a controller reconciles, for messages. */
export function routeKindsOf(controller: GatewayController): GroupKind[] {
  const rows = controller === GatewayController.ANY ? KNOWN_CONTROLLERS.map(c => TABLE[c]) : [TABLE[controller]];
  const kinds: GroupKind[] = [];
  for (const row of rows) for (const k of row.routeKinds) if (!has(kinds, k.group, k.kind)) kinds.push(k);
  return kinds;
}

/** `core Service`, `gateway.envoyproxy.io Backend`. */
export function groupKindText(k: GroupKind): string {
  return `${k.group === '' ? 'core' : k.group} ${k.kind}`;
}
