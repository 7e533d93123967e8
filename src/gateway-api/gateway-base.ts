import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ITlsCertificate } from './certificate';
import {
  defaultRouteKinds, GatewayListener, IGateway, IGatewayRoute, ListenerProtocol, listenerRouteKinds, RouteKind, RoutesFrom,
  checkListener,
} from './gateway';
import { hostnamesIntersect } from './hostnames';
import {
  annotationIssuanceProblems, certificateRefSpec, checkCertificate, coverageProblems, describeCertificate, GatewayHttpsOptions,
  grantCertificateAccess, ServedHostname,
} from './https-listener';
import { GatewayApiVersion } from './version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkMetadataKey } from '../kubernetes/metadata';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { PolicyModel } from '../security/model-access';
import { IPolicyTarget, PolicyTargetReference, PolicyTargetSelector } from '../security/policy-target';

/** At most this many listeners per Gateway (the CRD's maxItems). */
const MAX_LISTENERS = 64;

/** @internal One listener of a gateway, with what it serves. */
export interface ListenerEntry {
  readonly listener: GatewayListener;
  /** The certificate an HTTPS listener terminates TLS with. */
  readonly certificate?: ITlsCertificate;
  /** Plain HTTP that a load balancer in front receives as HTTPS (TLS terminated there). */
  readonly httpsAtLoadBalancer?: boolean;
}

/**
 * What every gateway shares, whether this library creates it (`NvcfGateway`, `AiGateway`) or references it
 * (`Gateway.fromGatewayAttributes()`): its listeners and the Gateway API's rules for them (unique names, one
 * protocol per port, route kinds a protocol admits, no hostname on TCP and UDP, at most 64), HTTPS listeners
 * with their certificate Secret, the ReferenceGrant a Secret elsewhere needs and cert-manager's annotations,
 * the routes attached to it, and the synth-time check that every hostname routed to an HTTPS listener is
 * covered by its certificate.
 *
 * Routes ask a gateway what they need through `IGateway`; a gateway of another kind extends this class and
 * overrides what differs (which namespaces it admits, which listeners a route takes by default).
 */
export abstract class GatewayBase extends Construct implements IGateway, IPolicyTarget {
  public abstract readonly gatewayName: string;
  public abstract readonly gatewayNamespace: string;
  public abstract readonly gatewayApiVersion: GatewayApiVersion;

  /** None: a policy can target any gateway. */
  public readonly policyTargetProblem?: string;

  /** None: a gateway serves no models itself. */
  public readonly policyModels?: PolicyModel[];

  /** None: a gateway is targeted by its name. */
  public readonly policyTargetSelectors?: PolicyTargetSelector[];

  /** @internal The listeners, in the order they were added. */
  protected readonly _listeners = new Map<string, ListenerEntry>();

  /** @internal The routes attached to this gateway. */
  protected readonly _routes: IGatewayRoute[] = [];

  /** @internal Annotations the Gateway carries for its certificates (cert-manager's issuer). */
  protected readonly _certificateAnnotations: { [key: string]: string } = {};

  private readonly _kindName: string;

  /**
   * @param scope the parent construct
   * @param id the construct id
   * @param kindName how errors name this kind of gateway, for example 'NvcfGateway'
   */
  protected constructor(scope: Construct, id: string, kindName: string) {
    super(scope, id);
    this._kindName = kindName;
    this.node.addValidation({ validate: () => [...this._gatewayProblems(), ...this.validateListeners()] });
  }

  /** The listeners routes may attach to, in the order they were added, with the route kinds each admits. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners.values()].map(({ listener }) => ({
      ...listener,
      routeKinds: [...listenerRouteKinds(listener)],
      routeNamespaceLabels: listener.routeNamespaceLabels === undefined ? undefined : { ...listener.routeNamespaceLabels },
    }));
  }

  /** The names of the listeners that serve HTTPS (terminated at the Gateway or at a load balancer in front). */
  public get httpsListenerNames(): string[] {
    return [...this._listeners.values()].filter(e => e.certificate !== undefined || e.httpsAtLoadBalancer).map(e => e.listener.name);
  }

  /**
   * Adds a listener (HTTP, TCP, UDP or TLS passthrough). For HTTPS, which needs a certificate, use
   * `addHttpsListener()`.
   *
   * @param listener the listener
   */
  public addListener(listener: GatewayListener): void {
    failIf(this, this._kindName, checkListener(listener));
    if (listener.protocol === ListenerProtocol.HTTPS) {
      throw constructError(this, this._kindName, `listener '${listener.name}' is HTTPS but has no certificate. ` +
        'Use addHttpsListener({ certificate, ... }).');
    }
    this._putListener({ listener: this._admitting(listener) });
  }

  /** The Gateway's namespace, where policies on it live. */
  public get policyTargetNamespace(): string {
    return this.gatewayNamespace;
  }

  /** `Gateway '<namespace>/<name>'`. */
  public get policyTargetDescription(): string {
    return `Gateway '${this.gatewayNamespace}/${this.gatewayName}'`;
  }

  /** The Gateway, all its listeners. */
  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.gatewayName }];
  }
  /** The listeners' hostnames, when every listener has one; undefined when a listener takes any hostname. */
  public get hostnames(): string[] | undefined {
    const listeners = this.listeners;
    if (listeners.length === 0 || listeners.some(l => l.hostname === undefined)) return undefined;
    return [...new Set(listeners.map(l => l.hostname!))];
  }


  /**
   * Adds an HTTPS listener that terminates TLS at the Gateway with a certificate Secret. A Secret in another
   * namespace gets a ReferenceGrant admitting exactly this Gateway's namespace; the certificate's
   * `gatewayAnnotations` are put on the Gateway. Every hostname served on it must be covered by the
   * certificate's DNS names (checked at synth when they are known).
   *
   * @param options the certificate, and the listener's name, port and hostname
   */
  public addHttpsListener(options: GatewayHttpsOptions): void {
    const name = options?.name ?? 'https';
    const certificate = options?.certificate;
    if (certificate === undefined || certificate === null) {
      throw constructError(this, this._kindName, `HTTPS listener '${name}' has no certificate. Pass one, for example ` +
        `certificate: TlsCertificate.fromTlsCertificateAttributes(scope, 'Tls', { secretName: 'gateway-tls', secretNamespace: '${this.gatewayNamespace}' }).`);
    }
    const listener: GatewayListener = { name, port: options.port ?? 443, protocol: ListenerProtocol.HTTPS, hostname: options.hostname };
    failIf(this, this._kindName, checkListener(listener));
    failIf(this, this._kindName, checkCertificate(`listener '${name}' certificate`, certificate));
    for (const [key, value] of Object.entries(certificate.gatewayAnnotations ?? {})) {
      failIf(this, this._kindName, checkMetadataKey(`certificate '${certificate.secretName}' gatewayAnnotations`, key));
      const current = this._certificateAnnotations[key];
      if (current !== undefined && current !== value) {
        throw constructError(this, this._kindName, `${describeCertificate(certificate)} asks for Gateway annotation ` +
          `'${key}: ${value}', but another certificate set it to '${current}'; a Gateway carries one value. ` +
          'Use certificates that agree on it (for example issued by the same cluster issuer), or serve them on different Gateways.');
      }
    }
    this._putListener({ listener: this._admitting(listener), certificate });
    for (const [key, value] of Object.entries(certificate.gatewayAnnotations ?? {})) {
      this._certificateAnnotations[key] = value;
      this._gatewayObject?.metadata.addAnnotation(key, value);
    }
  }

  public defaultSectionNames(kind: RouteKind, hostnames: string[]): string[] {
    return [...this._listeners.values()]
      .filter(e => listenerRouteKinds(e.listener).includes(kind))
      .filter(e => hostnames.length === 0 || hostnames.some(h => hostnamesIntersect(e.listener.hostname, h)))
      .map(e => e.listener.name);
  }

  /**
   * Why the listeners would not admit routes from a namespace, by their `allowedRoutes.namespaces.from`: a route
   * in another namespace than the Gateway's needs a listener that admits `All` (or `Selector`, whose labels are
   * checked by the validator against the namespaces it knows).
   */
  public routeNamespaceProblem(namespace: string): string | undefined {
    const listeners = [...this._listeners.values()].map(e => e.listener);
    if (listeners.length === 0 || namespace === this.gatewayNamespace) return undefined;
    if (listeners.some(l => l.routesFrom === RoutesFrom.ALL || l.routesFrom === RoutesFrom.SELECTOR)) return undefined;
    return `namespace '${namespace}' differs from the namespace '${this.gatewayNamespace}' of Gateway ` +
      `'${this.gatewayNamespace}/${this.gatewayName}', whose listeners admit routes from their own namespace only. ` +
      `Put the route in '${this.gatewayNamespace}', or ${this._admitOtherNamespacesHint()}.`;
  }

  public routeDomain(): string | undefined {
    return undefined;
  }

  public routeHostnameProblem(_hostname: string): string | undefined {
    return undefined;
  }

  public registerRoute(route: IGatewayRoute): void {
    if (!this._routes.includes(route)) this._routes.push(route);
  }

  /** @internal The Gateway object, when this app creates it; certificate annotations go on it. */
  protected get _gatewayObject(): ApiObject | undefined {
    return undefined;
  }

  /** @internal Problems of this kind of gateway, found at synth before the listeners' (prefixed with the path). */
  protected _gatewayProblems(): string[] {
    return [];
  }

  /** @internal How to make the listeners admit routes from other namespaces, for error messages. */
  protected _admitOtherNamespacesHint(): string {
    return "let the Gateway's listeners admit them (allowedRoutes.namespaces.from: All or Selector)";
  }

  /** @internal The listener as this gateway admits routes on it: which kinds and namespaces. */
  protected _admitting(listener: GatewayListener): GatewayListener {
    return listener;
  }

  /**
   * @internal Checks a listener against the Gateway API's rules and the other listeners, and stores it.
   */
  protected _putListener(entry: ListenerEntry): void {
    const listener = entry.listener;
    const allowed = defaultRouteKinds(listener.protocol);
    for (const kind of listener.routeKinds ?? []) {
      if (!allowed.includes(kind)) {
        throw constructError(this, this._kindName, `listener '${listener.name}' (${listener.protocol}) cannot admit ${kind} ` +
          `(a ${listener.protocol} listener admits ${allowed.join(', ')}). Remove it from routeKinds or use another protocol.`);
      }
    }
    if ((listener.protocol === ListenerProtocol.TCP || listener.protocol === ListenerProtocol.UDP) && listener.hostname !== undefined) {
      throw constructError(this, this._kindName, `listener '${listener.name}' is ${listener.protocol} but has hostname ` +
        `'${listener.hostname}': ${listener.protocol} listeners match no hostname (the Gateway API refuses it). ` +
        'Remove the hostname; the listener routes by port.');
    }
    if (this._listeners.has(listener.name)) {
      throw constructError(this, this._kindName, `listener name '${listener.name}' is used twice. Give each listener its own name, ` +
        `for example '${listener.name}-${listener.port}'.`);
    }
    for (const { listener: other } of this._listeners.values()) {
      if (other.port !== listener.port) continue;
      if (other.protocol !== listener.protocol) {
        throw constructError(this, this._kindName, `listener '${listener.name}' (${listener.protocol}) uses port ${listener.port}, ` +
          `which listener '${other.name}' already uses with ${other.protocol}. Use another port.`);
      }
      if ((other.hostname ?? '') === (listener.hostname ?? '')) {
        throw constructError(this, this._kindName, `listener '${listener.name}' has the same port ${listener.port}, protocol ` +
          `${listener.protocol} and hostname '${listener.hostname ?? ''}' as listener '${other.name}'. ` +
          'Give it another port or hostname.');
      }
    }
    if (this._listeners.size >= MAX_LISTENERS) {
      throw constructError(this, this._kindName, `listener '${listener.name}' would be listener ${MAX_LISTENERS + 1}, more than a ` +
        'Gateway holds. Use a second gateway.');
    }
    if (entry.certificate !== undefined) {
      grantCertificateAccess(this, entry.certificate);
    }
    this._listeners.set(listener.name, {
      ...entry,
      listener: { ...listener, routeKinds: listener.routeKinds === undefined ? undefined : [...listener.routeKinds] },
    });
  }

  /**
   * @internal The Gateway's `spec.listeners`, in the order the listeners were added. Each entry's
   * `allowedRoutes` comes from `allowedRoutesSpec`.
   */
  protected _listenerSpecs(allowedRoutesSpec: (listener: GatewayListener) => any): any[] {
    return [...this._listeners.values()].map(({ listener, certificate }) => ({
      name: listener.name,
      hostname: listener.hostname,
      port: listener.port,
      protocol: listener.protocol,
      tls: certificate !== undefined ? { mode: 'Terminate', certificateRefs: [certificateRefSpec(this, certificate)] }
        : listener.protocol === ListenerProtocol.TLS ? { mode: 'Passthrough' } : undefined,
      allowedRoutes: allowedRoutesSpec(listener),
    }));
  }

  /** Every hostname an HTTPS listener serves (its own, and those of the routes it takes) is covered by its certificate. */
  private validateListeners(): string[] {
    const problems: string[] = [];
    for (const entry of this._listeners.values()) {
      if (entry.certificate === undefined) continue;
      const served: ServedHostname[] = [];
      const listener = entry.listener;
      if (listener.hostname !== undefined) served.push({ hostname: listener.hostname, source: `listener '${listener.name}' hostname` });
      for (const route of this._routes) {
        if (!route.sectionNames.includes(listener.name)) continue;
        for (const hostname of route.hostnames) {
          if (this.servingListener(hostname, listener.port) === entry) served.push({ hostname, source: `route '${route.node.path}'` });
        }
      }
      problems.push(...coverageProblems(listener, entry.certificate, served));
      problems.push(...annotationIssuanceProblems(this, listener, entry.certificate));
    }
    return problems.map(problem => constructProblem(this, this._kindName, problem));
  }

  /** The HTTPS listener on a port that serves a hostname: exact hostname, else the longest wildcard, else none. */
  private servingListener(hostname: string, port: number): ListenerEntry | undefined {
    const candidates = [...this._listeners.values()]
      .filter(e => e.certificate !== undefined && e.listener.port === port && hostnamesIntersect(e.listener.hostname, hostname));
    const rank = (e: ListenerEntry) => e.listener.hostname === undefined ? 0
      : e.listener.hostname === hostname ? Number.MAX_SAFE_INTEGER : e.listener.hostname.length;
    return candidates.sort((a, b) => rank(b) - rank(a))[0];
  }
}
