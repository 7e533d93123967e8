import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendService } from '../gateway-api/backend';
import { IGateway, IGatewayRoute, RouteKind } from '../gateway-api/gateway';
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

const KIND = 'GrpcTcpRoute';

/** Options of a `GrpcTcpRoute`. */
export interface GrpcTcpRouteProps {
  /** The gateway the route attaches to; the TCPRoute apiVersion follows its Gateway API version. */
  readonly gateway: IGateway;

  /** The gRPC Service: `BackendService.fromName(name, namespace, port)` or `BackendService.fromService(service)`. */
  readonly backend: BackendService;

  /**
   * The TCPRoute's metadata.name.
   *
   * @default - generated from the construct path by the chart
   */
  readonly name?: string;

  /**
   * The TCPRoute's namespace. A backend in another namespace gets a ReferenceGrant there that admits
   * exactly TCPRoutes from this namespace to that Service.
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;

  /**
   * The listener to attach to.
   *
   * @default - the gateway's default for TCPRoutes (`IGateway.defaultSectionNames`): on an NvcfGateway its TCP
   * listener (`tcp`); on another gateway, every listener that admits TCPRoutes
   */
  readonly sectionName?: string;

  /**
   * Annotations of the TCPRoute.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A TCPRoute that forwards everything arriving on the gateway's TCP listener (port 10081) to the gRPC
 * Service: no hostname matching. Its apiVersion follows the gateway's Gateway API version (`v1alpha2` on
 * v1.2, `v1` on v1.6), and it gets the ReferenceGrant its backend needs.
 */
export class GrpcTcpRoute extends Construct implements IGatewayRoute, IPolicyTarget {
  /** The gateway the route attaches to. */
  public readonly gateway: IGateway;

  /** The TCPRoute's namespace. */
  public readonly routeNamespace: string;

  /** The route's kind: TCPRoute. */
  public readonly routeKind = RouteKind.TCP_ROUTE;

  /** The gRPC Service. */
  public readonly backend: BackendService;

  /** The generated TCPRoute object. */
  public readonly apiObject: ApiObject;

  private readonly _sectionName?: string;

  public constructor(scope: Construct, id: string, props: GrpcTcpRouteProps) {
    super(scope, id);
    this.gateway = props.gateway;
    this.routeNamespace = props.namespace ?? props.gateway.gatewayNamespace;
    this.backend = props.backend;
    this._sectionName = props.sectionName;

    failIf(this, KIND, checkDnsLabel('namespace', this.routeNamespace));
    if (props.name !== undefined) failIf(this, KIND, checkDnsSubdomain('name', props.name));
    if (props.sectionName !== undefined) failIf(this, KIND, checkDnsLabel('sectionName', props.sectionName));
    if (props.backend === undefined) {
      throw constructError(this, KIND, "backend is missing. Pass one, for example BackendService.fromName('grpc-proxy', 'nvcf', 10081).");
    }
    failIf(this, KIND, props.backend.problem('backend'));
    failIf(this, KIND, checkAnnotations('annotations', props.annotations));

    const classes = gatewayApiClasses(this.gateway.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    this.apiObject = emitSchemaDefaults(new classes.TcpRoute(this, 'Resource', {
      metadata: {
        ...(props.name === undefined ? {} : { name: props.name }), namespace: this.routeNamespace, annotations: sortedMap(props.annotations),
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'gateway-api', classes.release);

    reachBackend(this, GrantFrom.tcpRoutes(this.routeNamespace), this.backend, this.gateway);
    this.gateway.registerRoute(this);
    this.node.addValidation({
      validate: () => attachmentProblems(this.gateway, this, this.routeNamespace, this._sectionName !== undefined)
        .map(problem => constructProblem(this, KIND, problem)),
    });
  }

  /** The listeners the route attaches to. */
  public get sectionNames(): string[] {
    if (this._sectionName !== undefined) return [this._sectionName];
    return this.gateway.defaultSectionNames(RouteKind.TCP_ROUTE, []);
  }

  /** The TCPRoute's namespace, where policies on it live. */
  public get policyTargetNamespace(): string {
    return this.routeNamespace;
  }

  /** `TCPRoute '<namespace>/<name>'`. */
  public get policyTargetDescription(): string {
    return `TCPRoute '${this.routeNamespace}/${this.apiObject.name}'`;
  }

  /** The TCPRoute. */
  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: 'TCPRoute', name: this.apiObject.name }];
  }

  /** A TCPRoute matches no hostname: empty. */
  public get hostnames(): string[] {
    return [];
  }

  /** @internal */
  public _toSpec(): any {
    return {
      parentRefs: parentRefs(this.gateway, this.sectionNames),
      rules: [{ backendRefs: [serviceBackendRef(this.backend)] }],
    };
  }
}
