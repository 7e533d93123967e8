import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { IEndpointPicker } from './endpoint-picker';

import { constructError } from '../kubernetes/errors';
import { INFERENCE_GROUP } from '../kubernetes/well-known';

/** The Gateway implementations whose per-pool needs the library knows. */
export enum InferenceGatewayKind {
  /** No particular implementation: only the pool and its picker. */
  NONE = 'none',
  /** Istio. */
  ISTIO = 'istio',
  /** GKE Gateway. */
  GKE = 'gke',
  /** kgateway. */
  KGATEWAY = 'kgateway',
  /** Agentgateway. */
  AGENTGATEWAY = 'agentgateway',
  /** Envoy Gateway, with or without Envoy AI Gateway. */
  ENVOY_GATEWAY = 'envoy-gateway',
}

/**
 * Options of the GKE objects of a pool.
 */
export interface GkeProviderOptions {
  /**
   * The HTTP path the load balancer's health check requests on the model servers.
   *
   * @default '/health' (vLLM's health endpoint)
   */
  readonly healthCheckPath?: string;

  /**
   * The backend timeout of the load balancer: how long a request (a whole generation) may take.
   *
   * @default Duration.minutes(5)
   */
  readonly backendTimeout?: Duration;

  /**
   * Whether the load balancer logs every request.
   *
   * @default true
   */
  readonly logging?: boolean;
}

/** What a provider needs to know about a pool to emit its objects. */
export interface ProviderPoolInfo {
  readonly poolName: string;
  readonly poolNamespace: string;
  readonly targetPorts: number[];
  readonly picker: IEndpointPicker;
}

/**
 * The Gateway implementation that serves an InferencePool, which selects the extra objects the upstream guides
 * and the upstream `inferencepool` Helm chart create with each pool:
 *
 * - Istio: a DestinationRule (`networking.istio.io/v1`) for the endpoint picker's Service, so the gateway calls it
 *   over TLS without verifying its self-signed certificate.
 * - GKE: a HealthCheckPolicy and a GCPBackendPolicy (`networking.gke.io/v1`) targeting the pool.
 * - kgateway, Agentgateway and Envoy Gateway: nothing per pool. They are enabled for InferencePools once, when
 *   they are installed (kgateway / agentgateway Helm value `inferenceExtension.enabled=true`; Envoy Gateway with
 *   InferencePool registered as an extension backend resource, as the Envoy AI Gateway install does).
 */
export class InferenceGatewayProvider {
  /** No provider-specific objects (the upstream chart's `provider.name=none`). */
  public static none(): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.NONE, undefined);
  }

  /** Istio: a DestinationRule that lets the gateway reach the endpoint picker over TLS. */
  public static istio(): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.ISTIO, undefined);
  }

  /** GKE Gateway: a HealthCheckPolicy and a GCPBackendPolicy for the pool. */
  public static gke(options: GkeProviderOptions = {}): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.GKE, options);
  }

  /** kgateway: nothing per pool (enable the inference extension when installing kgateway). */
  public static kgateway(): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.KGATEWAY, undefined);
  }

  /** Agentgateway: nothing per pool (install it with `inferenceExtension.enabled=true`). */
  public static agentgateway(): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.AGENTGATEWAY, undefined);
  }

  /**
   * Envoy Gateway (and Envoy AI Gateway): nothing per pool. Envoy Gateway must list InferencePool among its
   * extension manager's backend resources, which the Envoy AI Gateway installation configures.
   */
  public static envoyGateway(): InferenceGatewayProvider {
    return new InferenceGatewayProvider(InferenceGatewayKind.ENVOY_GATEWAY, undefined);
  }

  private constructor(
    /** Which implementation. */
    public readonly kind: InferenceGatewayKind,
    private readonly gkeOptions: GkeProviderOptions | undefined,
  ) {}

  /** @internal emits the provider's objects for one pool, as children of the pool */
  public _emit(pool: Construct, info: ProviderPoolInfo): void {
    const labels = { 'app.kubernetes.io/part-of': info.poolName };
    switch (this.kind) {
      case InferenceGatewayKind.ISTIO:
        // Kind not in the pinned CRDs: emitted as a plain ApiObject.
        new ApiObject(pool, 'DestinationRule', {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: info.picker.serviceName, namespace: info.poolNamespace, labels },
          spec: {
            host: `${info.picker.serviceName}.${info.poolNamespace}.svc.cluster.local`,
            trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } },
          },
        });
        return;
      case InferenceGatewayKind.GKE: {
        const options = this.gkeOptions ?? {};
        const path = options.healthCheckPath ?? '/health';
        if (!path.startsWith('/')) {
          throw constructError(pool, 'InferencePool', `provider gke healthCheckPath '${path}' does not start with '/'. Use '/${path}'.`);
        }
        const timeoutMs = (options.backendTimeout ?? Duration.minutes(5)).toMilliseconds();
        const timeoutSec = timeoutMs / 1000;
        if (!Number.isInteger(timeoutSec) || timeoutSec < 1) {
          throw constructError(pool, 'InferencePool', `provider gke backendTimeout ${timeoutSec}s is not a whole number of ` +
            'seconds of at least 1. Use, for example, Duration.minutes(5).');
        }
        const targetRef = { group: INFERENCE_GROUP, kind: 'InferencePool', name: info.poolName };
        // Kinds not in the pinned CRDs: emitted as plain ApiObjects.
        new ApiObject(pool, 'HealthCheckPolicy', {
          apiVersion: 'networking.gke.io/v1',
          kind: 'HealthCheckPolicy',
          metadata: { name: info.poolName, namespace: info.poolNamespace, labels },
          spec: {
            targetRef,
            default: {
              // Faster than the default 5 s, so traffic moves quickly during a model-server rollout.
              timeoutSec: 2,
              checkIntervalSec: 2,
              config: { type: 'HTTP', httpHealthCheck: { requestPath: path, port: info.targetPorts[0] } },
            },
          },
        });
        new ApiObject(pool, 'GCPBackendPolicy', {
          apiVersion: 'networking.gke.io/v1',
          kind: 'GCPBackendPolicy',
          metadata: { name: info.poolName, namespace: info.poolNamespace, labels },
          spec: {
            targetRef,
            default: { timeoutSec, logging: { enabled: options.logging ?? true } },
          },
        });
        return;
      }
      default:
        return;
    }
  }
}
