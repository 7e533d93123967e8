import { ENVOY_GATEWAY_CONTROLLER } from '../kubernetes/well-known';

/** The Gateway API `GatewayController` pattern: a domain prefix, '/', then a path. */
const CONTROLLER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/**
 * The GatewayClass of an `NvcfGateway`: one the gateway creates for a controller (Envoy Gateway by
 * default, any Gateway API controller works), or one that already exists in the cluster.
 */
export class NvcfGatewayClass {
  /**
   * Creates a GatewayClass for Envoy Gateway (`gateway.envoyproxy.io/gatewayclass-controller`), as in the
   * NVCF quickstart.
   *
   * @param name the GatewayClass name
   */
  public static envoyGateway(name: string = 'eg'): NvcfGatewayClass {
    return new NvcfGatewayClass(name, ENVOY_GATEWAY_CONTROLLER);
  }

  /**
   * Creates a GatewayClass for any Gateway API controller, for example Istio (`istio.io/gateway-controller`)
   * or Traefik (`traefik.io/gateway-controller`).
   *
   * @param name the GatewayClass name
   * @param controllerName the controller's name, a domain-prefixed path
   */
  public static forController(name: string, controllerName: string): NvcfGatewayClass {
    return new NvcfGatewayClass(name, controllerName);
  }

  /**
   * References a GatewayClass that already exists in the cluster, for example one the controller's Helm
   * chart installed. Nothing is created.
   *
   * @param name the GatewayClass name
   */
  public static fromExisting(name: string): NvcfGatewayClass {
    return new NvcfGatewayClass(name, undefined);
  }

  private constructor(
    /** The GatewayClass name, the Gateway's `gatewayClassName`. */
    public readonly name: string,
    /**
     * The controller of a GatewayClass the gateway creates.
     *
     * @default - an existing GatewayClass: nothing is created
     */
    public readonly controllerName?: string,
  ) {}

  /** @internal */
  public _controllerProblem(): string | undefined {
    if (this.controllerName === undefined) return undefined;
    if (this.controllerName.length <= 253 && CONTROLLER_NAME.test(this.controllerName)) return undefined;
    return `gatewayClass controllerName '${this.controllerName}' is not a valid controller name (a lower-case domain, ` +
      `'/', then a path, at most 253 characters). Use, for example, '${ENVOY_GATEWAY_CONTROLLER}'.`;
  }
}
