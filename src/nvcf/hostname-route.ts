import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendService } from '../gateway-api/backend';
import { IGateway, IGatewayRoute, RouteKind } from '../gateway-api/gateway';
import { checkHostname } from '../gateway-api/hostnames';
import { PathMatch } from '../gateway-api/path-match';
import { GrantFrom } from '../gateway-api/reference-grant';
import { attachmentProblems, parentRefs, reachBackend, serviceBackendRef } from '../gateway-api/route-attachment';
import { gatewayApiClasses } from '../gateway-api/version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkAnnotations } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { sortedMap } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { IPolicyTarget, PolicyTargetReference } from '../security/policy-target';
import { useRelease } from '../validation/targets';

const KIND = 'HostnameRoute';
/** At most this many hostnames per HTTPRoute (the CRD's maxItems). */
const MAX_HOSTNAMES = 16;
/** At most this many matches per HTTPRoute rule (the CRD's maxItems). */
const MAX_MATCHES = 64;

/** Options of a `HostnameRoute`. */
export interface HostnameRouteProps {
  /** The gateway the route attaches to; the route follows its Gateway API version. */
  readonly gateway: IGateway;

  /**
   * The hostnames the route serves (1 to 16), for example `gateway.hostname('api-keys')`. On an
   * `NvcfGateway` they must lie in its domain. More can be added with `addHostname()`.
   */
  readonly hostnames: string[];

  /** The Service requests go to: `BackendService.fromName(name, namespace, port)` or `BackendService.fromService(service)`. */
  readonly backend: BackendService;

  /**
   * The HTTPRoute's metadata.name.
   *
   * @default - generated from the construct path by the chart
   */
  readonly name?: string;

  /**
   * The HTTPRoute's namespace. A backend in another namespace gets a ReferenceGrant there that admits
   * exactly HTTPRoutes from this namespace to that Service.
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;

  /**
   * The request paths the route matches.
   *
   * @default [PathMatch.prefix('/')] - every request
   */
  readonly paths?: PathMatch[];

  /**
   * Annotations of the HTTPRoute, for example external-dns ones (`external-dns.alpha.kubernetes.io/ttl`).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * The listeners to attach to, by name (`parentRefs[].sectionName`).
   *
   * @default - on an NvcfGateway, its HTTP listener (unless it redirects to HTTPS) and its HTTPS listeners
   * whose hostname matches; on another gateway, its listeners that admit HTTPRoutes for these hostnames
   */
  readonly sectionNames?: string[];
}

/**
 * An HTTPRoute that sends the requests for one hostname (or a few) to one Service: the NVCF routes for
 * API Keys, the NVCF API and invocation. It attaches to the gateway's HTTP listener (and HTTPS listeners)
 * by sectionName, and gets the ReferenceGrant its backend needs.
 */
export class HostnameRoute extends Construct implements IGatewayRoute, IPolicyTarget {
  /** The gateway the route attaches to. */
  public readonly gateway: IGateway;

  /** The HTTPRoute's namespace. */
  public readonly routeNamespace: string;

  /** The route's kind: HTTPRoute. */
  public readonly routeKind = RouteKind.HTTP_ROUTE;

  /** The Service requests go to. */
  public readonly backend: BackendService;

  /** The generated HTTPRoute object. */
  public readonly apiObject: ApiObject;

  private readonly _hostnames: string[] = [];
  private readonly _paths: PathMatch[];
  private readonly _sectionNames?: string[];

  public constructor(scope: Construct, id: string, props: HostnameRouteProps) {
    super(scope, id);
    this.gateway = props.gateway;
    this.routeNamespace = props.namespace ?? props.gateway.gatewayNamespace;
    this.backend = props.backend;
    this._paths = [...props.paths ?? [PathMatch.prefix('/')]];
    this._sectionNames = props.sectionNames === undefined ? undefined : [...props.sectionNames];

    failIf(this, KIND, checkDnsLabel('namespace', this.routeNamespace));
    if (props.name !== undefined) failIf(this, KIND, checkDnsSubdomain('name', props.name));
    if (props.backend === undefined) {
      throw constructError(this, KIND, "backend is missing. Pass one, for example BackendService.fromName('api-keys', 'api-keys', 8080).");
    }
    failIf(this, KIND, props.backend.problem('backend'));
    failIf(this, KIND, checkAnnotations('annotations', props.annotations));
    if (this._paths.length === 0) failIf(this, KIND, 'paths is empty. Leave it out to match every request, or pass PathMatch.prefix(\'/\').');
    if (this._paths.length > MAX_MATCHES) {
      failIf(this, KIND, `paths has ${this._paths.length} entries, more than the ${MAX_MATCHES} an HTTPRoute rule holds. Use fewer, broader prefixes.`);
    }
    for (const path of this._paths) failIf(this, KIND, path._problem('path'));
    for (const sectionName of this._sectionNames ?? []) failIf(this, KIND, checkDnsLabel('sectionNames entry', sectionName));
    if ((props.hostnames ?? []).length === 0) {
      failIf(this, KIND, "hostnames is empty: a HostnameRoute serves at least one hostname. Pass one, for example gateway.hostname('api').");
    }
    for (const hostname of props.hostnames) this.addHostname(hostname);

    const classes = gatewayApiClasses(this.gateway.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    this.apiObject = emitSchemaDefaults(new classes.HttpRoute(this, 'Resource', {
      metadata: {
        ...(props.name === undefined ? {} : { name: props.name }), namespace: this.routeNamespace, annotations: sortedMap(props.annotations),
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'gateway-api', classes.release);

    reachBackend(this, GrantFrom.httpRoutes(this.routeNamespace), this.backend, this.gateway);

    this.gateway.registerRoute(this);
    this.node.addValidation({
      validate: () => attachmentProblems(this.gateway, this, this.routeNamespace, this._sectionNames !== undefined)
        .map(problem => constructProblem(this, KIND, problem)),
    });
  }

  /** The HTTPRoute's namespace, where policies on it live. */
  public get policyTargetNamespace(): string {
    return this.routeNamespace;
  }

  /** `HTTPRoute '<namespace>/<name>'`. */
  public get policyTargetDescription(): string {
    return `HTTPRoute '${this.routeNamespace}/${this.apiObject.name}'`;
  }

  /** The HTTPRoute. */
  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: this.apiObject.name }];
  }

  /** The route's hostnames, in the order added. */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** The listeners the route attaches to (resolved from the gateway when none were given). */
  public get sectionNames(): string[] {
    if (this._sectionNames !== undefined) return [...this._sectionNames];
    return this.gateway.defaultSectionNames(RouteKind.HTTP_ROUTE, this.hostnames);
  }

  /**
   * Adds a hostname (at most 16 in all). The gateway may restrict them: on an `NvcfGateway` it must lie in its domain.
   */
  public addHostname(hostname: string): void {
    failIf(this, KIND, checkHostname('hostname', hostname));
    if (this._hostnames.includes(hostname)) failIf(this, KIND, `hostname '${hostname}' is listed twice. List it once.`);
    if (this._hostnames.length >= MAX_HOSTNAMES) {
      failIf(this, KIND, `hostname '${hostname}' would be hostname ${MAX_HOSTNAMES + 1}, more than the ${MAX_HOSTNAMES} an HTTPRoute ` +
        'holds. Split the hostnames over a second HostnameRoute.');
    }
    failIf(this, KIND, this.gateway.routeHostnameProblem(hostname));
    this._hostnames.push(hostname);
  }

  /** @internal */
  public _toSpec(): any {
    return {
      parentRefs: parentRefs(this.gateway, this.sectionNames),
      hostnames: [...this._hostnames],
      rules: [{
        matches: this._paths.map(p => ({ path: { type: p.matchType, value: p.value } })),
        backendRefs: [serviceBackendRef(this.backend)],
      }],
    };
  }
}
