import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { NvcfGatewayClass } from './gateway-class';
import { HttpsTermination, HttpsTerminationPoint, GatewayHttpsOptions } from './https';
import { LoadBalancer, LoadBalancerProvider } from './load-balancer';
import { PlatformNamespace } from './platform-namespace';
import { ITlsCertificate, uncoveredHostnames } from '../gateway-api/certificate';
import { GatewayListener, IGateway, ListenerProtocol, RouteKind, checkListener, defaultRouteKinds, listenerRouteKinds } from '../gateway-api/gateway';
import { grantReference } from '../gateway-api/grants';
import { checkHostname, hostnamesIntersect, isIpAddress } from '../gateway-api/hostnames';
import { annotationIssuanceProblems } from '../gateway-api/https-listener';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { GatewayApiVersion, gatewayApiClasses } from '../gateway-api/version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkAnnotations, checkLabels, checkLabelValue, checkMetadataKey } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { sortedMap } from '../kubernetes/order';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

const KIND = 'NvcfGateway';
const NVCF_GATEWAY_SYMBOL = Symbol.for('cdk8s-ai-gateway.NvcfGateway');

/** At most this many listeners per Gateway (the CRD's maxItems). */
const MAX_LISTENERS = 64;
/** At most this many `spec.infrastructure.annotations` (the CRD's maxProperties). */
const MAX_INFRASTRUCTURE_ANNOTATIONS = 8;

/** Options of an `NvcfGateway`. */
export interface NvcfGatewayProps {
  /**
   * The DNS name every route hostname is built from (`api-keys.<domain>`, `api.<domain>`, ...): your
   * production domain, or, for test environments without DNS, the load balancer's address
   * (for example `a1b2c3d4.us-west-2.elb.amazonaws.com`). Changing it re-targets every route.
   */
  readonly domain: string;

  /**
   * The Gateway's metadata.name.
   *
   * @default 'nvcf-gateway'
   */
  readonly name?: string;

  /**
   * The Gateway's namespace. It is created (and labelled) unless `namespaces` lists it as existing.
   *
   * @default 'envoy-gateway'
   */
  readonly namespace?: string;

  /**
   * The Gateway API release the cluster runs. Every route attached to this gateway follows it
   * (TCPRoute `v1alpha2` on v1.2, `v1` on v1.6; ReferenceGrant `v1beta1` / `v1`).
   *
   * @default GatewayApiVersion.V1_2, the release the NVCF guide installs
   */
  readonly gatewayApiVersion?: GatewayApiVersion;

  /**
   * The GatewayClass: created for a controller, or an existing one.
   *
   * @default NvcfGatewayClass.envoyGateway() - a GatewayClass 'eg' for Envoy Gateway
   */
  readonly gatewayClass?: NvcfGatewayClass;

  /**
   * The namespaces of the platform: the Gateway's, and those of routes and services. Created ones are
   * labelled with the platform label; existing ones are only referenced. The Gateway's namespace is
   * created when it is not in the list.
   *
   * @default - created: the Gateway's namespace, 'api-keys' and 'nvcf'
   */
  readonly namespaces?: PlatformNamespace[];

  /**
   * The label key that marks namespaces whose routes the Gateway admits.
   *
   * @default 'nvcf/platform'
   */
  readonly platformLabelKey?: string;

  /**
   * The value of the platform label.
   *
   * @default 'true'
   */
  readonly platformLabelValue?: string;

  /**
   * The name of the HTTP listener.
   *
   * @default 'http'
   */
  readonly httpListenerName?: string;

  /**
   * The port of the HTTP listener.
   *
   * @default 80
   */
  readonly httpPort?: number;

  /**
   * The name of the TCP listener that carries gRPC.
   *
   * @default 'tcp'
   */
  readonly tcpListenerName?: string;

  /**
   * The port of the TCP listener that carries gRPC.
   *
   * @default 10081
   */
  readonly tcpPort?: number;

  /**
   * How the external load balancer is provisioned: a preset of annotations per platform.
   *
   * @default LoadBalancer.onPremises() - no annotations
   */
  readonly loadBalancer?: LoadBalancer;

  /**
   * More load-balancer annotations, added to the preset's (at most 8 in all, the Gateway API's limit).
   * A key the preset already sets with another value is an error.
   *
   * @default - none
   */
  readonly loadBalancerAnnotations?: { [key: string]: string };

  /**
   * HTTPS: TLS terminated at the Gateway with a certificate Secret, or at the AWS load balancer with ACM.
   * More HTTPS listeners can be added with `addHttpsListener()`.
   *
   * @default - plain HTTP only
   */
  readonly https?: HttpsTermination;

  /**
   * Redirect every plain-HTTP request to HTTPS (301): an HTTPRoute on the HTTP listener, and the routes
   * then attach only to the HTTPS listeners. Needs HTTPS.
   *
   * @default false
   */
  readonly redirectHttpToHttps?: boolean;
}

/** @internal What a gateway knows of an HTTPRoute attached to it, for the HTTPS coverage check. */
export interface AttachedHttpRoute {
  /** The route construct. */
  readonly scope: IConstruct;
  /** The route's hostnames, at synth time. */
  hostnames(): string[];
  /** The listeners the route attaches to, at synth time. */
  sectionNames(): string[];
}

interface ListenerEntry {
  readonly listener: GatewayListener;
  readonly certificate?: ITlsCertificate;
  /** Plain HTTP that the load balancer receives as HTTPS (TLS at the AWS load balancer). */
  readonly httpsAtLoadBalancer?: boolean;
}

/**
 * The NVCF self-hosted ingress: the platform namespaces, a GatewayClass and one Gateway with an `http`
 * listener (port 80) and a `tcp` listener (port 10081, gRPC) that admit only HTTPRoutes and TCPRoutes
 * from namespaces labelled `nvcf/platform=true`, optional HTTPS, and the load balancer's annotations.
 *
 * Routes (`HostnameRoute`, `GrpcTcpRoute`, `NvcfPlatformRoutes`) attach to it and follow its Gateway API version.
 */
export class NvcfGateway extends Construct implements IGateway {
  /** Whether a construct is an `NvcfGateway` (works across copies of the library). */
  public static isNvcfGateway(x: any): x is NvcfGateway {
    return x !== null && typeof x === 'object' && NVCF_GATEWAY_SYMBOL in x;
  }

  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly gatewayApiVersion: GatewayApiVersion;

  /** The DNS name route hostnames are built from. */
  public readonly domain: string;

  /** The GatewayClass name the Gateway uses. */
  public readonly gatewayClassName: string;

  /** The label key of platform namespaces. */
  public readonly platformLabelKey: string;

  /** The label value of platform namespaces. */
  public readonly platformLabelValue: string;

  /** The name of the HTTP listener. */
  public readonly httpListenerName: string;

  /** The name of the TCP (gRPC) listener. */
  public readonly tcpListenerName: string;

  /** Whether plain HTTP is redirected to HTTPS. */
  public readonly redirectHttpToHttps: boolean;

  /** The generated Gateway object. */
  public readonly apiObject: ApiObject;

  private readonly _listeners = new Map<string, ListenerEntry>();
  private readonly _namespaces = new Map<string, PlatformNamespace>();
  private readonly _infrastructureAnnotations: { [key: string]: string } = {};
  private readonly _routes: AttachedHttpRoute[] = [];
  private readonly _gatewayAnnotations: { [key: string]: string } = {};
  private readonly loadBalancer: LoadBalancer;

  public constructor(scope: Construct, id: string, props: NvcfGatewayProps) {
    super(scope, id);
    Object.defineProperty(this, NVCF_GATEWAY_SYMBOL, { value: true });

    this.gatewayName = props.name ?? 'nvcf-gateway';
    this.gatewayNamespace = props.namespace ?? 'envoy-gateway';
    this.gatewayApiVersion = props.gatewayApiVersion ?? GatewayApiVersion.V1_2;
    this.platformLabelKey = props.platformLabelKey ?? 'nvcf/platform';
    this.platformLabelValue = props.platformLabelValue ?? 'true';
    this.httpListenerName = props.httpListenerName ?? 'http';
    this.tcpListenerName = props.tcpListenerName ?? 'tcp';
    this.redirectHttpToHttps = props.redirectHttpToHttps ?? false;
    this.loadBalancer = props.loadBalancer ?? LoadBalancer.onPremises();

    failIf(this, KIND, checkDnsSubdomain('name', this.gatewayName));
    failIf(this, KIND, checkDnsLabel('namespace', this.gatewayNamespace));
    failIf(this, KIND, checkMetadataKey('platformLabelKey', this.platformLabelKey));
    failIf(this, KIND, checkLabelValue('platformLabelValue', this.platformLabelValue));
    this.domain = this.checkDomain(props.domain);

    const gatewayClass = props.gatewayClass ?? NvcfGatewayClass.envoyGateway();
    failIf(this, KIND, checkDnsSubdomain('gatewayClass name', gatewayClass.name));
    failIf(this, KIND, gatewayClass._controllerProblem());
    this.gatewayClassName = gatewayClass.name;

    const classes = gatewayApiClasses(this.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);

    // Namespaces: the Gateway's first, then the others in the given order.
    const namespaces = props.namespaces ?? [PlatformNamespace.create('api-keys'), PlatformNamespace.create('nvcf')];
    if (!namespaces.some(ns => ns.name === this.gatewayNamespace)) {
      this.addNamespace(PlatformNamespace.create(this.gatewayNamespace));
    }
    for (const ns of namespaces) this.addNamespace(ns);

    if (gatewayClass.controllerName !== undefined) {
      new classes.GatewayClass(this, 'GatewayClass', {
        metadata: { name: gatewayClass.name },
        spec: { controllerName: gatewayClass.controllerName },
      });
    } else {
      declareKnown(this, { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'GatewayClass', name: gatewayClass.name });
    }

    this.addInfrastructureAnnotations('loadBalancer', this.loadBalancer.annotations);
    failIf(this, KIND, checkAnnotations('loadBalancerAnnotations', props.loadBalancerAnnotations));
    this.addInfrastructureAnnotations('loadBalancerAnnotations', props.loadBalancerAnnotations ?? {});

    this.apiObject = new classes.Gateway(this, 'Resource', {
      metadata: { name: this.gatewayName, namespace: this.gatewayNamespace },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });

    this.addListener({ name: this.httpListenerName, port: props.httpPort ?? 80, protocol: ListenerProtocol.HTTP });
    this.addListener({ name: this.tcpListenerName, port: props.tcpPort ?? 10081, protocol: ListenerProtocol.TCP });

    if (props.https !== undefined) this.addHttps(props.https);

    if (this.redirectHttpToHttps) this.createRedirectRoute();

    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  /** The listeners routes may attach to, in the order they were added. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners.values()].map(e => ({ ...e.listener, routeKinds: [...e.listener.routeKinds ?? []] }));
  }

  /** The names of the listeners that serve HTTPS (at the Gateway or at the load balancer). */
  public get httpsListenerNames(): string[] {
    return [...this._listeners.values()].filter(e => e.certificate !== undefined || e.httpsAtLoadBalancer).map(e => e.listener.name);
  }

  /** The platform namespaces, created and existing. */
  public get namespaces(): PlatformNamespace[] {
    return [...this._namespaces.values()];
  }

  /**
   * A hostname in the gateway's domain: `hostname('api-keys')` is `api-keys.<domain>`.
   *
   * @param subdomain one or more DNS labels, for example 'api-keys' or 'llm.invocation'
   */
  public hostname(subdomain: string): string {
    const problem = subdomain.includes('*') ? `subdomain '${subdomain}' contains '*'. Use DNS labels only, for example 'api'.`
      : checkHostname('subdomain', subdomain);
    failIf(this, KIND, problem);
    const hostname = `${subdomain}.${this.domain}`;
    failIf(this, KIND, checkHostname(`hostname for subdomain '${subdomain}'`, hostname));
    return hostname;
  }

  /**
   * Adds a platform namespace: created and labelled, or existing and referenced.
   */
  public addNamespace(namespace: PlatformNamespace): void {
    failIf(this, KIND, checkDnsLabel('namespaces name', namespace.name));
    failIf(this, KIND, checkLabels(`namespace '${namespace.name}' labels`, namespace.labels));
    if (this._namespaces.has(namespace.name)) {
      throw constructError(this, KIND, `namespace '${namespace.name}' is listed twice. List each namespace once.`);
    }
    this._namespaces.set(namespace.name, namespace);
    if (namespace.existing) {
      declareKnown(this, { apiVersion: 'v1', kind: 'Namespace', name: namespace.name, labels: namespace.labels });
    } else {
      const labels = namespace.labels;
      if (labels[this.platformLabelKey] !== undefined && labels[this.platformLabelKey] !== this.platformLabelValue) {
        throw constructError(this, KIND, `namespace '${namespace.name}' label '${this.platformLabelKey}' is ` +
          `'${labels[this.platformLabelKey]}', but created namespaces carry the platform label ` +
          `'${this.platformLabelKey}=${this.platformLabelValue}'. Remove that label from PlatformNamespace.create().`);
      }
      new kplus.Namespace(this, `Namespace-${namespace.name}`, {
        metadata: { name: namespace.name, labels: sortedMap({ ...labels, [this.platformLabelKey]: this.platformLabelValue }) },
      });
    }
  }

  /**
   * Adds a listener (HTTP, TCP, UDP or TLS passthrough). It admits only the route kinds of its protocol
   * (or those given), from platform namespaces. For HTTPS use `addHttpsListener()`.
   */
  public addListener(listener: GatewayListener): void {
    failIf(this, KIND, checkListener(listener));
    if (listener.protocol === ListenerProtocol.HTTPS) {
      throw constructError(this, KIND, `listener '${listener.name}' is HTTPS but has no certificate. ` +
        'Use addHttpsListener({ certificate, ... }) or https: HttpsTermination.atGateway({ certificate }).');
    }
    this.putListener({ listener });
  }

  /**
   * Adds an HTTPS listener that terminates TLS at the Gateway with a certificate Secret. A Secret in another
   * namespace gets a ReferenceGrant admitting exactly this Gateway's namespace; the certificate's
   * `gatewayAnnotations` are copied onto the Gateway. Every hostname served on it must be covered by the
   * certificate's DNS names (checked at synth when they are known).
   */
  public addHttpsListener(options: GatewayHttpsOptions): void {
    const name = options.name ?? 'https';
    const certificate = options.certificate;
    if (certificate === undefined) {
      throw constructError(this, KIND, `HTTPS listener '${name}' has no certificate. Pass one, for example ` +
        "certificate: TlsCertificate.fromSecretName({ secretName: 'nvcf-tls', secretNamespace: 'envoy-gateway' }).");
    }
    const listener: GatewayListener = { name, port: options.port ?? 443, protocol: ListenerProtocol.HTTPS, hostname: options.hostname };
    failIf(this, KIND, checkListener(listener));
    failIf(this, KIND, checkDnsSubdomain(`listener '${name}' certificate secretName`, certificate.secretName));
    failIf(this, KIND, checkDnsLabel(`listener '${name}' certificate secretNamespace`, certificate.secretNamespace));
    for (const [key, value] of Object.entries(certificate.gatewayAnnotations ?? {})) {
      failIf(this, KIND, checkMetadataKey(`certificate '${certificate.secretName}' gatewayAnnotations`, key));
      const current = this._gatewayAnnotations[key];
      if (current !== undefined && current !== value) {
        throw constructError(this, KIND, `certificate '${certificate.secretNamespace}/${certificate.secretName}' asks for ` +
          `Gateway annotation '${key}: ${value}', but another certificate set it to '${current}'. ` +
          'Use certificates that agree on it, for example issued by the same cluster issuer.');
      }
    }
    this.putListener({ listener, certificate });
    for (const [key, value] of Object.entries(certificate.gatewayAnnotations ?? {})) {
      this._gatewayAnnotations[key] = value;
      this.apiObject.metadata.addAnnotation(key, value);
    }
    declareKnown(this, {
      apiVersion: 'v1', kind: 'Secret', name: certificate.secretName, namespace: certificate.secretNamespace,
    });
    grantReference(this, GrantFrom.gateways(this.gatewayNamespace), certificate.secretNamespace,
      GrantTo.secret(certificate.secretName), this.gatewayApiVersion);
  }

  /**
   * The listeners a route of the given kind attaches to when it names none: for HTTPRoutes, the HTTP and
   * HTTPS listeners whose hostname matches one of the route's hostnames (the HTTP listener is left out
   * when it redirects to HTTPS); for other kinds, every listener that admits them.
   *
   * @param kind the route's kind
   * @param hostnames the route's hostnames
   */
  public routeSectionNames(kind: RouteKind, hostnames: string[]): string[] {
    return [...this._listeners.values()]
      .filter(e => (e.listener.routeKinds ?? []).includes(kind))
      .filter(e => !(this.redirectHttpToHttps && e.listener.name === this.httpListenerName && kind === RouteKind.HTTP_ROUTE))
      .filter(e => hostnames.length === 0 || hostnames.some(h => hostnamesIntersect(e.listener.hostname, h)))
      .map(e => e.listener.name);
  }

  /**
   * @internal Why routes in a namespace would not be admitted by the listeners (they admit only namespaces
   * with the platform label), or undefined.
   */
  public _namespaceProblem(namespace: string): string | undefined {
    const label = `${this.platformLabelKey}=${this.platformLabelValue}`;
    const ns = this._namespaces.get(namespace);
    if (ns === undefined) {
      return `namespace '${namespace}' is not a platform namespace of Gateway '${this.gatewayNamespace}/${this.gatewayName}' ` +
        `(${[...this._namespaces.keys()].map(n => `'${n}'`).join(', ')}), whose listeners admit routes only from namespaces ` +
        `labelled ${label}. Add it: addNamespace(PlatformNamespace.create('${namespace}')), or ` +
        `PlatformNamespace.fromExisting('${namespace}', { '${this.platformLabelKey}': '${this.platformLabelValue}' }) once labelled.`;
    }
    if (ns.existing && ns.labels[this.platformLabelKey] !== this.platformLabelValue) {
      return `namespace '${namespace}' exists without the label ${label}, so the Gateway's listeners do not admit routes ` +
        `from it. Label it (kubectl label namespace ${namespace} ${label}) and declare the label: ` +
        `PlatformNamespace.fromExisting('${namespace}', { '${this.platformLabelKey}': '${this.platformLabelValue}' }).`;
    }
    return undefined;
  }

  /** @internal Registers an HTTPRoute attached to this gateway, for the HTTPS coverage check. */
  public _attachHttpRoute(route: AttachedHttpRoute): void {
    this._routes.push(route);
  }

  /** @internal */
  public _toSpec(): any {
    const selector = { matchLabels: { [this.platformLabelKey]: this.platformLabelValue } };
    return {
      gatewayClassName: this.gatewayClassName,
      infrastructure: Object.keys(this._infrastructureAnnotations).length === 0 ? undefined
        : { annotations: sortedMap(this._infrastructureAnnotations) },
      listeners: [...this._listeners.values()].map(({ listener, certificate }) => ({
        name: listener.name,
        hostname: listener.hostname,
        port: listener.port,
        protocol: listener.protocol,
        tls: certificate !== undefined ? {
          mode: 'Terminate',
          certificateRefs: [{
            group: '',
            kind: 'Secret',
            name: certificate.secretName,
            namespace: certificate.secretNamespace === this.gatewayNamespace ? undefined : certificate.secretNamespace,
          }],
        } : listener.protocol === ListenerProtocol.TLS ? { mode: 'Passthrough' } : undefined,
        allowedRoutes: {
          kinds: (listener.routeKinds ?? []).map(kind => ({ group: GATEWAY_API_GROUP, kind })),
          namespaces: { from: 'Selector', selector },
        },
      })),
    };
  }

  private addHttps(https: HttpsTermination) {
    if (https.terminationPoint === HttpsTerminationPoint.GATEWAY) {
      this.addHttpsListener(https._gateway!);
      return;
    }
    if (this.loadBalancer.provider !== LoadBalancerProvider.AWS_NLB) {
      throw constructError(this, KIND, 'https terminates TLS at the AWS load balancer, but loadBalancer is ' +
        `'${this.loadBalancer.provider}'. Use loadBalancer: LoadBalancer.awsNlb(), or HttpsTermination.atGateway({ certificate }).`);
    }
    this.addInfrastructureAnnotations('https', https._annotations());
    const listener: GatewayListener = { name: https.listenerName, port: https.port, protocol: ListenerProtocol.HTTP };
    failIf(this, KIND, checkListener(listener));
    this.putListener({ listener, httpsAtLoadBalancer: true });
  }

  /** Checks a listener against the others and stores it with the route kinds it admits. */
  private putListener(entry: ListenerEntry) {
    const listener = entry.listener;
    const kinds = listener.routeKinds ?? [defaultRouteKinds(listener.protocol)[0]];
    const allowed = defaultRouteKinds(listener.protocol);
    for (const kind of kinds) {
      if (!allowed.includes(kind)) {
        throw constructError(this, KIND, `listener '${listener.name}' (${listener.protocol}) cannot admit ${kind} ` +
          `(a ${listener.protocol} listener admits ${allowed.join(', ')}). Remove it from routeKinds or use another protocol.`);
      }
    }
    if ((listener.protocol === ListenerProtocol.TCP || listener.protocol === ListenerProtocol.UDP) && listener.hostname !== undefined) {
      throw constructError(this, KIND, `listener '${listener.name}' is ${listener.protocol} but has hostname ` +
        `'${listener.hostname}': ${listener.protocol} listeners match no hostname (the Gateway API refuses it). ` +
        'Remove the hostname; the listener routes by port.');
    }
    if (this._listeners.has(listener.name)) {
      throw constructError(this, KIND, `listener name '${listener.name}' is used twice. Give each listener its own name, ` +
        `for example '${listener.name}-${listener.port}'.`);
    }
    for (const { listener: other } of this._listeners.values()) {
      if (other.port !== listener.port) continue;
      if (other.protocol !== listener.protocol) {
        throw constructError(this, KIND, `listener '${listener.name}' (${listener.protocol}) uses port ${listener.port}, ` +
          `which listener '${other.name}' already uses with ${other.protocol}. Use another port.`);
      }
      if ((other.hostname ?? '') === (listener.hostname ?? '')) {
        throw constructError(this, KIND, `listener '${listener.name}' has the same port ${listener.port}, protocol ` +
          `${listener.protocol} and hostname '${listener.hostname ?? ''}' as listener '${other.name}'. ` +
          'Give it another port or hostname.');
      }
    }
    if (this._listeners.size >= MAX_LISTENERS) {
      throw constructError(this, KIND, `listener '${listener.name}' would be listener ${MAX_LISTENERS + 1}, more than a ` +
        'Gateway holds. Use a second gateway.');
    }
    this._listeners.set(listener.name, { ...entry, listener: { ...listener, routeKinds: [...kinds] } });
  }

  private addInfrastructureAnnotations(field: string, annotations: { [key: string]: string }) {
    for (const [key, value] of Object.entries(annotations)) {
      const current = this._infrastructureAnnotations[key];
      if (current !== undefined && current !== value) {
        throw constructError(this, KIND, `${field} annotation '${key}: ${value}' conflicts with '${key}: ${current}' ` +
          'set by the load-balancer preset or HTTPS. Remove one of them.');
      }
      this._infrastructureAnnotations[key] = value;
    }
    const count = Object.keys(this._infrastructureAnnotations).length;
    if (count > MAX_INFRASTRUCTURE_ANNOTATIONS) {
      throw constructError(this, KIND, `the load balancer would get ${count} annotations ` +
        `(${Object.keys(this._infrastructureAnnotations).sort().join(', ')}), more than the ${MAX_INFRASTRUCTURE_ANNOTATIONS} ` +
        'a Gateway\'s spec.infrastructure holds. Drop some of loadBalancerAnnotations.');
    }
  }

  private createRedirectRoute() {
    const classes = gatewayApiClasses(this.gatewayApiVersion);
    new classes.HttpRoute(this, 'HttpsRedirect', {
      metadata: { name: `${this.gatewayName}-https-redirect`.slice(0, 253), namespace: this.gatewayNamespace },
      spec: Lazy.any({
        produce: () => {
          const target = [...this._listeners.values()].find(e => e.certificate !== undefined || e.httpsAtLoadBalancer);
          const port = target === undefined || target.listener.port === 443 ? undefined : target.listener.port;
          return {
            parentRefs: [{
              group: GATEWAY_API_GROUP,
              kind: 'Gateway',
              name: this.gatewayName,
              namespace: this.gatewayNamespace,
              sectionName: this.httpListenerName,
            }],
            rules: [{
              filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', port, statusCode: 301 } }],
            }],
          };
        },
      }),
    });
  }

  private validateGateway(): string[] {
    const problems: string[] = [];
    const problem = (message: string) => problems.push(constructProblem(this, KIND, message));
    if (this.redirectHttpToHttps && this.httpsListenerNames.length === 0) {
      problem('redirectHttpToHttps is true, but the gateway has no HTTPS listener to redirect to. ' +
        'Add https: HttpsTermination.atGateway({ certificate }) (or atAwsLoadBalancer), or remove redirectHttpToHttps.');
    }
    if (this.redirectHttpToHttps) {
      const nsProblem = this._namespaceProblem(this.gatewayNamespace);
      if (nsProblem !== undefined) problem(`the HTTPS redirect route cannot attach: ${nsProblem}`);
    }
    for (const entry of this._listeners.values()) {
      if (entry.certificate !== undefined) {
        problems.push(...this.coverageProblems(entry));
        problems.push(...annotationIssuanceProblems(this, entry.listener, entry.certificate).map(p => constructProblem(this, KIND, p)));
      }
    }
    return problems;
  }

  /** Every hostname the listener serves must be covered by its certificate's DNS names. */
  private coverageProblems(entry: ListenerEntry): string[] {
    const certificate = entry.certificate!;
    const listener = entry.listener;
    const served: Array<{ hostname: string; source: string }> = [];
    if (listener.hostname !== undefined) served.push({ hostname: listener.hostname, source: `listener '${listener.name}' hostname` });
    for (const route of this._routes) {
      if (!route.sectionNames().includes(listener.name)) continue;
      for (const hostname of route.hostnames()) {
        if (this.servingListener(hostname, listener.port) === entry) {
          served.push({ hostname, source: `route '${route.scope.node.path}'` });
        }
      }
    }
    const uncovered = new Set(uncoveredHostnames(certificate, served.map(s => s.hostname)));
    const names = (certificate.dnsNames ?? []).map(n => `'${n}'`).join(', ');
    return served.filter(s => uncovered.has(s.hostname)).map(s => constructProblem(this, KIND,
      `HTTPS listener '${listener.name}' serves hostname '${s.hostname}' (${s.source}), which certificate ` +
      `'${certificate.secretNamespace}/${certificate.secretName}' (dnsNames ${names}) does not cover; a wildcard covers ` +
      `exactly one label. Add '${s.hostname}'${s.hostname.startsWith('*.') ? '' : ` or '*.${s.hostname.slice(s.hostname.indexOf('.') + 1)}'`} ` +
      'to the certificate\'s dnsNames, or use a hostname it covers.'));
  }

  /** The HTTPS listener on a port that serves a hostname: exact hostname, else the longest wildcard, else none. */
  private servingListener(hostname: string, port: number): ListenerEntry | undefined {
    const candidates = [...this._listeners.values()]
      .filter(e => e.certificate !== undefined && e.listener.port === port && hostnamesIntersect(e.listener.hostname, hostname));
    const rank = (e: ListenerEntry) => e.listener.hostname === undefined ? 0
      : e.listener.hostname === hostname ? Number.MAX_SAFE_INTEGER : e.listener.hostname.length;
    return candidates.sort((a, b) => rank(b) - rank(a))[0];
  }

  private checkDomain(domain: string): string {
    if (isIpAddress(domain ?? '')) {
      throw constructError(this, KIND, `domain '${domain}' is an IP address, but route hostnames are built from it ` +
        `and must be DNS names. Use a DNS name for the load balancer, for example '${domain}.nip.io'.`);
    }
    if (domain?.startsWith('*.')) {
      throw constructError(this, KIND, `domain '${domain}' is a wildcard. Use the domain itself: '${domain.slice(2)}'.`);
    }
    failIf(this, KIND, checkHostname('domain', domain ?? ''));
    return domain;
  }
}

/** The listeners of a gateway that admit a kind, for gateways this library does not create. */
export function admittingListeners(gateway: IGateway, kind: RouteKind, hostnames: string[]): string[] {
  return gateway.listeners
    .filter(l => listenerRouteKinds(l).includes(kind))
    .filter(l => hostnames.length === 0 || hostnames.some(h => hostnamesIntersect(l.hostname, h)))
    .map(l => l.name);
}
