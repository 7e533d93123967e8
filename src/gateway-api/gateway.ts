import { IConstruct } from 'constructs';
import { checkHostname } from './hostnames';
import { GatewayApiVersion } from './version';
import { checkDnsLabel } from '../kubernetes/names';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';

/** Route kinds a Gateway listener can admit. */
export enum RouteKind {
  /** `HTTPRoute`: HTTP and HTTPS listeners. */
  HTTP_ROUTE = 'HTTPRoute',
  /** `GRPCRoute`: HTTP and HTTPS listeners. */
  GRPC_ROUTE = 'GRPCRoute',
  /** `TCPRoute`: TCP listeners. */
  TCP_ROUTE = 'TCPRoute',
  /** `TLSRoute`: TLS listeners (passthrough or terminate). */
  TLS_ROUTE = 'TLSRoute',
  /** `UDPRoute`: UDP listeners. */
  UDP_ROUTE = 'UDPRoute',
}

/** A Gateway listener's protocol. */
export enum ListenerProtocol {
  /** Plain HTTP; admits HTTPRoute and GRPCRoute. */
  HTTP = 'HTTP',
  /** HTTP over TLS terminated at the Gateway; admits HTTPRoute and GRPCRoute. */
  HTTPS = 'HTTPS',
  /** Raw TCP; admits TCPRoute. */
  TCP = 'TCP',
  /** TLS, passthrough or terminated; admits TLSRoute (and TCPRoute when terminated). */
  TLS = 'TLS',
  /** Raw UDP; admits UDPRoute. */
  UDP = 'UDP',
}

/** The route kinds each protocol admits when a listener does not list kinds itself (the Gateway API defaults). */
export function defaultRouteKinds(protocol: ListenerProtocol): RouteKind[] {
  switch (protocol) {
    case ListenerProtocol.HTTP:
    case ListenerProtocol.HTTPS:
      return [RouteKind.HTTP_ROUTE, RouteKind.GRPC_ROUTE];
    case ListenerProtocol.TCP:
      return [RouteKind.TCP_ROUTE];
    case ListenerProtocol.TLS:
      return [RouteKind.TLS_ROUTE];
    case ListenerProtocol.UDP:
      return [RouteKind.UDP_ROUTE];
  }
}

/** Which namespaces a listener admits routes from (`allowedRoutes.namespaces.from`). */
export enum RoutesFrom {
  /** Only the Gateway's own namespace: the Gateway API default. */
  SAME = 'Same',
  /** Every namespace. */
  ALL = 'All',
  /** Namespaces whose labels match `routeNamespaceLabels`. */
  SELECTOR = 'Selector',
}

/** What a route needs to know about one listener of a Gateway. */
export interface GatewayListener {
  /** The listener's name, used as a route's `parentRefs[].sectionName`. */
  readonly name: string;

  /** The listener's port. */
  readonly port: number;

  /** The listener's protocol. */
  readonly protocol: ListenerProtocol;

  /**
   * The listener's hostname; routes attach only when one of their hostnames intersects it.
   *
   * @default - every hostname
   */
  readonly hostname?: string;

  /**
   * The route kinds the listener admits.
   *
   * @default - the protocol's kinds (see `defaultRouteKinds`)
   */
  readonly routeKinds?: RouteKind[];

  /**
   * The namespaces the listener admits routes from.
   *
   * @default RoutesFrom.SAME
   */
  readonly routesFrom?: RoutesFrom;

  /**
   * With `RoutesFrom.SELECTOR`: the labels a route's namespace must carry.
   *
   * @default - none
   */
  readonly routeNamespaceLabels?: { [key: string]: string };
}

/**
 * A route attached to a gateway, as the gateway sees it: its kind, the hostnames it serves and the listeners it
 * attaches to, read at synth time so that additions after construction count. Every route construct of this
 * library implements it and registers with its gateway (`IGateway.registerRoute()`), so that the gateway can
 * check what it serves, for example that its certificates cover every hostname routed to an HTTPS listener.
 */
export interface IGatewayRoute extends IConstruct {
  /** The route's kind: HTTPRoute, TCPRoute, ... (an AIGatewayRoute counts as the HTTPRoute it becomes). */
  readonly routeKind: RouteKind;

  /** The route's hostnames; empty when it serves every hostname of its listeners. */
  readonly hostnames: string[];

  /** The listeners the route attaches to, by name; empty when the gateway's listeners are unknown. */
  readonly sectionNames: string[];
}

/**
 * A Gateway that routes can attach to: one this library creates (`NvcfGateway`, `AiGateway`) or one that
 * already exists in the cluster (`Gateway.fromGatewayAttributes()`). Routes ask it what they need through
 * these members, never by checking which class it is: which listeners admit them, whether their namespace
 * and hostnames are admitted, and which Gateway API release their objects follow.
 *
 * `GatewayBase` implements it with the Gateway API's rules; extend it to bring another kind of gateway.
 */
export interface IGateway extends IConstruct {
  /** The Gateway's metadata.name. */
  readonly gatewayName: string;

  /** The Gateway's namespace. */
  readonly gatewayNamespace: string;

  /** The Gateway API release the Gateway's cluster runs; routes attached to it follow it. */
  readonly gatewayApiVersion: GatewayApiVersion;

  /**
   * The listeners routes may attach to, as known to this app. Empty when unknown (an existing Gateway
   * declared without listeners), in which case routes attach by sectionName without checks.
   */
  readonly listeners: GatewayListener[];

  /**
   * The DNS name the gateway's route hostnames are built from, when it has one (an `NvcfGateway`'s domain), or
   * undefined when routes choose their hostnames freely.
   */
  routeDomain(): string | undefined;

  /**
   * The listeners a route of a kind attaches to when it names none: those that admit the kind and, when the
   * route has hostnames, whose hostname matches one of them. Empty when the listeners are unknown.
   *
   * @param kind the route's kind
   * @param hostnames the route's hostnames (empty: every hostname)
   */
  defaultSectionNames(kind: RouteKind, hostnames: string[]): string[];

  /**
   * Why the gateway's listeners would not admit routes from a namespace, or undefined when they do (or when
   * it cannot be known here). The answer is the end of a sentence that says how to fix it.
   *
   * @param namespace the route's namespace
   */
  routeNamespaceProblem(namespace: string): string | undefined;

  /**
   * Why a route may not serve a hostname on this gateway (for example one outside the gateway's domain), or
   * undefined when it may.
   *
   * @param hostname a route hostname
   */
  routeHostnameProblem(hostname: string): string | undefined;

  /**
   * Registers a route attached to this gateway, so that the gateway's own checks at synth see what is routed
   * to it (for example that every hostname routed to an HTTPS listener is covered by its certificate).
   *
   * @param route the route
   */
  registerRoute(route: IGatewayRoute): void;
}

/** A listener's `allowedRoutes`, in manifest form. */
export function allowedRoutes(listener: GatewayListener): any {
  const namespaces = listener.routesFrom === undefined ? undefined : {
    from: listener.routesFrom,
    selector: listener.routesFrom === RoutesFrom.SELECTOR ? { matchLabels: { ...listener.routeNamespaceLabels } } : undefined,
  };
  const kinds = listener.routeKinds?.map(kind => ({ group: GATEWAY_API_GROUP, kind }));
  return namespaces === undefined && kinds === undefined ? undefined : { namespaces, kinds };
}

/** Checks one listener's name, port and hostname; returns a problem or undefined. */
export function checkListener(listener: GatewayListener): string | undefined {
  const nameProblem = checkDnsLabel('listener name', listener.name);
  if (nameProblem !== undefined) return nameProblem;
  if (!Number.isInteger(listener.port) || listener.port < 1 || listener.port > 65535) {
    return `listener '${listener.name}' port ${listener.port} is not a port number (1 to 65535). Use, for example, ${listener.protocol === ListenerProtocol.HTTPS ? 443 : 80}.`;
  }
  if (listener.routesFrom === RoutesFrom.SELECTOR && Object.keys(listener.routeNamespaceLabels ?? {}).length === 0) {
    return `listener '${listener.name}' admits routes from a namespace selector but has no routeNamespaceLabels. ` +
      "Pass them, for example routeNamespaceLabels: { 'nvcf/platform': 'true' }.";
  }
  if (listener.hostname !== undefined) {
    return checkHostname(`listener '${listener.name}' hostname`, listener.hostname);
  }
  return undefined;
}

/** The route kinds a listener admits. */
export function listenerRouteKinds(listener: GatewayListener): RouteKind[] {
  return listener.routeKinds ?? defaultRouteKinds(listener.protocol);
}

/**
 * Finds the listeners of a gateway that a route of the given kind attaches to through `sectionName`, or
 * says why it cannot: no such listener, or a listener that does not admit the kind. An empty result with no
 * problem means the gateway's listeners are unknown.
 */
export function resolveListeners(gateway: IGateway, kind: RouteKind, sectionNames: string[]):
{ listeners: GatewayListener[]; problem?: string } {
  // `listeners` is a copy on every read (GatewayBase): read it once.
  const listeners = gateway.listeners;
  if (listeners.length === 0) return { listeners: [] };
  const found: GatewayListener[] = [];
  for (const sectionName of sectionNames) {
    const listener = listeners.find(l => l.name === sectionName);
    if (listener === undefined) {
      return {
        listeners: [],
        problem: `sectionName '${sectionName}' names no listener of Gateway '${gateway.gatewayNamespace}/${gateway.gatewayName}' ` +
          `(listeners: ${listeners.map(l => `'${l.name}'`).join(', ')}). Use one of those.`,
      };
    }
    const kinds = listenerRouteKinds(listener);
    if (!kinds.includes(kind)) {
      const admitting = listeners.filter(l => listenerRouteKinds(l).includes(kind)).map(l => `'${l.name}'`);
      return {
        listeners: [],
        problem: `listener '${sectionName}' (${listener.protocol}, port ${listener.port}) of Gateway ` +
          `'${gateway.gatewayNamespace}/${gateway.gatewayName}' does not admit ${kind} (it admits ${kinds.join(', ')}). ` +
          (admitting.length > 0 ? `Attach to ${admitting.join(' or ')} instead.` : `Add a listener that admits ${kind}.`),
      };
    }
    found.push(listener);
  }
  return { listeners: found };
}

/**
 * A route's `parentRefs` entry for a gateway and one of its listeners. The namespace is always written,
 * so the reference reads the same wherever the route lives.
 */
export function parentRef(gateway: IGateway, sectionName?: string): any {
  return {
    group: GATEWAY_API_GROUP,
    kind: 'Gateway',
    name: gateway.gatewayName,
    namespace: gateway.gatewayNamespace,
    sectionName,
  };
}
