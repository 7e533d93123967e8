import { Construct } from 'constructs';
import { GrpcTcpRoute } from './grpc-tcp-route';
import { HostnameRoute } from './hostname-route';
import { BackendService } from '../gateway-api/backend';
import { IGateway } from '../gateway-api/gateway';
import { checkHostname } from '../gateway-api/hostnames';
import { PathMatch } from '../gateway-api/path-match';
import { constructError, failIf } from '../kubernetes/errors';
import { checkAnnotations } from '../kubernetes/metadata';

const KIND = 'NvcfPlatformRoutes';

/** Overrides for one HTTP route of the NVCF platform. */
export interface PlatformRouteOptions {
  /**
   * The Service the route sends requests to.
   *
   * @default - the NVCF chart's Service for this route (see `NvcfPlatformRoutes`)
   */
  readonly backend?: BackendService;

  /**
   * The subdomain of the route's hostname, `<subdomain>.<domain>`.
   *
   * @default - 'api-keys', 'api', 'invocation' or 'llm.invocation'
   */
  readonly subdomain?: string;

  /**
   * The request paths the route matches.
   *
   * @default [PathMatch.prefix('/')]
   */
  readonly paths?: PathMatch[];

  /**
   * Annotations of this route, besides `routeAnnotations`.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Overrides for the gRPC route of the NVCF platform. */
export interface PlatformGrpcRouteOptions {
  /**
   * The gRPC Service.
   *
   * @default BackendService.fromName('grpc-proxy', 'nvcf', 10081)
   */
  readonly backend?: BackendService;

  /**
   * Annotations of this route, besides `routeAnnotations`.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Options of `NvcfPlatformRoutes`. */
export interface NvcfPlatformRoutesProps {
  /** The gateway the routes attach to: an `NvcfGateway`, or an existing Gateway (`Gateway.fromGatewayAttributes()`). */
  readonly gateway: IGateway;

  /**
   * The domain the route hostnames are built from.
   *
   * @default - the NvcfGateway's domain (required for other gateways)
   */
  readonly domain?: string;

  /**
   * The namespace of the routes. Backends in other namespaces get narrow ReferenceGrants.
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;

  /**
   * The API Keys route, `api-keys.<domain>`.
   *
   * @default - to BackendService.fromName('api-keys', 'api-keys', 8080)
   */
  readonly apiKeys?: PlatformRouteOptions;

  /**
   * The NVCF API route, `api.<domain>`.
   *
   * @default - to BackendService.fromName('nvcf-api', 'nvcf', 8080)
   */
  readonly nvcfApi?: PlatformRouteOptions;

  /**
   * The invocation route, `invocation.<domain>`.
   *
   * @default - to BackendService.fromName('invocation-service', 'nvcf', 8080)
   */
  readonly invocation?: PlatformRouteOptions;

  /**
   * The optional LLM invocation route, `llm.invocation.<domain>` (OpenAI-compatible requests such as
   * `/v1/chat/completions`). Pass `{}` to enable it with its defaults.
   *
   * @default - no LLM invocation route; when enabled, to BackendService.fromName('invocation-service', 'nvcf', 8080)
   */
  readonly llmInvocation?: PlatformRouteOptions;

  /**
   * The gRPC route on the TCP listener.
   *
   * @default - to BackendService.fromName('grpc-proxy', 'nvcf', 10081)
   */
  readonly grpc?: PlatformGrpcRouteOptions;

  /**
   * Annotations on every route, for example for external-dns (the chart's `routeAnnotations`).
   *
   * @default - none
   */
  readonly routeAnnotations?: { [key: string]: string };
}

/**
 * The NVCF platform's whole route set in one call, as the `nvcf-gateway-routes` chart creates it: HTTPRoutes
 * for API Keys (`api-keys.<domain>`), the NVCF API (`api.<domain>`) and invocation (`invocation.<domain>`),
 * the optional LLM invocation route (`llm.invocation.<domain>`), the gRPC TCPRoute, and the ReferenceGrants
 * they need. Service names, namespaces and ports are defaults that can be overridden.
 */
export class NvcfPlatformRoutes extends Construct {
  /** The API Keys route. */
  public readonly apiKeys: HostnameRoute;
  /** The NVCF API route. */
  public readonly nvcfApi: HostnameRoute;
  /** The invocation route. */
  public readonly invocation: HostnameRoute;
  /** The LLM invocation route, when enabled. */
  public readonly llmInvocation?: HostnameRoute;
  /** The gRPC route. */
  public readonly grpc: GrpcTcpRoute;
  /** The domain the hostnames were built from. */
  public readonly domain: string;

  public constructor(scope: Construct, id: string, props: NvcfPlatformRoutesProps) {
    super(scope, id);
    const gateway = props.gateway;
    const domain = props.domain ?? gateway.routeDomain();
    if (domain === undefined) {
      throw constructError(this, KIND, `domain is missing: Gateway '${gateway.gatewayNamespace}/${gateway.gatewayName}' ` +
        "has no domain of its own (an NvcfGateway has). Pass domain, for example 'nvcf.example.com'.");
    }
    failIf(this, KIND, checkHostname('domain', domain));
    this.domain = domain;
    const routeAnnotations = props.routeAnnotations ?? {};
    failIf(this, KIND, checkAnnotations('routeAnnotations', routeAnnotations));

    const annotations = (routeId: string, own: { [key: string]: string } = {}) => {
      for (const [key, value] of Object.entries(own)) {
        if (routeAnnotations[key] !== undefined && routeAnnotations[key] !== value) {
          throw constructError(this, KIND, `${routeId}.annotations '${key}: ${value}' conflicts with routeAnnotations ` +
            `'${key}: ${routeAnnotations[key]}'. Set it in one place only.`);
        }
      }
      return { ...routeAnnotations, ...own };
    };

    const http = (routeId: string, subdomain: string, backend: BackendService, options: PlatformRouteOptions = {}) =>
      new HostnameRoute(this, routeId, {
        gateway,
        name: routeId,
        namespace: props.namespace,
        hostnames: [`${options.subdomain ?? subdomain}.${domain}`],
        backend: options.backend ?? backend,
        paths: options.paths,
        annotations: annotations(routeId, options.annotations),
      });

    this.apiKeys = http('api-keys', 'api-keys', BackendService.fromName('api-keys', 'api-keys', 8080), props.apiKeys);
    this.nvcfApi = http('nvcf-api', 'api', BackendService.fromName('nvcf-api', 'nvcf', 8080), props.nvcfApi);
    this.invocation = http('invocation', 'invocation', BackendService.fromName('invocation-service', 'nvcf', 8080), props.invocation);
    if (props.llmInvocation !== undefined) {
      this.llmInvocation = http('llm-invocation', 'llm.invocation',
        BackendService.fromName('invocation-service', 'nvcf', 8080), props.llmInvocation);
    }
    this.grpc = new GrpcTcpRoute(this, 'grpc', {
      gateway,
      name: 'grpc',
      namespace: props.namespace,
      backend: props.grpc?.backend ?? BackendService.fromName('grpc-proxy', 'nvcf', 10081),
      annotations: annotations('grpc', props.grpc?.annotations),
    });
  }
}
