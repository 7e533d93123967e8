import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IInferencePool } from './inference-pool-ref';
import { IGateway, IGatewayRoute, RouteKind } from '../gateway-api/gateway';
import { grantReference } from '../gateway-api/grants';
import { checkHostname } from '../gateway-api/hostnames';
import { PathMatch } from '../gateway-api/path-match';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { attachmentProblems, parentRefs } from '../gateway-api/route-attachment';
import { gatewayApiClasses } from '../gateway-api/version';
import { formatDuration } from '../kubernetes/duration';
import { constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain, suggestDnsName } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { GATEWAY_API_GROUP, INFERENCE_GROUP } from '../kubernetes/well-known';
import { IPolicyTarget, PolicyTargetReference } from '../security/policy-target';
import { useRelease } from '../validation/targets';

/** HTTPRoute limits of the Gateway API CRDs. */
const MAX_RULES = 16;
const MAX_HOSTNAMES = 16;
const MAX_BACKENDS = 16;
const MAX_MATCHES = 64;
const MAX_WEIGHT = 1_000_000;

/**
 * One InferencePool that a rule sends traffic to, with its share.
 */
export interface PoolBackend {
  /** The pool: an `InferencePool` of this app or `InferencePool.fromInferencePoolAttributes()`. */
  readonly pool: IInferencePool;

  /**
   * The pool's share of the rule's traffic, relative to the other pools of the rule (0 to 1,000,000). With
   * weights 90 and 10, nine requests in ten go to the first pool.
   *
   * @default 1
   */
  readonly weight?: number;
}

/**
 * A rule of an InferenceRoute: which requests, and how they are split between pools.
 */
export interface InferenceRouteRule {
  /**
   * The pools that serve the rule's requests, 1 to 16. Two or more split the traffic by weight, for example to
   * roll out a new model version by percentage.
   */
  readonly backends: PoolBackend[];

  /**
   * The requests the rule takes; any one of the matches suffices.
   *
   * @default - every path (PathPrefix '/')
   */
  readonly matches?: PathMatch[];

  /**
   * How long the gateway waits for the whole response. Generations take long: Envoy's default of 15 s cuts them off.
   *
   * @default Duration.minutes(5) (written '300s', as the upstream chart's HTTPRoute)
   */
  readonly requestTimeout?: Duration;
}

/**
 * Options of an InferenceRoute.
 */
export interface InferenceRouteProps {
  /** The Gateway the route attaches to: one of this app, or `Gateway.fromGatewayAttributes()`. */
  readonly gateway: IGateway;

  /**
   * The listeners of the Gateway the route attaches to (`parentRefs[].sectionName`).
   *
   * @default - every listener of the Gateway that admits HTTPRoutes
   */
  readonly sectionNames?: string[];

  /**
   * The HTTPRoute's metadata.name.
   *
   * @default - the construct id made a DNS label (lower case, other characters replaced by '-', at most 63
   * characters): `new InferenceRoute(chart, 'llama', ...)` is the HTTPRoute `llama`
   */
  readonly name?: string;

  /**
   * The HTTPRoute's namespace. Pools in other namespaces are reached through ReferenceGrants, which the route creates.
   *
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;

  /**
   * The hostnames the route serves (at most 16). Each must intersect the hostname of a listener it attaches to.
   *
   * @default - every hostname of the listeners
   */
  readonly hostnames?: string[];

  /**
   * The route's rules. More can be added with `addRule()`; at least one is required by synth time.
   *
   * @default - none yet
   */
  readonly rules?: InferenceRouteRule[];
}

/**
 * A Gateway API HTTPRoute to InferencePools: hostnames and path matches on a Gateway, each rule splitting its
 * traffic between one or more pools by weight. A pool in another namespace than the route gets a narrow
 * ReferenceGrant (HTTPRoutes from the route's namespace → that pool).
 *
 * @see https://gateway-api-inference-extension.sigs.k8s.io/guides/
 */
export class InferenceRoute extends Construct implements IGatewayRoute, IPolicyTarget {
  /** The HTTPRoute's metadata.name. */
  public readonly routeName: string;

  /** The HTTPRoute's namespace. */
  public readonly routeNamespace: string;

  /** The Gateway the route attaches to. */
  public readonly gateway: IGateway;

  /** The generated HTTPRoute object. */
  public readonly apiObject: ApiObject;

  /** The route's kind: HTTPRoute. */
  public readonly routeKind = RouteKind.HTTP_ROUTE;

  private readonly _hostnames: string[];
  private readonly _sectionNames: string[];
  private readonly rules: any[] = [];

  public constructor(scope: Construct, id: string, props: InferenceRouteProps) {
    super(scope, id);
    this.gateway = props.gateway;
    this.routeNamespace = props.namespace ?? props.gateway.gatewayNamespace;
    failIf(this, 'InferenceRoute', checkDnsLabel('namespace', this.routeNamespace));
    if (props.name !== undefined) failIf(this, 'InferenceRoute', checkDnsSubdomain('name', props.name));
    const name = props.name ?? suggestDnsName(id, 63, false);

    this._hostnames = [...new Set(props.hostnames ?? [])];
    if (this._hostnames.length > MAX_HOSTNAMES) {
      failIf(this, 'InferenceRoute', `has ${this._hostnames.length} hostnames, more than the ${MAX_HOSTNAMES} an HTTPRoute holds. ` +
        'Split them over a second InferenceRoute, or use a wildcard hostname.');
    }
    for (const hostname of this._hostnames) {
      failIf(this, 'InferenceRoute', checkHostname('hostname', hostname));
      failIf(this, 'InferenceRoute', this.gateway.routeHostnameProblem(hostname));
    }
    this._sectionNames = [...props.sectionNames ?? []];
    for (const sectionName of this._sectionNames) failIf(this, 'InferenceRoute', checkDnsLabel('sectionNames entry', sectionName));

    const classes = gatewayApiClasses(props.gateway.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    this.apiObject = emitSchemaDefaults(new classes.HttpRoute(this, 'Resource', {
      metadata: { name, namespace: this.routeNamespace },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'gateway-api', classes.release);
    this.routeName = this.apiObject.name;

    for (const rule of props.rules ?? []) this.addRule(rule);

    this.gateway.registerRoute(this);
    this.node.addValidation({
      validate: () => [
        ...attachmentProblems(this.gateway, this, this.routeNamespace, this._sectionNames.length > 0),
        ...this.rules.length > 0 ? [] : ['has no rule. Add one, for example addRule({ backends: [{ pool }] }).'],
      ].map(problem => constructProblem(this, 'InferenceRoute', problem)),
    });
  }

  /** The HTTPRoute's namespace, where policies on it live. */
  public get policyTargetNamespace(): string {
    return this.routeNamespace;
  }

  /** `HTTPRoute '<namespace>/<name>'`. */
  public get policyTargetDescription(): string {
    return `HTTPRoute '${this.routeNamespace}/${this.routeName}'`;
  }

  /** The HTTPRoute. */
  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: this.routeName }];
  }

  /** The hostnames the route serves; empty for every hostname of its listeners. */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** The listeners the route attaches to: those given, else the gateway's listeners for HTTPRoutes. */
  public get sectionNames(): string[] {
    return this._sectionNames.length > 0 ? [...this._sectionNames] : this.gateway.defaultSectionNames(RouteKind.HTTP_ROUTE, this._hostnames);
  }

  /**
   * Adds a rule: the requests it matches go to its pools, split by weight. Pools in other namespaces get a grant.
   */
  public addRule(rule: InferenceRouteRule): void {
    const field = `rules[${this.rules.length}]`;
    if (this.rules.length >= MAX_RULES) {
      failIf(this, 'InferenceRoute', `has ${this.rules.length + 1} rules, more than the ${MAX_RULES} an HTTPRoute holds. ` +
        'Split them over a second InferenceRoute.');
    }
    const backends = rule.backends ?? [];
    if (backends.length === 0) {
      failIf(this, 'InferenceRoute', `${field} has no backends. Give at least one pool: backends: [{ pool }].`);
    }
    if (backends.length > MAX_BACKENDS) {
      failIf(this, 'InferenceRoute', `${field} has ${backends.length} backends, more than the ${MAX_BACKENDS} an HTTPRoute rule holds. ` +
        'Remove some pools.');
    }
    const seen = new Set<string>();
    let total = 0;
    for (const backend of backends) {
      const key = `${backend.pool.poolNamespace}/${backend.pool.poolName}`;
      if (seen.has(key)) {
        failIf(this, 'InferenceRoute', `${field} lists pool '${key}' twice. List each pool once, with its whole weight.`);
      }
      seen.add(key);
      const weight = backend.weight ?? 1;
      if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
        failIf(this, 'InferenceRoute', `${field} weight ${weight} of pool '${key}' is not a whole number from 0 to ${MAX_WEIGHT}. ` +
          'Use, for example, 90 and 10 for a 90/10 split.');
      }
      total += weight;
    }
    if (total === 0) {
      failIf(this, 'InferenceRoute', `${field} weights sum to 0 (${backends.map(b => `'${b.pool.poolName}': ${b.weight ?? 1}`).join(', ')}), so ` +
        'no pool would receive traffic. Give at least one pool a positive weight, for example 100.');
    }

    const matches = rule.matches ?? [PathMatch.prefix('/')];
    if (matches.length > MAX_MATCHES) {
      failIf(this, 'InferenceRoute', `${field} has ${matches.length} matches, more than the ${MAX_MATCHES} an HTTPRoute rule holds. Use fewer.`);
    }
    matches.forEach((match, index) => failIf(this, 'InferenceRoute', match._problem(`${field}.matches[${index}] path`)));

    const timeout = formatDuration(rule.requestTimeout ?? Duration.minutes(5));
    if (timeout === undefined) {
      failIf(this, 'InferenceRoute', `${field} requestTimeout ${rule.requestTimeout!.toMilliseconds({ integral: false })}ms is not a Gateway API duration ` +
        '(whole milliseconds, at most 99999 of a unit). Use, for example, Duration.minutes(5).');
    }

    for (const backend of backends) {
      grantReference(this, GrantFrom.httpRoutes(this.routeNamespace), backend.pool.poolNamespace,
        GrantTo.inferencePool(backend.pool.poolName), this.gateway.gatewayApiVersion);
    }

    this.rules.push({
      matches: matches.map(match => ({ path: { type: match.matchType, value: match.value } })),
      backendRefs: backends.map(backend => ({
        group: INFERENCE_GROUP,
        kind: 'InferencePool',
        name: backend.pool.poolName,
        namespace: backend.pool.poolNamespace === this.routeNamespace ? undefined : backend.pool.poolNamespace,
        weight: backend.weight ?? 1,
      })),
      timeouts: { request: timeout },
    });
  }

  /** @internal */
  public _toSpec(): any {
    return {
      parentRefs: parentRefs(this.gateway, this._sectionNames),
      hostnames: this._hostnames.length === 0 ? undefined : [...this._hostnames],
      rules: this.rules.map(rule => ({ ...rule })),
    };
  }
}
