import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { NvcfGatewayClass } from './gateway-class';
import { HttpsTermination } from './https';
import { LoadBalancer, LoadBalancerProvider } from './load-balancer';
import { GatewayNamespaces, PlatformNamespace } from './platform-namespace';
import { defaultRouteKinds, GatewayListener, ListenerProtocol, parentRef, RouteKind, RoutesFrom, checkListener } from '../gateway-api/gateway';
import { GatewayBase } from '../gateway-api/gateway-base';
import { checkHostname, isIpAddress } from '../gateway-api/hostnames';
import { GatewayApiVersion, gatewayApiClasses } from '../gateway-api/version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkAnnotations, checkLabelValue, checkMetadataKey } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { sortedMap } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

const KIND = 'NvcfGateway';
const NVCF_GATEWAY_SYMBOL = Symbol.for('cdk8s-ai-gateway.NvcfGateway');

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

/**
 * The NVCF self-hosted ingress: the platform namespaces, a GatewayClass and one Gateway with an `http`
 * listener (port 80) and a `tcp` listener (port 10081, gRPC) that admit only HTTPRoutes and TCPRoutes
 * from namespaces labelled `nvcf/platform=true`, optional HTTPS, and the load balancer's annotations.
 *
 * Routes (`HostnameRoute`, `GrpcTcpRoute`, `NvcfPlatformRoutes`) attach to it and follow its Gateway API version.
 */
export class NvcfGateway extends GatewayBase {
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

  private readonly _namespaces = new GatewayNamespaces(this, KIND);
  private readonly _infrastructureAnnotations: { [key: string]: string } = {};
  private readonly loadBalancer: LoadBalancer;

  public constructor(scope: Construct, id: string, props: NvcfGatewayProps) {
    super(scope, id, KIND);
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
      emitSchemaDefaults(new classes.GatewayClass(this, 'GatewayClass', {
        metadata: { name: gatewayClass.name },
        spec: { controllerName: gatewayClass.controllerName },
      }), 'gateway-api', classes.release);
    } else {
      declareKnown(this, { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'GatewayClass', name: gatewayClass.name });
    }

    this.addInfrastructureAnnotations('loadBalancer', this.loadBalancer.annotations);
    failIf(this, KIND, checkAnnotations('loadBalancerAnnotations', props.loadBalancerAnnotations));
    this.addInfrastructureAnnotations('loadBalancerAnnotations', props.loadBalancerAnnotations ?? {});

    this.apiObject = emitSchemaDefaults(new classes.Gateway(this, 'Resource', {
      metadata: { name: this.gatewayName, namespace: this.gatewayNamespace },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'gateway-api', classes.release);

    this.addListener({ name: this.httpListenerName, port: props.httpPort ?? 80, protocol: ListenerProtocol.HTTP });
    this.addListener({ name: this.tcpListenerName, port: props.tcpPort ?? 10081, protocol: ListenerProtocol.TCP });

    if (props.https !== undefined) this.addHttps(props.https);

    if (this.redirectHttpToHttps) this.createRedirectRoute();
  }

  /** The platform namespaces, created and existing. */
  public get namespaces(): PlatformNamespace[] {
    return this._namespaces.all;
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
    const label = namespace.labels[this.platformLabelKey];
    const problem = namespace.existing || label === undefined || label === this.platformLabelValue ? undefined
      : `namespace '${namespace.name}' label '${this.platformLabelKey}' is '${label}', but created namespaces carry the ` +
        `platform label '${this.platformLabelKey}=${this.platformLabelValue}'. Remove that label from PlatformNamespace.create().`;
    this._namespaces.add(namespace, problem, { [this.platformLabelKey]: this.platformLabelValue });
  }

  /**
   * The listeners a route of the given kind attaches to when it names none: for HTTPRoutes, the HTTP and
   * HTTPS listeners whose hostname matches one of the route's hostnames (the HTTP listener is left out when it
   * redirects to HTTPS); for TCPRoutes, the gRPC listener (`tcpListenerName`); for other kinds, every listener
   * that admits them.
   */
  public defaultSectionNames(kind: RouteKind, hostnames: string[]): string[] {
    if (kind === RouteKind.TCP_ROUTE) return [this.tcpListenerName];
    return super.defaultSectionNames(kind, hostnames)
      .filter(name => !(this.redirectHttpToHttps && name === this.httpListenerName && kind === RouteKind.HTTP_ROUTE));
  }

  /** The listeners admit routes only from platform namespaces: those added, created with the label or existing with it. */
  public routeNamespaceProblem(namespace: string): string | undefined {
    const label = `${this.platformLabelKey}=${this.platformLabelValue}`;
    const ns = this._namespaces.get(namespace);
    if (ns === undefined) {
      return `namespace '${namespace}' is not a platform namespace of Gateway '${this.gatewayNamespace}/${this.gatewayName}' ` +
        `(${this._namespaces.all.map(n => `'${n.name}'`).join(', ')}), whose listeners admit routes only from namespaces ` +
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

  /** Route hostnames are built from the gateway's domain. */
  public routeDomain(): string | undefined {
    return this.domain;
  }

  /** Route hostnames lie in the gateway's domain. */
  public routeHostnameProblem(hostname: string): string | undefined {
    const bare = hostname.replace(/^\*\./, '');
    if (bare === this.domain || hostname.endsWith(`.${this.domain}`)) return undefined;
    const first = bare.split('.')[0];
    return `hostname '${hostname}' is outside the gateway's domain '${this.domain}'. Use a hostname under it, ` +
      `for example '${first}.${this.domain}' (gateway.hostname('${first}')), or change the gateway's domain.`;
  }

  /** @internal */
  public _toSpec(): any {
    return {
      gatewayClassName: this.gatewayClassName,
      infrastructure: Object.keys(this._infrastructureAnnotations).length === 0 ? undefined
        : { annotations: sortedMap(this._infrastructureAnnotations) },
      listeners: this._listenerSpecs(listener => ({
        kinds: (listener.routeKinds ?? []).map(kind => ({ group: GATEWAY_API_GROUP, kind })),
        namespaces: { from: RoutesFrom.SELECTOR, selector: { matchLabels: { ...listener.routeNamespaceLabels } } },
      })),
    };
  }

  /** @internal */
  protected get _gatewayObject(): ApiObject | undefined {
    return this.apiObject;
  }

  /** @internal Each listener admits only the first route kind of its protocol (or those given), from platform namespaces. */
  protected _admitting(listener: GatewayListener): GatewayListener {
    return {
      ...listener,
      routeKinds: listener.routeKinds ?? [defaultRouteKinds(listener.protocol)[0]],
      routesFrom: RoutesFrom.SELECTOR,
      routeNamespaceLabels: { [this.platformLabelKey]: this.platformLabelValue },
    };
  }

  private addHttps(https: HttpsTermination) {
    https._bind({
      addHttpsListener: options => this.addHttpsListener(options),
      addLoadBalancerHttps: (listenerName, port, annotations) => {
        if (this.loadBalancer.provider !== LoadBalancerProvider.AWS_NLB) {
          throw constructError(this, KIND, 'https terminates TLS at the AWS load balancer, but loadBalancer is ' +
            `'${this.loadBalancer.provider}'. Use loadBalancer: LoadBalancer.awsNlb(), or HttpsTermination.atGateway({ certificate }).`);
        }
        this.addInfrastructureAnnotations('https', annotations);
        const listener: GatewayListener = { name: listenerName, port, protocol: ListenerProtocol.HTTP };
        failIf(this, KIND, checkListener(listener));
        this._putListener({ listener: this._admitting(listener), httpsAtLoadBalancer: true });
      },
    });
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
    emitSchemaDefaults(new classes.HttpRoute(this, 'HttpsRedirect', {
      metadata: { name: `${this.gatewayName}-https-redirect`.slice(0, 253), namespace: this.gatewayNamespace },
      spec: Lazy.any({
        produce: () => {
          const target = [...this._listeners.values()].find(e => e.certificate !== undefined || e.httpsAtLoadBalancer);
          const port = target === undefined || target.listener.port === 443 ? undefined : target.listener.port;
          return {
            parentRefs: [parentRef(this, this.httpListenerName)],
            rules: [{
              filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', port, statusCode: 301 } }],
            }],
          };
        },
      }),
    }), 'gateway-api', classes.release);
  }

  /** @internal The redirect needs an HTTPS listener to send to, and its route must be admitted. */
  protected _gatewayProblems(): string[] {
    const problems: string[] = [];
    const problem = (message: string) => problems.push(constructProblem(this, KIND, message));
    if (this.redirectHttpToHttps && this.httpsListenerNames.length === 0) {
      problem('redirectHttpToHttps is true, but the gateway has no HTTPS listener to redirect to. ' +
        'Add https: HttpsTermination.atGateway({ certificate }) (or atAwsLoadBalancer), or remove redirectHttpToHttps.');
    }
    if (this.redirectHttpToHttps) {
      const nsProblem = this.routeNamespaceProblem(this.gatewayNamespace);
      if (nsProblem !== undefined) problem(`the HTTPS redirect route cannot attach: ${nsProblem}`);
    }
    return problems;
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
