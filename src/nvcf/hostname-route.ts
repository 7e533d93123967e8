import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { NvcfGateway, admittingListeners } from './nvcf-gateway';
import { attachmentProblem, parentRefs, reachBackend, serviceBackendRef } from './route-common';
import { BackendService } from '../gateway-api/backend';
import { IGateway, RouteKind } from '../gateway-api/gateway';
import { checkHostname, hostnamesIntersect } from '../gateway-api/hostnames';
import { PathMatch } from '../gateway-api/path-match';
import { GrantFrom } from '../gateway-api/reference-grant';
import { gatewayApiClasses } from '../gateway-api/version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkAnnotations } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { sortedMap } from '../kubernetes/order';
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
export class HostnameRoute extends Construct {
  /** The gateway the route attaches to. */
  public readonly gateway: IGateway;

  /** The route's namespace. */
  public readonly namespace: string;

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
    this.namespace = props.namespace ?? props.gateway.gatewayNamespace;
    this.backend = props.backend;
    this._paths = [...props.paths ?? [PathMatch.prefix('/')]];
    this._sectionNames = props.sectionNames === undefined ? undefined : [...props.sectionNames];

    failIf(this, KIND, checkDnsLabel('namespace', this.namespace));
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
    this.apiObject = new classes.HttpRoute(this, 'Resource', {
      metadata: { ...(props.name === undefined ? {} : { name: props.name }), namespace: this.namespace, annotations: sortedMap(props.annotations) },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });

    reachBackend(this, GrantFrom.httpRoutes(this.namespace), this.backend, this.gateway);

    if (NvcfGateway.isNvcfGateway(this.gateway)) {
      this.gateway._attachHttpRoute({ scope: this, hostnames: () => this.hostnames, sectionNames: () => this.sectionNames });
    }
    this.node.addValidation({ validate: () => this.validateRoute() });
  }

  /** The route's hostnames, in the order added. */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** The listeners the route attaches to (resolved from the gateway when none were given). */
  public get sectionNames(): string[] {
    if (this._sectionNames !== undefined) return [...this._sectionNames];
    if (NvcfGateway.isNvcfGateway(this.gateway)) return this.gateway.routeSectionNames(RouteKind.HTTP_ROUTE, this.hostnames);
    return admittingListeners(this.gateway, RouteKind.HTTP_ROUTE, this.hostnames);
  }

  /**
   * Adds a hostname (at most 16 in all). On an `NvcfGateway` it must lie in the gateway's domain.
   */
  public addHostname(hostname: string): void {
    failIf(this, KIND, checkHostname('hostname', hostname));
    if (this._hostnames.includes(hostname)) failIf(this, KIND, `hostname '${hostname}' is listed twice. List it once.`);
    if (this._hostnames.length >= MAX_HOSTNAMES) {
      failIf(this, KIND, `hostname '${hostname}' would be hostname ${MAX_HOSTNAMES + 1}, more than the ${MAX_HOSTNAMES} an HTTPRoute ` +
        'holds. Split the hostnames over a second HostnameRoute.');
    }
    if (NvcfGateway.isNvcfGateway(this.gateway)) {
      const domain = this.gateway.domain;
      const bare = hostname.replace(/^\*\./, '');
      if (bare !== domain && !hostname.endsWith(`.${domain}`)) {
        const first = hostname.replace(/^\*\./, '').split('.')[0];
        failIf(this, KIND, `hostname '${hostname}' is outside the gateway's domain '${domain}'. Use a hostname under it, ` +
          `for example '${first}.${domain}' (gateway.hostname('${first}')), or change the gateway's domain.`);
      }
    }
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

  private validateRoute(): string[] {
    const problems: string[] = [];
    const sectionNames = this.sectionNames;
    const attach = attachmentProblem(this.gateway, RouteKind.HTTP_ROUTE, sectionNames, this._sectionNames !== undefined);
    if (attach !== undefined) problems.push(constructProblem(this, KIND, attach));
    for (const sectionName of attach === undefined ? sectionNames : []) {
      const listener = this.gateway.listeners.find(l => l.name === sectionName);
      if (listener?.hostname !== undefined && !this._hostnames.some(h => hostnamesIntersect(listener.hostname, h))) {
        problems.push(constructProblem(this, KIND, `listener '${sectionName}' hostname '${listener.hostname}' matches none ` +
          `of the route's hostnames (${this._hostnames.map(h => `'${h}'`).join(', ')}), so the route would not attach to it. ` +
          'Remove it from sectionNames or use a hostname it matches.'));
      }
    }
    if (NvcfGateway.isNvcfGateway(this.gateway)) {
      const nsProblem = this.gateway._namespaceProblem(this.namespace);
      if (nsProblem !== undefined) problems.push(constructProblem(this, KIND, nsProblem));
    }
    return problems;
  }
}
